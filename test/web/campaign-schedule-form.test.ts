// The campaign wizard's schedule step builds the schedule JSON in the browser; every kind it can
// produce must be what the server's parser accepts, and wall times must land on the right instant.
import { describe, expect, it } from 'vitest';
import { parseScheduleSpec } from '../../src/modules/schedule/index.js';
import { initialScheduleForm, scheduleProblems, scheduleSpec, zonedInstant, type ScheduleForm } from '../../src/web/client/screens/campaigns/schedule-form.js';

const NOW = new Date('2026-05-01T00:00:00Z');
const base: ScheduleForm = { ...initialScheduleForm(NOW, 'Asia/Shanghai'), date: '2027-02-06', time: '09:00', holiday: 'mid-autumn' };

describe('campaign wizard schedule form', () => {
  it('reads a wall time in its zone, across offsets and daylight saving', () => {
    expect(zonedInstant('2027-02-06', '09:00', 'Asia/Shanghai')).toBe('2027-02-06T01:00:00Z');
    expect(zonedInstant('2027-07-01', '09:00', 'America/New_York')).toBe('2027-07-01T13:00:00Z');
    expect(zonedInstant('2027-01-15', '09:00', 'America/New_York')).toBe('2027-01-15T14:00:00Z');
    expect(zonedInstant('2027-03-28', '00:30', 'Europe/London')).toBe('2027-03-28T00:30:00Z');
    // 02:30 does not exist on the spring-forward day in New York: read with the offset before it.
    expect(zonedInstant('2027-03-14', '02:30', 'America/New_York')).toBe('2027-03-14T07:30:00Z');
  });

  it('every kind, with each option, is a schedule the server accepts; now is no schedule', () => {
    const forms: [ScheduleForm, 'email' | 'sms'][] = [
      [{ ...base, kind: 'at', quietHoursEmail: true }, 'email'],
      [{ ...base, kind: 'local' }, 'sms'],
      [{ ...base, kind: 'birthday', time: '08:30' }, 'sms'],
      [{ ...base, kind: 'holiday' }, 'email'],
      [{ ...base, kind: 'holiday', localPerRecipient: true }, 'sms'],
      [{ ...base, kind: 'recurring', every: 'day' }, 'email'],
      [{ ...base, kind: 'recurring', every: 'week', weekday: 5 }, 'email'],
      [{ ...base, kind: 'recurring', every: 'month', dayOfMonth: 'last', localPerRecipient: true }, 'sms'],
      [{ ...base, kind: 'recurring', every: 'month', dayOfMonth: '15' }, 'sms'],
      [{ ...base, kind: 'recurring', useCron: true, cron: ' 0  9 * * 1-5 ' }, 'email'],
    ];
    for (const [form, channel] of forms) {
      expect(scheduleProblems(form, NOW), form.kind).toEqual([]);
      const spec = scheduleSpec(form, channel);
      expect(spec, form.kind).not.toBeNull();
      expect(parseScheduleSpec(spec)).toMatchObject(spec!);
    }
    expect(scheduleSpec({ ...base, kind: 'at' }, 'email')).toEqual({ kind: 'at', at: '2027-02-06T01:00:00Z' });
    expect(scheduleSpec({ ...base, kind: 'recurring', every: 'month', dayOfMonth: '15' }, 'sms')).toEqual({ kind: 'recurring', every: 'month', time: '09:00', dayOfMonth: 15, timeZone: 'Asia/Shanghai' });
    // Quiet hours are an email option; SMS always waits them out.
    expect(scheduleSpec({ ...base, kind: 'local', quietHoursEmail: true }, 'sms')).toEqual({ kind: 'local', date: '2027-02-06', time: '09:00' });
    expect(scheduleSpec({ ...base, kind: 'now' }, 'email')).toBeNull();
  });

  it('names what to fix: missing holiday, bad time or cron, an unknown zone, an instant already past', () => {
    expect(scheduleProblems({ ...base, kind: 'holiday', holiday: '' }, NOW)).toEqual(['holiday']);
    expect(scheduleProblems({ ...base, kind: 'birthday', time: '9' }, NOW)).toEqual(['time']);
    expect(scheduleProblems({ ...base, kind: 'recurring', useCron: true, cron: '0 9 *' }, NOW)).toEqual(['cron']);
    expect(scheduleProblems({ ...base, kind: 'at', timeZone: 'Mars/Olympus' }, NOW)).toEqual(['timeZone']);
    expect(scheduleProblems({ ...base, kind: 'at', date: '2026-04-30' }, NOW)).toEqual(['past']);
    expect(scheduleProblems({ ...base, kind: 'now', time: '' }, NOW)).toEqual([]);
  });
});

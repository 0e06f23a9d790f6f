// The schedule step's time-zone picker: grouped by region with common zones first, searchable,
// and starting in the company's zone rather than the browser's.
import { describe, expect, it } from 'vitest';
import { parseScheduleSpec } from '../../src/modules/schedule/index.js';
import { initialScheduleForm, scheduleProblems, scheduleSpec, withDefaultZone } from '../../src/web/client/screens/campaigns/schedule-form.js';
import { COMMON_ZONES, groupTimeZones, zoneLabel } from '../../src/web/client/ui/time-zones.js';
import { quietHoldOf } from '../../src/web/client/screens/campaigns/pause-reason.js';

const ZONES = ['Africa/Cairo', 'America/New_York', 'America/Sao_Paulo', 'Asia/Shanghai', 'Asia/Kathmandu', 'Asia/Ho_Chi_Minh', 'Europe/Berlin', 'Europe/Lisbon', 'Pacific/Auckland', 'UTC'];

describe('time-zone picker', () => {
  it('puts common zones first and groups the rest by region, each zone once', () => {
    const { common, groups } = groupTimeZones(ZONES);
    expect(common.slice(0, 1)).toEqual(['Asia/Shanghai']);
    expect(common).toContain('Europe/Berlin');
    expect(groups.map((g) => g.region)).toEqual(['Africa', 'America', 'Asia', 'Europe', 'Pacific']);
    expect(groups.find((g) => g.region === 'Asia')?.zones).toEqual(['Asia/Ho_Chi_Minh', 'Asia/Kathmandu']);
    const all = [...common, ...groups.flatMap((g) => g.zones)];
    expect(new Set(all).size).toBe(all.length);
    expect(COMMON_ZONES[0]).toBe('Asia/Shanghai');
  });

  it('narrows to what the search matches, keeping the selected zone', () => {
    const { common, groups, matched } = groupTimeZones(ZONES, 'ho chi', ['Europe/Lisbon']);
    expect(common).toEqual(['Europe/Lisbon']);
    expect(matched).toBe(1);
    expect(groupTimeZones(ZONES, 'Berlin', ['Asia/Shanghai'])).toMatchObject({ common: ['Asia/Shanghai', 'Europe/Berlin'], groups: [], matched: 1 });
    expect(groupTimeZones(ZONES, 'Atlantis', ['Asia/Shanghai'])).toMatchObject({ common: ['Asia/Shanghai'], matched: 0 });
    expect(groups).toEqual([{ region: 'Asia', zones: ['Asia/Ho_Chi_Minh'] }]);
    expect(zoneLabel('Asia/Ho_Chi_Minh')).toBe('Ho Chi Minh (Asia)');
  });

  it("starts in the company's zone unless the reader chose one", () => {
    const form = initialScheduleForm(new Date('2026-12-07T00:00:00Z'), 'America/Los_Angeles');
    expect(withDefaultZone(form, 'Asia/Shanghai').timeZone).toBe('Asia/Shanghai');
    expect(withDefaultZone({ ...form, timeZone: 'Europe/Berlin', zoneChosen: true }, 'Asia/Shanghai').timeZone).toBe('Europe/Berlin');
    expect(withDefaultZone(form, null).timeZone).toBe('America/Los_Angeles');
    expect(withDefaultZone(form, 'Not/AZone').timeZone).toBe('America/Los_Angeles');
  });
});

describe('holiday schedule: once or every year', () => {
  const base = { ...initialScheduleForm(new Date('2026-12-07T00:00:00Z'), 'Asia/Shanghai'), kind: 'holiday' as const, holiday: 'spring-festival' };
  it('once is a one-off spec the server accepts; every year stays the default', () => {
    const once = scheduleSpec({ ...base, holidayEveryYear: false, holidayYear: 2027 }, 'email');
    expect(once).toEqual({ kind: 'holiday', holiday: 'spring-festival', time: '09:00', everyYear: false, year: 2027, timeZone: 'Asia/Shanghai' });
    expect(parseScheduleSpec(once)).toMatchObject({ everyYear: false, year: 2027 });
    expect(scheduleSpec(base, 'email')).not.toHaveProperty('everyYear');
    expect(scheduleProblems({ ...base, holidayEveryYear: false, holidayYear: null })).toEqual(['holiday']);
  });
});

describe('quiet-hour holds', () => {
  it('a message held for quiet hours reads as waiting until the morning on the recipient clock', () => {
    const held = { state: 'deferred', errorCode: 'SEND_QUIET_HOURS', nextAttemptAt: Date.parse('2027-02-06T00:00:00Z'), customerTimeZone: 'Asia/Shanghai' };
    expect(quietHoldOf(held)).toEqual({ time: '08:00', zone: 'Asia/Shanghai' });
    expect(quietHoldOf({ ...held, customerTimeZone: 'Europe/Berlin', nextAttemptAt: Date.parse('2027-02-06T07:00:00Z') })).toEqual({ time: '08:00', zone: 'Europe/Berlin' });
  });

  it('a real deferral or failure is not a hold', () => {
    expect(quietHoldOf({ state: 'deferred', errorCode: 'SEND_SMTP_TEMPORARY', nextAttemptAt: 1, customerTimeZone: null })).toBeNull();
    expect(quietHoldOf({ state: 'failed', errorCode: 'SEND_QUIET_HOURS', nextAttemptAt: 1, customerTimeZone: null })).toBeNull();
  });
});

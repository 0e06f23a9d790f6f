import { describe, expect, it } from 'vitest';
import { parseScheduleSpec, planWaves } from '../../src/modules/schedule/index.js';

const D = 'Asia/Shanghai';
const after = new Date('2026-12-07T00:00:00Z');
const view = (plan: ReturnType<typeof planWaves>) => ({
  next: plan.next?.toISOString() ?? null,
  waves: plan.waves.map((w) => ({ zone: w.zone, recipients: w.recipients, at: w.at.toISOString(), local: `${w.localDate} ${w.localTime}` })),
});

describe('planWaves: the next send grouped by the audience\'s time zones', () => {
  const zones = ['Asia/Shanghai', 'Europe/Berlin', null, 'Asia/Shanghai', 'Not/AZone', 'Europe/Berlin', 'Asia/Shanghai'];

  it('per recipient: one wave per zone at 09:00 on each clock, with counts (no zone → the default)', () => {
    const spec = parseScheduleSpec({ kind: 'holiday', holiday: 'spring-festival', time: '09:00', everyYear: false, year: 2027, localPerRecipient: true });
    expect(view(planWaves(spec, zones, { defaultZone: D, after }))).toEqual({
      next: '2027-02-06T01:00:00.000Z',
      waves: [
        { zone: 'Asia/Shanghai', recipients: 5, at: '2027-02-06T01:00:00.000Z', local: '2027-02-06 09:00' },
        { zone: 'Europe/Berlin', recipients: 2, at: '2027-02-06T08:00:00.000Z', local: '2027-02-06 09:00' },
      ],
    });
  });

  it('one instant for everybody: each zone is told what its own clock shows then', () => {
    const spec = parseScheduleSpec({ kind: 'holiday', holiday: 'spring-festival', time: '09:00', timeZone: 'Asia/Shanghai' });
    expect(view(planWaves(spec, zones, { defaultZone: D, after }))).toEqual({
      next: '2027-02-06T01:00:00.000Z',
      waves: [
        { zone: 'Asia/Shanghai', recipients: 5, at: '2027-02-06T01:00:00.000Z', local: '2027-02-06 09:00' },
        { zone: 'Europe/Berlin', recipients: 2, at: '2027-02-06T01:00:00.000Z', local: '2027-02-06 02:00' },
      ],
    });
  });

  it('a one-off whose day has passed has no next send', () => {
    const spec = parseScheduleSpec({ kind: 'holiday', holiday: 'spring-festival', time: '09:00', everyYear: false, year: 2026 });
    expect(view(planWaves(spec, zones, { defaultZone: D, after }))).toEqual({ next: null, waves: [] });
  });

  it('an empty audience still says when the schedule fires', () => {
    const spec = parseScheduleSpec({ kind: 'at', at: '2027-01-05T02:00:00Z' });
    expect(view(planWaves(spec, [], { defaultZone: D, after }))).toEqual({ next: '2027-01-05T02:00:00.000Z', waves: [] });
  });
});

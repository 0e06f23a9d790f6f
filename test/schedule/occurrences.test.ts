import { describe, expect, it } from 'vitest';
import {
  birthdayIn,
  cronOf,
  isBirthdayOn,
  nextOccurrences,
  parseScheduleSpec,
  quietHoursDelay,
  waveTimes,
  wallTimeToInstant,
  type ScheduleSpec,
} from '../../src/modules/schedule/index.js';

const D = 'Asia/Shanghai';
const iso = (d: Date) => d.toISOString();
const next = (spec: unknown, after: string, count = 3, zones?: (string | null)[]) =>
  nextOccurrences(parseScheduleSpec(spec), new Date(after), { count, defaultZone: D, ...(zones ? { zones } : {}) }).map((o) => ({
    at: iso(o.at),
    key: o.key,
    ...(o.zone ? { zone: o.zone } : {}),
  }));

describe('parseScheduleSpec', () => {
  it.each([
    { name: 'null means now', input: null, expected: { kind: 'now' } },
    { name: 'JSON text', input: '{"kind":"at","at":"2027-02-06T01:00:00Z"}', expected: { kind: 'at', at: '2027-02-06T01:00:00Z' } },
    { name: 'holiday defaults everyYear', input: { kind: 'holiday', holiday: 'mid-autumn', time: '09:00' }, expected: { kind: 'holiday', holiday: 'mid-autumn', time: '09:00', everyYear: true } },
  ])('$name', ({ input, expected }) => {
    expect(parseScheduleSpec(input)).toEqual(expected);
  });

  it.each([
    { name: 'unknown kind', input: { kind: 'sometimes' } },
    { name: 'bad time', input: { kind: 'local', date: '2027-02-06', time: '9am' } },
    { name: 'bad zone', input: { kind: 'recurring', every: 'day', time: '09:00', timeZone: 'Mars/Olympus' } },
    { name: 'cron and every', input: { kind: 'recurring', cron: '0 9 * * *', every: 'day', time: '09:00' } },
    { name: 'week without weekday', input: { kind: 'recurring', every: 'week', time: '09:00' } },
    { name: 'unknown holiday', input: { kind: 'holiday', holiday: 'festivus', time: '09:00' } },
    { name: 'not JSON', input: '{kind:' },
  ])('refuses $name with SCHEDULE_INVALID', ({ input }) => {
    expect(() => parseScheduleSpec(input)).toThrow(expect.objectContaining({ code: 'SCHEDULE_INVALID' }));
  });

  it('refuses a bad cron with SCHEDULE_BAD_CRON when it is used', () => {
    const spec = parseScheduleSpec({ kind: 'recurring', cron: '61 9 * * *' });
    expect(() => nextOccurrences(spec, new Date(), { defaultZone: D })).toThrow(expect.objectContaining({ code: 'SCHEDULE_BAD_CRON' }));
    const seconds = parseScheduleSpec({ kind: 'recurring', cron: '* * * * * *' });
    expect(() => nextOccurrences(seconds, new Date(), { defaultZone: D })).toThrow(expect.objectContaining({ code: 'SCHEDULE_BAD_CRON' }));
  });
});

describe('nextOccurrences for every kind', () => {
  it('now fires right away', () => {
    expect(next({ kind: 'now' }, '2027-01-01T00:00:00Z', 1)).toEqual([{ at: '2027-01-01T00:00:00.000Z', key: 'now' }]);
  });

  it('at fires once, only when still ahead', () => {
    expect(next({ kind: 'at', at: '2027-02-06T09:00:00+08:00' }, '2027-01-01T00:00:00Z')).toEqual([
      { at: '2027-02-06T01:00:00.000Z', key: 'at:2027-02-06T01:00:00.000Z' },
    ]);
    expect(next({ kind: 'at', at: '2027-02-06T09:00:00+08:00' }, '2027-03-01T00:00:00Z')).toEqual([]);
  });

  it('local gives one wave per zone, recipients without a zone in the default zone', () => {
    expect(next({ kind: 'local', date: '2027-02-06', time: '09:00' }, '2027-01-01T00:00:00Z', 5, ['America/New_York', null, 'Europe/Berlin'])).toEqual([
      { at: '2027-02-06T01:00:00.000Z', key: 'local:2027-02-06T09:00@Asia/Shanghai', zone: 'Asia/Shanghai' },
      { at: '2027-02-06T08:00:00.000Z', key: 'local:2027-02-06T09:00@Europe/Berlin', zone: 'Europe/Berlin' },
      { at: '2027-02-06T14:00:00.000Z', key: 'local:2027-02-06T09:00@America/New_York', zone: 'America/New_York' },
    ]);
  });

  it('recurring: daily at 09:00, every Monday, first day of the month, last day, cron', () => {
    expect(next({ kind: 'recurring', every: 'day', time: '09:00' }, '2027-01-01T02:00:00Z', 2).map((o) => o.at)).toEqual([
      '2027-01-02T01:00:00.000Z',
      '2027-01-03T01:00:00.000Z',
    ]);
    expect(next({ kind: 'recurring', every: 'week', weekday: 'mon', time: '09:00' }, '2027-01-01T00:00:00Z', 2).map((o) => o.key)).toEqual([
      'recurring:2027-01-04T09:00',
      'recurring:2027-01-11T09:00',
    ]);
    expect(next({ kind: 'recurring', every: 'month', dayOfMonth: 1, time: '08:30' }, '2027-01-15T00:00:00Z', 2).map((o) => o.key)).toEqual([
      'recurring:2027-02-01T08:30',
      'recurring:2027-03-01T08:30',
    ]);
    expect(next({ kind: 'recurring', every: 'month', dayOfMonth: 'last', time: '18:00' }, '2028-02-01T00:00:00Z', 1).map((o) => o.key)).toEqual([
      'recurring:2028-02-29T18:00',
    ]);
    expect(next({ kind: 'recurring', cron: '0 9 * * 1-5', timeZone: 'Europe/Berlin' }, '2027-01-01T00:00:00Z', 2).map((o) => o.at)).toEqual([
      '2027-01-01T08:00:00.000Z',
      '2027-01-04T08:00:00.000Z',
    ]);
    expect(cronOf({ kind: 'recurring', every: 'week', weekday: 1, time: '09:05' })).toBe('5 9 * * 1');
  });

  it('holiday: 中秋节 every year at 09:00 local', () => {
    expect(next({ kind: 'holiday', holiday: 'mid-autumn', time: '09:00' }, '2026-12-01T00:00:00Z', 3).map((o) => o.key)).toEqual([
      'holiday:mid-autumn:2027-09-15',
      'holiday:mid-autumn:2028-10-03',
      'holiday:mid-autumn:2029-09-22',
    ]);
    expect(
      next({ kind: 'holiday', holiday: 'spring-festival', time: '09:00', localPerRecipient: true }, '2026-12-01T00:00:00Z', 2, ['Europe/Berlin', 'Asia/Shanghai']),
    ).toEqual([
      { at: '2027-02-06T01:00:00.000Z', key: 'holiday:spring-festival:2027-02-06@Asia/Shanghai', zone: 'Asia/Shanghai' },
      { at: '2027-02-06T08:00:00.000Z', key: 'holiday:spring-festival:2027-02-06@Europe/Berlin', zone: 'Europe/Berlin' },
    ]);
  });

  it('birthday: a daily run per zone', () => {
    expect(next({ kind: 'birthday', time: '09:00' }, '2027-01-01T02:00:00Z', 2).map((o) => o.key)).toEqual([
      'birthday-run:2027-01-02@Asia/Shanghai',
      'birthday-run:2027-01-03@Asia/Shanghai',
    ]);
  });
});

describe('waveTimes', () => {
  it('gives each zone of the audience its instant, half-hour and 45-minute offsets included', () => {
    const spec: ScheduleSpec = { kind: 'local', date: '2027-02-06', time: '09:00' };
    expect(waveTimes(spec, ['Asia/Kolkata', 'Asia/Kathmandu', null, 'Asia/Kolkata'], { defaultZone: D }).map((w) => [w.zone, iso(w.at)])).toEqual([
      ['Asia/Shanghai', '2027-02-06T01:00:00.000Z'],
      ['Asia/Kathmandu', '2027-02-06T03:15:00.000Z'],
      ['Asia/Kolkata', '2027-02-06T03:30:00.000Z'],
    ]);
  });
});

describe('DST', () => {
  it('a local time that does not exist (New York, spring forward) fires at 03:30 EDT', () => {
    expect(iso(wallTimeToInstant('2027-03-14', '02:30', 'America/New_York'))).toBe('2027-03-14T07:30:00.000Z');
    const waves = waveTimes({ kind: 'local', date: '2027-03-14', time: '02:30' }, ['America/New_York'], { defaultZone: D });
    expect(iso(waves[0]!.at)).toBe('2027-03-14T07:30:00.000Z');
  });

  it('an ambiguous local time (New York, fall back) fires once, at the first 01:30 (EDT)', () => {
    expect(iso(wallTimeToInstant('2027-11-07', '01:30', 'America/New_York'))).toBe('2027-11-07T05:30:00.000Z');
    const daily = next({ kind: 'recurring', every: 'day', time: '01:30', timeZone: 'America/New_York' }, '2027-11-06T12:00:00Z', 3);
    expect(daily).toEqual([
      { at: '2027-11-07T05:30:00.000Z', key: 'recurring:2027-11-07T01:30' },
      { at: '2027-11-08T06:30:00.000Z', key: 'recurring:2027-11-08T01:30' },
      { at: '2027-11-09T06:30:00.000Z', key: 'recurring:2027-11-09T01:30' },
    ]);
  });

  it('daily at 09:00 New York keeps the wall time across the change', () => {
    expect(next({ kind: 'recurring', every: 'day', time: '09:00', timeZone: 'America/New_York' }, '2027-03-13T00:00:00Z', 2).map((o) => o.at)).toEqual([
      '2027-03-13T14:00:00.000Z',
      '2027-03-14T13:00:00.000Z',
    ]);
  });
});

describe('birthdays and leap days', () => {
  it.each([
    { name: 'ordinary', input: [2027, 5, 17], expected: '2027-05-17' },
    { name: '29 Feb in a leap year', input: [2028, 2, 29], expected: '2028-02-29' },
    { name: '29 Feb in a common year moves to 28 Feb', input: [2027, 2, 29], expected: '2027-02-28' },
    { name: '29 Feb in 2100 (not a leap year)', input: [2100, 2, 29], expected: '2100-02-28' },
    { name: 'impossible date', input: [2027, 4, 31], expected: undefined },
  ])('$name', ({ input, expected }) => {
    const [y, m, d] = input as [number, number, number];
    expect(birthdayIn(y, m, d)).toBe(expected);
  });

  it('a 29 February birthday is celebrated on 28 February only in common years', () => {
    expect(isBirthdayOn('2027-02-28', 2, 29)).toBe(true);
    expect(isBirthdayOn('2028-02-28', 2, 29)).toBe(false);
    expect(isBirthdayOn('2028-02-29', 2, 29)).toBe(true);
  });
});

describe('quietHoursDelay', () => {
  const night = { start: '21:00', end: '08:00' };
  it.each([
    { name: 'daytime passes through', now: '2027-02-06T04:00:00Z', zone: 'Asia/Shanghai', expected: '2027-02-06T04:00:00.000Z' },
    { name: 'evening waits for next morning', now: '2027-02-06T14:00:00Z', zone: 'Asia/Shanghai', expected: '2027-02-07T00:00:00.000Z' },
    { name: 'after midnight waits for this morning', now: '2027-02-06T18:30:00Z', zone: 'Asia/Shanghai', expected: '2027-02-07T00:00:00.000Z' },
    { name: 'window start is quiet', now: '2027-02-06T13:00:00Z', zone: 'Asia/Shanghai', expected: '2027-02-07T00:00:00.000Z' },
    { name: 'window end is allowed', now: '2027-02-07T00:00:00Z', zone: 'Asia/Shanghai', expected: '2027-02-07T00:00:00.000Z' },
    { name: 'Kolkata half-hour offset', now: '2027-02-06T16:00:00Z', zone: 'Asia/Kolkata', expected: '2027-02-07T02:30:00.000Z' },
    { name: 'New York night of spring forward: 08:00 EDT', now: '2027-03-14T05:00:00Z', zone: 'America/New_York', expected: '2027-03-14T12:00:00.000Z' },
  ])('$name', ({ now, zone, expected }) => {
    expect(iso(quietHoursDelay(new Date(now), zone, night))).toBe(expected);
  });

  it('a daytime window (no wrap) and no window', () => {
    const lunch = { start: '12:00', end: '13:30' };
    expect(iso(quietHoursDelay(new Date('2027-02-06T04:30:00Z'), 'Asia/Shanghai', lunch))).toBe('2027-02-06T05:30:00.000Z');
    expect(iso(quietHoursDelay(new Date('2027-02-06T14:00:00Z'), 'Asia/Shanghai', undefined))).toBe('2027-02-06T14:00:00.000Z');
  });
});

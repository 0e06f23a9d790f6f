import { describe, expect, it } from 'vitest';
import { holidayYears, isOneShot, nextOccurrences, parseScheduleSpec, type ScheduleSpec } from '../../src/modules/schedule/index.js';

const D = 'Asia/Shanghai';
const holiday = (extra: Record<string, unknown>) => parseScheduleSpec({ kind: 'holiday', holiday: 'spring-festival', time: '09:00', ...extra });
const keys = (spec: ScheduleSpec, after: string, count = 3) =>
  nextOccurrences(spec, new Date(after), { count, defaultZone: D }).map((o) => o.key);

describe('holiday campaigns: once or every year', () => {
  it('every year (the default) fires on each year\'s 春节', () => {
    expect(keys(holiday({}), '2026-12-07T00:00:00Z')).toEqual([
      'holiday:spring-festival:2027-02-06',
      'holiday:spring-festival:2028-01-26',
      'holiday:spring-festival:2029-02-13',
    ]);
  });

  it('once fires on the chosen year\'s 春节 only', () => {
    const spec = holiday({ everyYear: false, year: 2027 });
    expect(keys(spec, '2026-12-07T00:00:00Z')).toEqual(['holiday:spring-festival:2027-02-06']);
    expect(keys(spec, '2027-02-07T00:00:00Z')).toEqual([]);
    expect(isOneShot(spec)).toBe(true);
    expect(isOneShot(holiday({}))).toBe(false);
  });

  it('a one-off needs its year, and a yearly one refuses one', () => {
    expect(() => holiday({ everyYear: false })).toThrow(/year/);
    expect(() => holiday({ everyYear: true, year: 2027 })).toThrow(/year is only for a one-off/);
  });

  it('holidayYears is the one rule', () => {
    const once = holiday({ everyYear: false, year: 2027 });
    if (once.kind !== 'holiday') throw new Error('holiday expected');
    expect(holidayYears(once, 2026, 2100)).toEqual([2027]);
    expect(holidayYears(once, 2028, 2100)).toEqual([]);
    const yearly = holiday({});
    if (yearly.kind !== 'holiday') throw new Error('holiday expected');
    expect(holidayYears(yearly, 2098, 2100)).toEqual([2098, 2099, 2100]);
  });
});

import { describe, expect, it } from 'vitest';
import {
  gregorianToLunar,
  isLunarBirthdayOn,
  leapMonthOf,
  lunarBirthdayIn,
  lunarBirthdayLabel,
  lunarBirthdaysBetween,
  lunarBirthdaysOn,
  nextLunarBirthday,
  type LunarMonthDay,
} from '../../src/modules/schedule/index.js';
import { referenceLeapMonth, referenceLunarMonth } from '../fixtures/schedule/chinese-years.js';

const YEARS = Array.from({ length: 12 }, (_, i) => 2024 + i);
const addDays = (date: string, days: number): string => new Date(Date.parse(date) + days * 86_400_000).toISOString().slice(0, 10);

/** The rule written against the published table alone: leap month when the year has it, else the ordinary month; day 30 → 29. */
function expected(year: number, b: LunarMonthDay): string {
  const span = (b.leap ? referenceLunarMonth(year, b.month, true) : undefined) ?? referenceLunarMonth(year, b.month, false);
  if (!span) throw new Error('table has no such month');
  return addDays(span.start, Math.min(b.day, span.days) - 1);
}

describe('the yearly rule against the published tables, 2024–2035', () => {
  it('leap months are where the tables put them (2025 闰六月, 2028 闰五月, 2033 闰冬月)', () => {
    expect(YEARS.map((y) => leapMonthOf(y))).toEqual(YEARS.map((y) => referenceLeapMonth(y)));
    expect(leapMonthOf(2025)).toBe(6);
    expect(leapMonthOf(2028)).toBe(5);
  });

  it('every month, day and leap flag lands on the table date', () => {
    const mismatches: string[] = [];
    for (const year of YEARS) {
      for (let month = 1; month <= 12; month++) {
        for (const leap of [false, true]) {
          for (let day = 1; day <= 30; day++) {
            const b = { month, day, leap };
            const got = lunarBirthdayIn(year, b);
            if (got !== expected(year, b)) mismatches.push(`${year} ${leap ? 'L' : ''}${month}-${day}: ${got} vs ${expected(year, b)}`);
          }
        }
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('a 闰六月 birthday is kept in the leap month in 2025 and in the ordinary 六月 in other years', () => {
    const b = { month: 6, day: 10, leap: true };
    expect(lunarBirthdayIn(2025, b)).toBe(addDays(referenceLunarMonth(2025, 6, true)!.start, 9));
    expect(lunarBirthdayIn(2025, b)).not.toBe(lunarBirthdayIn(2025, { month: 6, day: 10, leap: false }));
    for (const year of YEARS.filter((y) => y !== 2025)) expect(lunarBirthdayIn(year, b)).toBe(lunarBirthdayIn(year, { ...b, leap: false }));
    // An ordinary 六月 birthday stays in the ordinary month even in 2025.
    expect(lunarBirthdayIn(2025, { month: 6, day: 10, leap: false })).toBe(addDays(referenceLunarMonth(2025, 6, false)!.start, 9));
  });

  it('a 闰五月 birthday lands in the leap month in 2028', () => {
    expect(lunarBirthdayIn(2028, { month: 5, day: 1, leap: true })).toBe(referenceLunarMonth(2028, 5, true)!.start);
  });

  it('day 30 falls back to day 29 in a 29-day month, and stays 30 in a 30-day month', () => {
    let short = 0;
    let long = 0;
    for (const year of YEARS) {
      for (let month = 1; month <= 12; month++) {
        const span = referenceLunarMonth(year, month, false)!;
        const got = lunarBirthdayIn(year, { month, day: 30, leap: false });
        expect(got).toBe(addDays(span.start, span.days - 1));
        if (span.days === 29) short++;
        else long++;
      }
    }
    expect(short).toBeGreaterThan(10);
    expect(long).toBeGreaterThan(10);
  });
});

describe('from a Gregorian day back to the birthdays celebrated on it', () => {
  it('every day 2024-02-10 … 2036-01-27 converts as the tables say', () => {
    const mismatches: string[] = [];
    for (const year of YEARS) {
      for (let month = 1; month <= 12; month++) {
        for (const leap of [false, true]) {
          const span = referenceLunarMonth(year, month, leap);
          if (!span) continue;
          for (let day = 1; day <= span.days; day++) {
            const got = gregorianToLunar(addDays(span.start, day - 1));
            if (got.year !== year || got.month !== month || got.day !== day || got.leap !== leap) mismatches.push(`${addDays(span.start, day - 1)}`);
          }
        }
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('the birthdays on a day are exactly those the rule puts there', () => {
    for (let i = 0; i < 800; i++) {
      const date = addDays('2024-02-10', i);
      const on = lunarBirthdaysOn(date);
      expect(on.length).toBeGreaterThan(0);
      for (const b of on) expect(isLunarBirthdayOn(date, b)).toBe(true);
      // Neighbours are not.
      for (const b of on) expect(isLunarBirthdayOn(addDays(date, 1), b)).toBe(false);
    }
  });

  it('the 29th of a short month also greets day-30 birthdays; an ordinary 六月 day in 2025 does not greet 闰六月', () => {
    const short = referenceLunarMonth(2024, 1, false)!; // 2024 正月 has 29 days ('s')
    expect(short.days).toBe(29);
    const keys = lunarBirthdaysOn(addDays(short.start, 28)).map((b) => `${b.leap ? 'L' : ''}${b.month}-${b.day}`);
    expect(keys.sort()).toEqual(['1-29', '1-30', 'L1-29', 'L1-30']);
    const ordinaryJune = referenceLunarMonth(2025, 6, false)!;
    expect(lunarBirthdaysOn(addDays(ordinaryJune.start, 4))).toEqual([{ month: 6, day: 5, leap: false }]);
  });

  it('a window lists each birthday once', () => {
    const start = referenceLunarMonth(2026, 8, false)!.start;
    const keys = lunarBirthdaysBetween(start, 6);
    expect(keys.filter((b) => !b.leap).map((b) => b.day)).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it('the next celebration rolls into the next lunar year once passed', () => {
    const midAutumn2026 = expected(2026, { month: 8, day: 15, leap: false });
    expect(nextLunarBirthday(midAutumn2026, { month: 8, day: 15, leap: false })).toEqual({ date: midAutumn2026, lunarYear: 2026 });
    expect(nextLunarBirthday(addDays(midAutumn2026, 1), { month: 8, day: 15, leap: false })).toEqual({
      date: expected(2027, { month: 8, day: 15, leap: false }),
      lunarYear: 2027,
    });
  });
});

describe('labels', () => {
  it('say the lunar day and its Gregorian date both ways', () => {
    const b = { month: 8, day: 15, leap: false };
    expect(lunarBirthdayLabel(b, '2026-09-25', 'zh', 2026)).toBe('农历八月十五（今年 9月25日）');
    expect(lunarBirthdayLabel(b, '2026-09-25', 'en', 2026)).toBe('Lunar 8th month, day 15 (this year: 25 Sep)');
    expect(lunarBirthdayLabel({ month: 4, day: 8, leap: true }, undefined, 'zh')).toBe('农历闰四月初八');
    expect(lunarBirthdayLabel({ month: 12, day: 23, leap: false }, '2027-01-30', 'zh', 2026)).toBe('农历腊月廿三（明年 1月30日）');
    expect(lunarBirthdayLabel({ month: 11, day: 2, leap: true }, undefined, 'en')).toBe('Lunar leap 11th month, day 2');
  });
});

import { describe, expect, it } from 'vitest';
import { holidaysOfYear, lunarToGregorian, solarTermDate } from '../../src/modules/schedule/index.js';
import { CHINESE_YEARS, referenceLunarDate, referenceYearLength } from '../fixtures/schedule/chinese-years.js';
import { solarLongitudeInstant } from '../fixtures/schedule/solar-longitude.js';

const YEARS = Array.from({ length: 101 }, (_, i) => 2000 + i);
const LUNAR_FESTIVALS = [
  { name: '春节', month: 1, day: 1 },
  { name: '元宵节', month: 1, day: 15 },
  { name: '端午节', month: 5, day: 5 },
  { name: '七夕', month: 7, day: 7 },
  { name: '中秋节', month: 8, day: 15 },
  { name: '重阳节', month: 9, day: 9 },
];

/** Published dates (official holiday notices, HKO tables), written out for the years people plan now. */
const PUBLISHED_2024_2030: Record<number, Record<string, string>> = {
  2024: { 春节: '02-10', 元宵节: '02-24', 清明节: '04-04', 端午节: '06-10', 七夕: '08-10', 中秋节: '09-17', 重阳节: '10-11', 除夕: '02-09' },
  2025: { 春节: '01-29', 元宵节: '02-12', 清明节: '04-04', 端午节: '05-31', 七夕: '08-29', 中秋节: '10-06', 重阳节: '10-29', 除夕: '01-28' },
  2026: { 春节: '02-17', 元宵节: '03-03', 清明节: '04-05', 端午节: '06-19', 七夕: '08-19', 中秋节: '09-25', 重阳节: '10-18', 除夕: '02-16' },
  2027: { 春节: '02-06', 元宵节: '02-20', 清明节: '04-05', 端午节: '06-09', 七夕: '08-08', 中秋节: '09-15', 重阳节: '10-08', 除夕: '02-05' },
  2028: { 春节: '01-26', 元宵节: '02-09', 清明节: '04-04', 端午节: '05-28', 七夕: '08-26', 中秋节: '10-03', 重阳节: '10-26', 除夕: '01-25' },
  2029: { 春节: '02-13', 元宵节: '02-27', 清明节: '04-04', 端午节: '06-16', 七夕: '08-16', 中秋节: '09-22', 重阳节: '10-16', 除夕: '02-12' },
  2030: { 春节: '02-03', 元宵节: '02-17', 清明节: '04-05', 端午节: '06-05', 七夕: '08-05', 中秋节: '09-12', 重阳节: '10-05', 除夕: '02-02' },
};

/** 清明 dates from the official holiday notices and HKO tables (spot years). */
const PUBLISHED_QINGMING: Record<number, string> = {
  2008: '04-04', 2009: '04-04', 2020: '04-04', 2021: '04-04', 2022: '04-05', 2023: '04-05',
  2024: '04-04', 2025: '04-04', 2026: '04-05', 2027: '04-05', 2028: '04-04', 2029: '04-04', 2030: '04-05',
};

describe('reference table transcription', () => {
  it('each lunar year runs exactly until the next new year', () => {
    for (const [year] of CHINESE_YEARS.slice(0, -1)) {
      const next = referenceLunarDate(year + 1, 1, 1);
      const start = referenceLunarDate(year, 1, 1);
      const days = (Date.parse(next) - Date.parse(start)) / 86_400_000;
      expect({ year, days }).toEqual({ year, days: referenceYearLength(year) });
    }
  });
});

describe('holidays 2024–2030 match the published dates', () => {
  for (const [year, expected] of Object.entries(PUBLISHED_2024_2030)) {
    it(String(year), () => {
      const got = Object.fromEntries(holidaysOfYear(Number(year)).map((h) => [h.name, h.date.slice(5)]));
      for (const [name, date] of Object.entries(expected)) expect({ name, date: got[name] }).toEqual({ name, date });
      expect(got).toMatchObject({ 元旦: '01-01', 劳动节: '05-01', 国庆节: '10-01', 圣诞节: '12-25' });
    });
  }
});

describe('lunar festivals 2000–2100 match the HKO/PMO tables', () => {
  it.each(LUNAR_FESTIVALS)('$name', ({ month, day }) => {
    const mismatches = YEARS.filter((y) => lunarToGregorian(y, month, day) !== referenceLunarDate(y, month, day)).map(
      (y) => `${y}: got ${lunarToGregorian(y, month, day)}, table ${referenceLunarDate(y, month, day)}`,
    );
    expect(mismatches).toEqual([]);
  });

  it('除夕 is the last day of the twelfth month, the eve of 春节', () => {
    for (const year of YEARS) {
      const eve = holidaysOfYear(year).find((h) => h.key === 'chinese-new-years-eve')?.date;
      const newYear = Date.parse(referenceLunarDate(year, 1, 1));
      expect(eve).toBe(new Date(newYear - 86_400_000).toISOString().slice(0, 10));
    }
  });

  it("avoids ICU's errors near midnight (春节 2027 and 2030)", () => {
    expect(lunarToGregorian(2027, 1, 1)).toBe('2027-02-06');
    expect(lunarToGregorian(2030, 1, 1)).toBe('2030-02-03');
  });
});

describe('清明 (solar longitude 15°)', () => {
  it('matches the published spot dates', () => {
    for (const [year, date] of Object.entries(PUBLISHED_QINGMING)) expect(solarTermDate(Number(year), '清明')).toBe(`${year}-${date}`);
  });

  it('agrees with an independent computation of the Sun for 2000–2100', () => {
    const nearMidnight: number[] = [];
    for (const year of YEARS) {
      const instant = solarLongitudeInstant(15, Date.UTC(year, 3, 4));
      const china = new Date(instant + 8 * 3_600_000);
      const minutesFromMidnight = china.getUTCHours() * 60 + china.getUTCMinutes();
      if (minutesFromMidnight < 60 || minutesFromMidnight > 23 * 60) {
        nearMidnight.push(year);
        continue;
      }
      expect({ year, date: solarTermDate(year, '清明') }).toEqual({ year, date: china.toISOString().slice(0, 10) });
    }
    // Only a handful of years are too close to call with a 15-minute series.
    expect(nearMidnight.length).toBeLessThan(10);
  });
});

describe('holidaysOfYear', () => {
  it('lists every built-in holiday sorted by date with its kind', () => {
    const list = holidaysOfYear(2027);
    expect(list.map((h) => h.date)).toEqual([...list.map((h) => h.date)].sort());
    expect(list.find((h) => h.key === 'mid-autumn')).toEqual({
      key: 'mid-autumn', name: '中秋节', nameEn: 'Mid-Autumn Festival', date: '2027-09-15', kind: 'lunar',
    });
    expect(list.find((h) => h.key === 'qingming')?.kind).toBe('solar-term');
    expect(list.find((h) => h.key === 'christmas')?.kind).toBe('fixed');
  });

  it('refuses years outside the tables', () => {
    expect(() => holidaysOfYear(2101)).toThrow(expect.objectContaining({ code: 'SCHEDULE_YEAR_OUT_OF_RANGE' }));
  });
});

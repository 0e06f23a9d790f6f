import lunar from 'lunar-javascript';
import { TidingsError } from '../../platform/errors/index.js';
import { addDays } from './wall-clock.js';

/*
 * Chinese calendar conversions, China time (UTC+8), through lunar-javascript: it computes new
 * moons and solar terms with the 寿星 (Shouxing) astronomical series rather than ICU's
 * approximation, which puts 春节 2027 on 02-07 and 2030 on 02-02 when the new moon falls just
 * before midnight in Beijing. Its output is tested against the published tables for 2000–2100
 * (test/schedule/chinese-calendar.test.ts).
 */

/** The years for which the official conversion tables exist and our dates are tested. */
export const CHINESE_CALENDAR_YEARS = { first: 1901, last: 2100 } as const;

function assertYear(year: number): void {
  if (!Number.isInteger(year) || year < CHINESE_CALENDAR_YEARS.first || year > CHINESE_CALENDAR_YEARS.last) {
    throw new TidingsError(
      'SCHEDULE_YEAR_OUT_OF_RANGE',
      `Holiday dates are available for ${CHINESE_CALENDAR_YEARS.first}–${CHINESE_CALENDAR_YEARS.last}, not ${year}`,
      { context: { year } },
    );
  }
}

/**
 * Months whose official start differs from lunar-javascript's computation. The Hong Kong
 * Observatory's table starts the ninth month of 2057 on 28 September (the new moon falls minutes
 * from midnight, a case its notes single out); lunar-javascript starts it on the 29th.
 */
const MONTH_START_CORRECTIONS: ReadonlyArray<{ year: number; month: number; days: number }> = [
  { year: 2057, month: 9, days: -1 },
];

/** The Gregorian date (`YYYY-MM-DD`, China) of day `day` of the regular lunar month `month` of lunar year `year`. */
export function lunarToGregorian(year: number, month: number, day: number): string {
  assertYear(year);
  const date = lunar.Lunar.fromYmd(year, month, day).getSolar().toYmd();
  const correction = MONTH_START_CORRECTIONS.find((c) => c.year === year && c.month === month);
  return correction ? addDays(date, correction.days) : date;
}

/** The Gregorian date (China) on which the named solar term (清明, 冬至…) falls in Gregorian `year`. */
export function solarTermDate(year: number, term: string): string {
  assertYear(year);
  // The table of lunar year `year` runs from the previous winter to the next spring; spring and
  // summer terms in it belong to Gregorian `year`. Pick the entry in the requested year.
  const table = lunar.Lunar.fromYmd(year, 6, 1).getJieQiTable();
  const date = table[term];
  if (!date || date.getYear() !== year) throw new RangeError(`no solar term ${term} in ${year}`);
  return date.toYmd();
}

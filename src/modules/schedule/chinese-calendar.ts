import lunar from 'lunar-javascript';
import { TidingsError } from '../../platform/errors/index.js';
import { addDays, type LocalDate } from './wall-clock.js';

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

/** One month of a lunar year as the official tables have it. */
export interface LunarMonthSpan {
  /** 1–12. */
  readonly month: number;
  /** The leap month (闰月) that follows the ordinary month of the same number. */
  readonly leap: boolean;
  /** Its first day, Gregorian (`YYYY-MM-DD`, China). */
  readonly start: LocalDate;
  /** 29 or 30. */
  readonly days: number;
}

const monthTables = new Map<number, readonly LunarMonthSpan[]>();

/**
 * The months of lunar year `year` in order (12, or 13 with the leap month after its namesake),
 * corrected where the official tables differ from lunar-javascript. Every conversion in both
 * directions reads this table, so they agree with each other.
 */
export function lunarMonthsOf(year: number): readonly LunarMonthSpan[] {
  assertYear(year);
  let table = monthTables.get(year);
  if (!table) {
    const spans = lunar.LunarYear.fromYear(year)
      .getMonthsInYear()
      .map((m) => ({
        month: Math.abs(m.getMonth()),
        leap: m.getMonth() < 0,
        start: lunar.Solar.fromJulianDay(m.getFirstJulianDay()).toYmd(),
        days: m.getDayCount(),
      }));
    for (const correction of MONTH_START_CORRECTIONS.filter((c) => c.year === year)) {
      const i = spans.findIndex((m) => m.month === correction.month && !m.leap);
      const span = spans[i];
      const previous = spans[i - 1];
      if (!span || !previous) continue;
      // Moving a month's first day moves the end of the month before it.
      spans[i] = { ...span, start: addDays(span.start, correction.days), days: span.days - correction.days };
      spans[i - 1] = { ...previous, days: previous.days + correction.days };
    }
    table = spans;
    monthTables.set(year, table);
  }
  return table;
}

/** The leap month (1–12) of lunar year `year`, 0 when it has none. */
export function leapMonthOf(year: number): number {
  return lunarMonthsOf(year).find((m) => m.leap)?.month ?? 0;
}

/** Days (29 or 30) of the month `month` (`leap`: its leap month) of lunar year `year`; undefined when that month does not exist. */
export function lunarMonthLength(year: number, month: number, leap: boolean): number | undefined {
  return lunarMonthsOf(year).find((m) => m.month === month && m.leap === leap)?.days;
}

/** The Gregorian date (`YYYY-MM-DD`, China) of day `day` of the regular lunar month `month` of lunar year `year`. */
export function lunarToGregorian(year: number, month: number, day: number): string {
  const span = lunarMonthsOf(year).find((m) => m.month === month && !m.leap);
  if (!span || !Number.isInteger(day) || day < 1 || day > 30) throw new RangeError(`no lunar date ${year}-${month}-${day}`);
  return addDays(span.start, day - 1);
}

/** A day of the Chinese calendar. */
export interface LunarDate {
  /** The lunar year, named by the Gregorian year in which its 正月初一 falls. */
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly leap: boolean;
}

/** The Chinese-calendar day of the Gregorian date `date` (the calendar is China's; a date anywhere maps to the same day). */
export function gregorianToLunar(date: LocalDate): LunarDate {
  const gregorianYear = Number(date.slice(0, 4));
  // A Gregorian date belongs to the lunar year that starts in its own year or the one before.
  for (const year of [gregorianYear, gregorianYear - 1]) {
    if (year < CHINESE_CALENDAR_YEARS.first) continue;
    const months = lunarMonthsOf(year);
    if (date < (months[0]?.start ?? date)) continue;
    for (const m of months) {
      const offset = Math.round((Date.parse(date) - Date.parse(m.start)) / 86_400_000);
      if (offset >= 0 && offset < m.days) return { year, month: m.month, day: offset + 1, leap: m.leap };
    }
  }
  throw new TidingsError('SCHEDULE_YEAR_OUT_OF_RANGE', `Lunar dates are available for ${CHINESE_CALENDAR_YEARS.first}–${CHINESE_CALENDAR_YEARS.last}, not ${date}`, {
    context: { date },
  });
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

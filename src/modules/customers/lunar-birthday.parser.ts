import { systemClock, type Clock } from '../../platform/clock/index.js';
import { CHINESE_CALENDAR_YEARS, leapMonthOf, lunarDayName, lunarMonthLength, lunarMonthName } from '../schedule/index.js';

/**
 * A birthday kept in the Chinese calendar (农历生日): month 1–12, day 1–30, `leap` when the person
 * was born in a leap month (闰月), and the lunar year of birth when known. The Gregorian date it
 * is celebrated on each year comes from the schedule module's rule (lunarBirthdayIn).
 */
export interface LunarBirthday {
  readonly month: number;
  readonly day: number;
  readonly leap: boolean;
  /** The lunar year of birth (1990 for 1990年八月十五), or null. */
  readonly year: number | null;
}

/** A parse: the birthday, or what is wrong with it in words a user can act on. */
export type LunarBirthdayResult = { readonly ok: true; readonly value: LunarBirthday } | { readonly ok: false; readonly reason: string };

const MONTHS: Record<string, number> = {
  正: 1, 一: 1, 元: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9, 十: 10, 十一: 11, 冬: 11, 十二: 12, 腊: 12, 臘: 12,
};
const DIGIT: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/** 初一…初十, 十一…十九, 二十, 廿一…廿九, 二十一…二十九, 三十 (卅), or digits. */
function dayNumber(text: string): number | undefined {
  if (/^\d{1,2}$/.test(text)) return Number(text);
  const t = text.replace(/^初/, '').replace(/^廿/, '二十').replace(/^卅/, '三十');
  if (t === '十') return 10;
  const m = /^([一二三四五六七八九])?(十)?([一二三四五六七八九])?$/.exec(t);
  if (!m || t === '') return undefined;
  const [, tens, ten, ones] = m;
  if (!ten) return tens && !ones ? DIGIT[tens] : undefined;
  return (tens ? (DIGIT[tens] ?? 0) : 1) * 10 + (ones ? (DIGIT[ones] ?? 0) : 0);
}

const L_FORM = /^l(?:(?<year>\d{4})-)?(?<leapBefore>闰|閏)?(?<month>\d{1,2})-(?<day>\d{1,2})(?<leapAfter>l)?$/;
const CHINESE_FORM = /^(?:(?<year>\d{4})年)?(?<leap>闰|閏)?(?<month>正|元|冬|腊|臘|十[一二]?|[一二三四五六七八九]|\d{1,2})月(?<day>[初廿卅十一二三四五六七八九]+|\d{1,2})[日号]?$/;

/** The leap months that occur in the years the calendar covers (1901–2100): 闰腊月 and 闰正月 never do. */
let possibleLeapMonths: Set<number> | undefined;
function leapMonthOccurs(month: number): boolean {
  if (!possibleLeapMonths) {
    possibleLeapMonths = new Set();
    for (let y = CHINESE_CALENDAR_YEARS.first; y <= CHINESE_CALENDAR_YEARS.last; y++) possibleLeapMonths.add(leapMonthOf(y));
  }
  return possibleLeapMonths.has(month);
}

const EXPECTED = 'expected a lunar date such as 八月十五, 闰四月初八, 1990年八月十五 or L08-15 (L04-08L for a leap month)';

/** Checks a lunar month/day/leap (and year, when given) and says what to fix. */
export function checkLunarBirthday(b: LunarBirthday, clock: Clock = systemClock): LunarBirthdayResult {
  const name = lunarMonthName(b.month, b.leap);
  if (!Number.isInteger(b.month) || b.month < 1 || b.month > 12) return { ok: false, reason: `a lunar month is 1 to 12 (正月 to 腊月), not ${b.month}` };
  if (!Number.isInteger(b.day) || b.day < 1 || b.day > 30) return { ok: false, reason: `a lunar month has at most 30 days (初一 to 三十), not ${b.day}` };
  if (b.leap && !leapMonthOccurs(b.month)) {
    return { ok: false, reason: `${name} does not occur in the Chinese calendar (${CHINESE_CALENDAR_YEARS.first}–${CHINESE_CALENDAR_YEARS.last}); write ${lunarMonthName(b.month, false)} without 闰` };
  }
  if (b.year !== null) {
    const thisYear = clock.date().getUTCFullYear();
    if (!Number.isInteger(b.year) || b.year < CHINESE_CALENDAR_YEARS.first || b.year > thisYear) {
      return { ok: false, reason: `the birth year ${b.year} is outside ${CHINESE_CALENDAR_YEARS.first}–${thisYear}; leave the year out if unsure` };
    }
    const leapOfYear = leapMonthOf(b.year);
    if (b.leap && leapOfYear !== b.month) {
      const had = leapOfYear === 0 ? 'no leap month' : `its leap month was ${lunarMonthName(leapOfYear, true)}`;
      return { ok: false, reason: `lunar year ${b.year} had no ${name} (${had}); check the date or write ${lunarMonthName(b.month, false)}` };
    }
    const days = lunarMonthLength(b.year, b.month, b.leap);
    if (days !== undefined && b.day > days) return { ok: false, reason: `${name} of lunar year ${b.year} had only ${days} days, so there was no ${lunarDayName(b.day)}` };
  }
  return { ok: true, value: b };
}

/**
 * Parses a lunar birthday as people write it, after NFKC (full-width digits) and without spaces:
 * 八月十五, 农历八月十五, 闰四月初八, 正月初一, 腊月廿三, 冬月初十, 十一月三十, 8月15日, 1990年八月十五,
 * 农历1990年闰四月初八, and the ASCII form L08-15, L1990-08-15 with a trailing L for a leap month
 * (L04-08L; L闰04-08 is read too).
 */
export function parseLunarBirthday(raw: string, clock: Clock = systemClock): LunarBirthdayResult {
  const text = raw.normalize('NFKC').replace(/\s+/g, '');
  const bare = text.replace(/^(农历|阴历|農曆|陰曆)/, '').replace(/^(\d{4}年)(农历|阴历|農曆|陰曆)/, '$1');
  const l = L_FORM.exec(bare.toLowerCase())?.groups;
  if (l) {
    return checkLunarBirthday(
      { month: Number(l.month), day: Number(l.day), leap: Boolean(l.leapBefore || l.leapAfter), year: l.year ? Number(l.year) : null },
      clock,
    );
  }
  const c = CHINESE_FORM.exec(bare)?.groups;
  if (c) {
    const month = /^\d+$/.test(c.month ?? '') ? Number(c.month) : MONTHS[c.month ?? ''];
    const day = dayNumber(c.day ?? '');
    if (month === undefined || day === undefined) return { ok: false, reason: `"${raw}": ${EXPECTED}` };
    return checkLunarBirthday({ month, day, leap: Boolean(c.leap), year: c.year ? Number(c.year) : null }, clock);
  }
  return { ok: false, reason: `"${raw}" is not a lunar date: ${EXPECTED}` };
}

/** The form the exporter writes and the parser reads back: 八月十五, 闰四月初八, 1990年腊月廿三. */
export function formatLunarBirthday(b: LunarBirthday): string {
  return `${b.year === null ? '' : `${b.year}年`}${lunarMonthName(b.month, b.leap)}${lunarDayName(b.day)}`;
}

import { CHINESE_CALENDAR_YEARS, gregorianToLunar, lunarMonthsOf } from './chinese-calendar.js';
import { lunarMonthDayText } from './lunar-names.js';
import { addDays, type LocalDate } from './wall-clock.js';

/** A birthday kept in the Chinese calendar: month 1–12, day 1–30, `leap` for a leap month (闰月). */
export interface LunarMonthDay {
  readonly month: number;
  readonly day: number;
  readonly leap: boolean;
}

/**
 * THE yearly rule for lunar birthdays: the Gregorian date on which `birthday` is celebrated in
 * lunar year `lunarYear`.
 * - A leap-month birthday (闰四月初八) is celebrated in that leap month in years that have it, and
 *   in the ordinary month of the same number (四月初八) in all other years.
 * - An ordinary-month birthday is celebrated in the ordinary month only, never in its leap month.
 * - Day 30 falls back to day 29 in a month that has only 29 days (one greeting every year).
 * Dates are days of the Chinese calendar; a customer abroad celebrates the same calendar day.
 */
export function lunarBirthdayIn(lunarYear: number, birthday: LunarMonthDay): LocalDate {
  const months = lunarMonthsOf(lunarYear);
  const span =
    (birthday.leap ? months.find((m) => m.month === birthday.month && m.leap) : undefined) ??
    months.find((m) => m.month === birthday.month && !m.leap);
  if (!span || birthday.day < 1 || birthday.day > 30) throw new RangeError(`no lunar birthday ${birthday.month}-${birthday.day}`);
  return addDays(span.start, Math.min(birthday.day, span.days) - 1);
}

/** Whether `birthday` is celebrated on the Gregorian (local) date `date`. */
export function isLunarBirthdayOn(date: LocalDate, birthday: LunarMonthDay): boolean {
  return lunarBirthdayIn(gregorianToLunar(date).year, birthday) === date;
}

/**
 * Every lunar birthday celebrated on `date`: the day itself and what the rule moves onto it (day
 * 30 onto the 29th of a short month, a leap-month birthday onto the ordinary month in a year
 * without that leap month). Candidates are checked against {@link lunarBirthdayIn}, so the rule
 * has one copy.
 */
export function lunarBirthdaysOn(date: LocalDate): LunarMonthDay[] {
  const today = gregorianToLunar(date);
  const candidates: LunarMonthDay[] = [];
  for (const leap of today.leap ? [true] : [false, true]) {
    candidates.push({ month: today.month, day: today.day, leap });
    if (today.day === 29) candidates.push({ month: today.month, day: 30, leap });
  }
  return candidates.filter((b) => lunarBirthdayIn(today.year, b) === date);
}

/** The lunar birthdays celebrated on `from` and the `days` days after it. */
export function lunarBirthdaysBetween(from: LocalDate, days: number): LunarMonthDay[] {
  const seen = new Map<string, LunarMonthDay>();
  for (let i = 0; i <= days; i++) {
    for (const b of lunarBirthdaysOn(addDays(from, i))) seen.set(`${b.leap ? 'L' : ''}${b.month}-${b.day}`, b);
  }
  return [...seen.values()];
}

/** When a lunar birthday is next celebrated on or after `from`, and in which lunar year. */
export function nextLunarBirthday(from: LocalDate, birthday: LunarMonthDay): { date: LocalDate; lunarYear: number } | undefined {
  const year = gregorianToLunar(from).year;
  for (const lunarYear of [year, year + 1]) {
    if (lunarYear > CHINESE_CALENDAR_YEARS.last) break;
    const date = lunarBirthdayIn(lunarYear, birthday);
    if (date >= from) return { date, lunarYear };
  }
  return undefined;
}

const MONTHS_EN = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * "农历八月十五（今年 9月25日）" / "Lunar 8th month, day 15 (this year: 25 Sep)": the birthday with
 * the Gregorian date it is next celebrated on (`date`), said as this year or next when `thisYear`
 * (the Gregorian year of today) is given.
 */
export function lunarBirthdayLabel(birthday: LunarMonthDay, date: LocalDate | undefined, language: 'zh' | 'en', thisYear?: number): string {
  const text = lunarMonthDayText(birthday.month, birthday.day, birthday.leap, language);
  const year = date ? Number(date.slice(0, 4)) : undefined;
  const which = thisYear === undefined || year === undefined ? undefined : year === thisYear ? 'this' : year === thisYear + 1 ? 'next' : undefined;
  if (language === 'zh') {
    if (!date) return `农历${text}`;
    const prefix = which === 'this' ? '今年 ' : which === 'next' ? '明年 ' : `${year}年`;
    return `农历${text}（${prefix}${Number(date.slice(5, 7))}月${Number(date.slice(8))}日）`;
  }
  if (!date) return `Lunar ${text}`;
  const month = MONTHS_EN[Number(date.slice(5, 7)) - 1] ?? '';
  const prefix = which === 'this' ? 'this year: ' : which === 'next' ? 'next year: ' : '';
  return `Lunar ${text} (${prefix}${Number(date.slice(8))} ${month}${which ? '' : ` ${year}`})`;
}

import { gregorianToLunar } from './chinese-calendar.js';
import { lunarBirthdayIn, lunarBirthdayLabel, nextLunarBirthday, type LunarMonthDay } from './lunar-birthdays.js';
import { isLeapYear, ymd, type LocalDate } from './wall-clock.js';

/**
 * The date on which a birthday is celebrated in Gregorian `year`: 29 February moves to
 * 28 February in common years (the customer still gets exactly one greeting that year).
 */
export function birthdayIn(year: number, month: number, day: number): LocalDate | undefined {
  if (month < 1 || month > 12 || day < 1 || day > 31) return undefined;
  if (month === 2 && day === 29 && !isLeapYear(year)) return ymd(year, 2, 28);
  const date = ymd(year, month, day);
  // Reject impossible dates such as 31 April rather than rolling them into May.
  const check = new Date(`${date}T00:00:00Z`);
  return check.getUTCMonth() + 1 === month && check.getUTCDate() === day ? date : undefined;
}

/** Whether a customer born on `month`/`day` celebrates on the local date `date`. */
export function isBirthdayOn(date: LocalDate, month: number, day: number): boolean {
  return birthdayIn(Number(date.slice(0, 4)), month, day) === date;
}

/** A customer's birthday as the schedule module reads it: in the calendar they celebrate. */
export type CelebratedBirthday =
  | { readonly calendar: 'gregorian'; readonly month: number; readonly day: number }
  | { readonly calendar: 'lunar'; readonly lunar: LunarMonthDay };

/**
 * The birthday a customer row celebrates (birthday_calendar picks lunar or Gregorian), or
 * undefined when that one is not filled in.
 */
export function celebratedBirthday(row: {
  readonly birthday_calendar: string;
  readonly birthday_month: number | null;
  readonly birthday_day: number | null;
  readonly lunar_birthday_month: number | null;
  readonly lunar_birthday_day: number | null;
  readonly lunar_birthday_leap: number;
}): CelebratedBirthday | undefined {
  if (row.birthday_calendar === 'lunar') {
    if (row.lunar_birthday_month === null || row.lunar_birthday_day === null) return undefined;
    return { calendar: 'lunar', lunar: { month: row.lunar_birthday_month, day: row.lunar_birthday_day, leap: row.lunar_birthday_leap === 1 } };
  }
  if (row.birthday_month === null || row.birthday_day === null) return undefined;
  return { calendar: 'gregorian', month: row.birthday_month, day: row.birthday_day };
}

/**
 * Whether `birthday` is celebrated on the local date `date`, and the year it belongs to: the
 * Gregorian year, or for a lunar birthday the lunar year (a lunar birthday in 冬月 or 腊月 can
 * fall twice in one Gregorian year, never twice in one lunar year).
 */
export function birthdayYearOn(date: LocalDate, birthday: CelebratedBirthday): { calendar: 'gregorian' | 'lunar'; year: number } | undefined {
  if (birthday.calendar === 'gregorian') {
    return isBirthdayOn(date, birthday.month, birthday.day) ? { calendar: 'gregorian', year: Number(date.slice(0, 4)) } : undefined;
  }
  const year = gregorianToLunar(date).year;
  return lunarBirthdayIn(year, birthday.lunar) === date ? { calendar: 'lunar', year } : undefined;
}

/**
 * When `birthday` is next celebrated on or after the local date `today`, with the year it
 * belongs to (Gregorian, or lunar for a lunar birthday: ages of lunar birthdays count in lunar years).
 */
export function nextCelebration(birthday: CelebratedBirthday, today: LocalDate): { date: LocalDate; year: number } | undefined {
  if (birthday.calendar === 'lunar') {
    const next = nextLunarBirthday(today, birthday.lunar);
    return next && { date: next.date, year: next.lunarYear };
  }
  const thisYear = Number(today.slice(0, 4));
  for (const year of [thisYear, thisYear + 1]) {
    const date = birthdayIn(year, birthday.month, birthday.day);
    if (date && date >= today) return { date, year };
  }
  return undefined;
}

const MONTHS_EN = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * How a birthday is shown with the date it is next celebrated on: "农历八月十五（今年 9月25日）" /
 * "Lunar 8th month, day 15 (this year: 25 Sep)", or "9月25日" / "25 Sep" for a Gregorian one.
 */
export function celebrationLabel(birthday: CelebratedBirthday, date: LocalDate, language: 'zh' | 'en', thisYear: number): string {
  if (birthday.calendar === 'lunar') return lunarBirthdayLabel(birthday.lunar, date, language, thisYear);
  const month = Number(date.slice(5, 7));
  const day = Number(date.slice(8));
  return language === 'zh' ? `${month}月${day}日` : `${day} ${MONTHS_EN[month - 1] ?? ''}`;
}

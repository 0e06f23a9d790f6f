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

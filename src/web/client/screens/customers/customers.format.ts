import type { Locale } from '../../i18n/index.js';
import type { Customer } from './customers.api.js';
import { browserClock } from '../../clock.js';

/** "15 March 1990" / "1990年3月15日", or without the year when it is unknown. */
export function formatBirthday(birthday: Customer['birthday'], locale: Locale): string {
  if (!birthday) return '—';
  // A fixed leap year keeps 29 February valid when the year is unknown.
  const date = new Date(Date.UTC(birthday.year ?? 2000, birthday.month - 1, birthday.day));
  const options: Intl.DateTimeFormatOptions =
    birthday.year === null ? { month: 'long', day: 'numeric', timeZone: 'UTC' } : { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' };
  return new Intl.DateTimeFormat(locale, options).format(date);
}

/** Whole days from today (local calendar) to the next birthday; 0 on the day. */
export function daysToBirthday(birthday: NonNullable<Customer['birthday']>, today = browserClock.date()): number {
  const start = Date.UTC(today.getFullYear(), today.getMonth(), today.getDate());
  for (let year = today.getFullYear(); year <= today.getFullYear() + 8; year++) {
    const next = Date.UTC(year, birthday.month - 1, birthday.day);
    // 29 February rolls over in other years; look for the next year that has it.
    if (new Date(next).getUTCDate() !== birthday.day) continue;
    if (next >= start) return Math.round((next - start) / 86_400_000);
  }
  return 0;
}

/** An epoch-milliseconds instant in the reader's language and time zone. */
export function formatInstant(ms: number, locale: Locale): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(ms));
}

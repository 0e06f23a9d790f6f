import type { Locale } from '../../i18n/index.js';
import type { Customer } from './customers.api.js';

/** "15 March 1990" / "1990年3月15日", or without the year when it is unknown. */
export function formatBirthday(birthday: Customer['birthday'], locale: Locale): string {
  if (!birthday) return '—';
  // A fixed leap year keeps 29 February valid when the year is unknown.
  const date = new Date(Date.UTC(birthday.year ?? 2000, birthday.month - 1, birthday.day));
  const options: Intl.DateTimeFormatOptions =
    birthday.year === null ? { month: 'long', day: 'numeric', timeZone: 'UTC' } : { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' };
  return new Intl.DateTimeFormat(locale, options).format(date);
}

/** An epoch-milliseconds instant in the reader's language and time zone. */
export function formatInstant(ms: number, locale: Locale): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(ms));
}

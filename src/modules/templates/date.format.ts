import type { Birthday } from './merge-context.js';
import { isTimeZone } from '../../platform/clock/index.js';

/** Date styles templates may ask for; "monthDay" is the birthday-card form (3月8日 / March 8). */
export type DateStyle = 'short' | 'medium' | 'long' | 'full' | 'monthDay';
const STYLES: ReadonlySet<string> = new Set(['short', 'medium', 'long', 'full', 'monthDay']);

// Building an Intl.DateTimeFormat costs tens of microseconds, more than a whole merge; the
// combinations in use (languages × zones × styles) are few, so keep them.
const formatters = new Map<string, Intl.DateTimeFormat>();
const MAX_FORMATTERS = 512;

function formatter(language: string, timeZone: string, style: DateStyle, withYear: boolean): Intl.DateTimeFormat {
  const key = `${language}|${timeZone}|${style}|${withYear}`;
  let format = formatters.get(key);
  if (!format) {
    const options: Intl.DateTimeFormatOptions =
      style === 'monthDay' || !withYear
        ? { month: style === 'short' ? 'numeric' : 'long', day: 'numeric', timeZone }
        : { dateStyle: style, timeZone };
    format = new Intl.DateTimeFormat(language, options);
    if (formatters.size >= MAX_FORMATTERS) formatters.clear();
    formatters.set(key, format);
  }
  return format;
}

/** A customer's zone when it is a real IANA zone, else UTC (a typo must not stop a campaign). */
export function safeTimeZone(zone: string | null | undefined, fallback = 'UTC'): string {
  return zone && isTimeZone(zone) ? zone : fallback;
}

const asStyle = (style: unknown): DateStyle => (typeof style === 'string' && STYLES.has(style) ? (style as DateStyle) : 'long');

/** Formats an instant in the recipient's language and zone; empty for a missing or invalid date. */
export function formatInstant(value: unknown, language: string, timeZone: string, style: unknown): string {
  const date = value instanceof Date ? value : typeof value === 'number' || typeof value === 'string' ? new Date(value) : undefined;
  if (!date || Number.isNaN(date.getTime())) return '';
  return formatter(language, timeZone, asStyle(style), true).format(date);
}

/**
 * Formats a calendar date such as a birthday ({month, day, year?}); no time zone applies to it,
 * so it is rendered in UTC. Without a year only month and day are shown.
 */
export function formatCalendarDate(value: unknown, language: string, style: unknown): string {
  if (value instanceof Date || typeof value === 'number') return formatInstant(value, language, 'UTC', style);
  if (!value || typeof value !== 'object') return '';
  const { month, day, year } = value as Partial<Birthday>;
  if (typeof month !== 'number' || typeof day !== 'number' || month < 1 || month > 12 || day < 1 || day > 31) return '';
  const withYear = typeof year === 'number';
  // 2000 is a leap year, so 2月29日 still formats when the year is unknown.
  const date = new Date(Date.UTC(withYear ? year : 2000, month - 1, day));
  return formatter(language, 'UTC', asStyle(style), withYear).format(date);
}

import { DateTime } from 'luxon';
import { isTimeZone } from '../../platform/clock/index.js';

/** A calendar date `YYYY-MM-DD` with no zone attached. */
export type LocalDate = string;
/** A wall-clock time `HH:mm`. */
export type LocalTime = string;

export { isTimeZone };

/**
 * The instant at which the wall clock in `zone` shows `date` `time`.
 *
 * DST policy, the same as cron-parser's so every schedule kind behaves alike:
 * - a time that does not exist (America/New_York 02:30 on the spring-forward day) fires at the
 *   same wall time shifted by the gap, 03:30 — the first valid instant after it by the clock;
 * - a time that exists twice (01:30 on the fall-back day) fires once, at the first (daylight)
 *   occurrence.
 */
export function wallTimeToInstant(date: LocalDate, time: LocalTime, zone: string): Date {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const [hour, minute] = time.split(':').map(Number) as [number, number];
  const local = DateTime.fromObject({ year, month, day, hour, minute }, { zone });
  if (!local.isValid) throw new RangeError(`invalid local time ${date} ${time} in ${zone}`);
  // Luxon resolves an ambiguous time to the offset in force just before it, which for a
  // fall-back transition is the earlier (daylight) instant; assert it instead of trusting it.
  const earlier = local.minus({ hours: 1 });
  if (earlier.hour === hour && earlier.minute === minute && earlier.day === day) return earlier.toJSDate();
  return local.toJSDate();
}

/** The calendar date `YYYY-MM-DD` the wall clock shows in `zone` at `instant`. */
export function localDateOf(instant: Date, zone: string): LocalDate {
  return DateTime.fromJSDate(instant, { zone }).toISODate() as string;
}

/** The wall-clock time `HH:mm` in `zone` at `instant`. */
export function localTimeOf(instant: Date, zone: string): LocalTime {
  return DateTime.fromJSDate(instant, { zone }).toFormat('HH:mm');
}

/** `date` plus `days` calendar days. */
export function addDays(date: LocalDate, days: number): LocalDate {
  return DateTime.fromISO(date, { zone: 'UTC' }).plus({ days }).toISODate() as string;
}

/** Whether `year` has a 29 February. */
export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Two-digit zero padding for building `YYYY-MM-DD`. */
export const pad2 = (n: number): string => String(n).padStart(2, '0');

/** `YYYY-MM-DD` from numbers. */
export const ymd = (year: number, month: number, day: number): LocalDate => `${year}-${pad2(month)}-${pad2(day)}`;

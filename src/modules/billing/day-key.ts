import { DateTime } from 'luxon';
import { TidingsError } from '../../platform/errors/index.js';

/** The last day looked up per time zone: every SMS asks for "today", so luxon runs once a day. */
const lastDay = new Map<string, { readonly from: number; readonly to: number; readonly key: string }>();
const MAX_ZONES = 100;

/** The calendar day (YYYY-MM-DD) of an instant in a time zone: 2026-03-01T17:00Z is 2026-03-02 in Asia/Shanghai. */
export function dayKey(atMs: number, timeZone: string): string {
  const last = lastDay.get(timeZone);
  if (last && atMs >= last.from && atMs < last.to) return last.key;
  const local = DateTime.fromMillis(atMs, { zone: timeZone });
  if (!local.isValid) throw new TidingsError('VALIDATION_FAILED', `Unknown time zone "${timeZone}".`);
  const key = local.toFormat('yyyy-MM-dd');
  const start = local.startOf('day');
  // [start, next start): 23 or 25 hours on a daylight-saving change, which luxon accounts for.
  if (lastDay.size >= MAX_ZONES) lastDay.clear();
  lastDay.set(timeZone, { from: start.toMillis(), to: start.plus({ days: 1 }).toMillis(), key });
  return key;
}

/** Validates a YYYY-MM-DD date given by a user. */
export function parseDay(value: string, what: string): string {
  const d = DateTime.fromFormat(value, 'yyyy-MM-dd', { zone: 'UTC' });
  if (!d.isValid) throw new TidingsError('VALIDATION_FAILED', `${what} must be a date as YYYY-MM-DD, got "${value}".`);
  return value;
}

/** Every day or month key from `from` to `to` inclusive (for zero-filled charts). */
export function periodKeys(from: string, to: string, by: 'day' | 'month'): string[] {
  const keys: string[] = [];
  let cursor = DateTime.fromISO(from, { zone: 'UTC' }).startOf(by);
  const end = DateTime.fromISO(to, { zone: 'UTC' });
  // Bounded: at most ~10 years of days.
  for (let i = 0; cursor <= end && i < 4000; i++) {
    keys.push(cursor.toFormat(by === 'day' ? 'yyyy-MM-dd' : 'yyyy-MM'));
    cursor = cursor.plus(by === 'day' ? { days: 1 } : { months: 1 });
  }
  return keys;
}

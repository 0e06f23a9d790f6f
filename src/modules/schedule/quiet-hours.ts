import { addDays, localDateOf, localTimeOf, wallTimeToInstant } from './wall-clock.js';

/** A nightly window `start`–`end` in wall-clock `HH:mm`; it wraps midnight when start > end. */
export interface QuietWindow {
  readonly start: string;
  readonly end: string;
}

/** True when the wall clock in `zone` at `now` is inside `window` (start inclusive, end exclusive). */
export function isQuietTime(now: Date, zone: string, window: QuietWindow): boolean {
  const t = localTimeOf(now, zone);
  return window.start > window.end ? t >= window.start || t < window.end : t >= window.start && t < window.end;
}

/**
 * The earliest instant at or after `now` when a message to a recipient in `zone` may go out:
 * `now` itself outside the window, else the window's end on the recipient's wall clock (08:00
 * the next morning for a 21:00–08:00 window entered in the evening). Pure: the send pipeline calls
 * it per message and defers the message until then.
 */
export function quietHoursDelay(now: Date, zone: string, window: QuietWindow | undefined): Date {
  if (!window || !isQuietTime(now, zone, window)) return now;
  const today = localDateOf(now, zone);
  const wraps = window.start > window.end;
  const endDate = wraps && localTimeOf(now, zone) >= window.start ? addDays(today, 1) : today;
  return wallTimeToInstant(endDate, window.end, zone);
}

/** Which window applies to a message: SMS always, email only when its campaign opted in. */
export function quietWindowFor(
  channel: 'email' | 'sms',
  windows: { readonly sms: QuietWindow | undefined; readonly email: QuietWindow | undefined },
  campaignOptsInEmail: boolean,
): QuietWindow | undefined {
  if (channel === 'sms') return windows.sms;
  return campaignOptsInEmail ? windows.email : undefined;
}

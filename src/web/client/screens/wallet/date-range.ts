// Calendar days as YYYY-MM-DD strings in the SMS account's time zone: the statistics count each
// message on the account's local day, so "this month" must be the account's month, not the
// browser's. Arithmetic runs on UTC midnights, where every day is 24 hours long.

import { browserClock } from '../../clock.js';

/** A date range, both days inclusive. */
export interface DayRange {
  readonly from: string;
  readonly to: string;
}

export const PRESETS = ['thisMonth', 'lastMonth', 'last30'] as const;
export type Preset = (typeof PRESETS)[number];

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Today in `timeZone` as YYYY-MM-DD (the browser's zone when the name is unknown). */
export function todayIn(timeZone: string, now: Date = browserClock.date()): string {
  let parts: Intl.DateTimeFormatPart[];
  try {
    parts = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(now);
  } catch {
    parts = new Intl.DateTimeFormat('en-US', { year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(now);
  }
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}`;
}

/** Whether the text is a real calendar day (2026-02-30 is not). */
export function isDay(text: string): boolean {
  const m = DAY.exec(text);
  if (!m) return false;
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return toDay(date) === text;
}

function toDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

function parse(day: string): Date {
  const m = DAY.exec(day);
  if (!m) throw new RangeError(`not a day: ${day}`);
  return new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
}

/** The day `n` days after `day` (before it when negative). */
export function addDays(day: string, n: number): string {
  const date = parse(day);
  date.setUTCDate(date.getUTCDate() + n);
  return toDay(date);
}

/** The range a preset names, seen from `today`. This month runs up to today (no empty future days). */
export function presetRange(preset: Preset, today: string): DayRange {
  const date = parse(today);
  const year = date.getUTCFullYear();
  const month = date.getUTCMonth();
  switch (preset) {
    case 'thisMonth':
      return { from: toDay(new Date(Date.UTC(year, month, 1))), to: today };
    case 'lastMonth':
      // Day 0 of this month is the last day of the previous one.
      return { from: toDay(new Date(Date.UTC(year, month - 1, 1))), to: toDay(new Date(Date.UTC(year, month, 0))) };
    case 'last30':
      return { from: addDays(today, -29), to: today };
  }
}

/** The preset a range equals, if any (so the matching preset button shows as pressed). */
export function presetOf(range: DayRange, today: string): Preset | undefined {
  return PRESETS.find((p) => {
    const r = presetRange(p, today);
    return r.from === range.from && r.to === range.to;
  });
}

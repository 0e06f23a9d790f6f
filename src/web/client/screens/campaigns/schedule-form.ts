/**
 * The wizard's schedule form and the schedule JSON it becomes (the spec of src/schedule/
 * schedule.spec.ts). Pure functions, so a unit test can check every form the wizard can produce
 * against the server's own parser.
 */

import { browserClock } from '../../clock.js';

export const SCHEDULE_KINDS = ['now', 'at', 'local', 'holiday', 'birthday', 'recurring'] as const;
export type ScheduleKind = (typeof SCHEDULE_KINDS)[number];

/** What the schedule step holds; only the fields of the chosen kind matter. */
export interface ScheduleForm {
  readonly kind: ScheduleKind;
  /** YYYY-MM-DD (at, local). */
  readonly date: string;
  /** HH:mm (every kind but now). */
  readonly time: string;
  /** IANA zone the date/time is read in (at, holiday, recurring unless per recipient). */
  readonly timeZone: string;
  /** Holiday key from GET /api/holidays, e.g. `mid-autumn`. */
  readonly holiday: string;
  /** Holiday: every year (true), or only on its next occurrence, in `holidayYear`. */
  readonly holidayEveryYear: boolean;
  /** Holiday, once: the year of the chosen holiday's next date (set when the holiday is picked). */
  readonly holidayYear: number | null;
  /** The reader picked the zone; the company's default zone no longer replaces it. */
  readonly zoneChosen: boolean;
  readonly every: 'day' | 'week' | 'month';
  /** 0 = Sunday … 6 = Saturday. */
  readonly weekday: number;
  /** `1`…`31` or `last`. */
  readonly dayOfMonth: string;
  /** A five-field cron expression instead of `every`. */
  readonly useCron: boolean;
  readonly cron: string;
  /** Holiday / recurring: fire at that wall time in each recipient's own zone. */
  readonly localPerRecipient: boolean;
  /** Email: also hold marketing mail during the recipient's quiet hours. */
  readonly quietHoursEmail: boolean;
}

/** The browser's time zone, else the service's default. */
export function browserTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'Asia/Shanghai';
  } catch {
    return 'Asia/Shanghai';
  }
}

/** A fresh form: send now; other kinds start at tomorrow 09:00. */
export function initialScheduleForm(now = browserClock.date(), timeZone = browserTimeZone()): ScheduleForm {
  const tomorrow = new Date(now.getTime() + 24 * 3600_000);
  return {
    kind: 'now',
    date: wallDate(tomorrow, timeZone),
    time: '09:00',
    timeZone,
    holiday: '',
    holidayEveryYear: true,
    holidayYear: null,
    zoneChosen: false,
    every: 'week',
    weekday: 1,
    dayOfMonth: '1',
    useCron: false,
    cron: '0 9 * * 1',
    localPerRecipient: false,
    quietHoursEmail: false,
  };
}

/**
 * The form with the company's time zone, unless the reader already picked one: the wizard starts
 * in the browser's zone and moves to the company's as soon as GET /api/campaigns/defaults answers.
 */
export function withDefaultZone(form: ScheduleForm, zone: string | null | undefined): ScheduleForm {
  if (form.zoneChosen || !zone || !isTimeZone(zone) || form.timeZone === zone) return form;
  return { ...form, timeZone: zone };
}

/** YYYY-MM-DD of an instant on a zone's wall clock. */
export function wallDate(instant: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(instant);
}

/** The zone's offset from UTC at an instant, in milliseconds (east positive). */
function offsetAt(timeZone: string, epochMs: number): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(epochMs));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const wall = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return wall - Math.floor(epochMs / 1000) * 1000;
}

/**
 * The instant a wall-clock date and time in `timeZone` names, as ISO 8601 UTC. In a DST gap the
 * time is read with the offset before the change (02:30 on a spring-forward day → 03:30).
 */
export function zonedInstant(date: string, time: string, timeZone: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const [hh, mm] = time.split(':').map(Number) as [number, number];
  const guess = Date.UTC(y, m - 1, d, hh, mm);
  const first = offsetAt(timeZone, guess);
  let instant = guess - first;
  // Near a change the offset at the result may differ from the guess's; take it when it is
  // consistent (the wall time exists), else the time falls in a gap and keeps the first reading.
  const second = offsetAt(timeZone, instant);
  if (second !== first && offsetAt(timeZone, guess - second) === second) instant = guess - second;
  return new Date(instant).toISOString().replace('.000Z', 'Z');
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

/** Fields of the form that need fixing before the spec can be built ('past': an instant already gone). */
export type ScheduleProblem = 'date' | 'time' | 'holiday' | 'cron' | 'timeZone' | 'past';

/** What is missing or wrong for the chosen kind. */
export function scheduleProblems(form: ScheduleForm, now = browserClock.date()): ScheduleProblem[] {
  const problems: ScheduleProblem[] = [];
  const needsTime = form.kind !== 'now' && !(form.kind === 'recurring' && form.useCron);
  if (needsTime && !TIME.test(form.time)) problems.push('time');
  if ((form.kind === 'at' || form.kind === 'local') && !DATE.test(form.date)) problems.push('date');
  if (form.kind === 'holiday' && (!form.holiday || (!form.holidayEveryYear && form.holidayYear === null))) problems.push('holiday');
  if (form.kind === 'recurring' && form.useCron && form.cron.trim().split(/\s+/).length !== 5) problems.push('cron');
  if (['at', 'holiday', 'recurring'].includes(form.kind) && !isTimeZone(form.timeZone)) problems.push('timeZone');
  if (form.kind === 'at' && problems.length === 0 && Date.parse(zonedInstant(form.date, form.time, form.timeZone)) <= now.getTime()) problems.push('past');
  return problems;
}

/** Whether the browser knows the zone. */
export function isTimeZone(zone: string): boolean {
  if (!zone) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/**
 * The campaign's `schedule` body: null for "now" (a draft the wizard starts at once), else the
 * spec of the chosen kind with only its own fields.
 */
export function scheduleSpec(form: ScheduleForm, channel: 'email' | 'sms'): Record<string, unknown> | null {
  const quiet = channel === 'email' && form.quietHoursEmail ? { quietHoursEmail: true } : {};
  switch (form.kind) {
    case 'now':
      return null;
    case 'at':
      return { kind: 'at', at: zonedInstant(form.date, form.time, form.timeZone), ...quiet };
    case 'local':
      return { kind: 'local', date: form.date, time: form.time, ...quiet };
    case 'birthday':
      return { kind: 'birthday', time: form.time, ...quiet };
    case 'holiday':
      return {
        kind: 'holiday',
        holiday: form.holiday,
        time: form.time,
        ...(form.holidayEveryYear || form.holidayYear === null ? {} : { everyYear: false, year: form.holidayYear }),
        ...(form.localPerRecipient ? { localPerRecipient: true } : { timeZone: form.timeZone }),
        ...quiet,
      };
    case 'recurring': {
      const when = form.useCron
        ? { cron: form.cron.trim().replace(/\s+/g, ' ') }
        : {
            every: form.every,
            time: form.time,
            ...(form.every === 'week' ? { weekday: form.weekday } : {}),
            ...(form.every === 'month' ? { dayOfMonth: form.dayOfMonth === 'last' ? 'last' : Number(form.dayOfMonth) } : {}),
          };
      return { kind: 'recurring', ...when, ...(form.localPerRecipient ? { localPerRecipient: true } : { timeZone: form.timeZone }), ...quiet };
    }
  }
}

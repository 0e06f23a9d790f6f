import { findHoliday } from './holidays.js';
import { CHINESE_CALENDAR_YEARS } from './chinese-calendar.js';
import { cronIterator, cronOf } from './recurrence.js';
import { holidayYears, isPerZone, type ScheduleSpec } from './schedule.spec.js';
import { addDays, localDateOf, localTimeOf, wallTimeToInstant } from './wall-clock.js';

/** One firing of a schedule: a stable key (the idempotency key) and the UTC instant it is due. */
export interface Occurrence {
  /** Stable across processes and restarts, e.g. `local:2027-02-06T09:00@Europe/Berlin`. */
  readonly key: string;
  readonly at: Date;
  /** The recipients' zone for a per-zone wave; undefined when it concerns the whole audience. */
  readonly zone?: string;
}

/** Options shared by the occurrence functions. */
export interface OccurrenceOptions {
  /** Zone for recipients without one and for schedules without `timeZone` (TIDINGS_DEFAULT_TIMEZONE). */
  readonly defaultZone: string;
  /** Zones present in the audience (null = no zone); per-zone schedules fire one wave per zone. */
  readonly zones?: readonly (string | null)[];
}

/** Hard stop for every iteration, so a pathological cron cannot spin. */
const MAX_STEPS = 10_000;

/**
 * The occurrences of `spec` in one zone strictly after `after`, ascending. `zone` is the
 * recipients' zone for per-zone schedules, otherwise the schedule's own zone.
 */
function* stream(spec: ScheduleSpec, zone: string, perZone: boolean, after: Date): Generator<Occurrence> {
  const suffix = perZone ? `@${zone}` : '';
  const tag = perZone ? { zone } : {};
  switch (spec.kind) {
    case 'now':
      yield { key: 'now', at: after };
      return;
    case 'at': {
      const at = new Date(spec.at);
      if (at > after) yield { key: `at:${at.toISOString()}`, at };
      return;
    }
    case 'local': {
      const at = wallTimeToInstant(spec.date, spec.time, zone);
      if (at > after) yield { key: `local:${spec.date}T${spec.time}${suffix}`, at, ...tag };
      return;
    }
    case 'recurring': {
      const iterator = cronIterator(cronOf(spec), zone, after);
      for (let i = 0; i < MAX_STEPS && iterator.hasNext(); i += 1) {
        const at = iterator.next().toDate();
        // Keyed by the wall clock, so the two instants of an ambiguous fall-back time share one key.
        yield { key: `recurring:${localDateOf(at, zone)}T${localTimeOf(at, zone)}${suffix}`, at, ...tag };
      }
      return;
    }
    case 'holiday': {
      const holiday = findHoliday(spec.holiday);
      if (!holiday) return;
      const first = Math.max(CHINESE_CALENDAR_YEARS.first, Number(localDateOf(after, zone).slice(0, 4)) - 1);
      for (const year of holidayYears(spec, first, CHINESE_CALENDAR_YEARS.last)) {
        const date = holiday.date(year);
        const at = wallTimeToInstant(date, spec.time, zone);
        if (at > after) yield { key: `holiday:${holiday.key}:${date}${suffix}`, at, ...tag };
      }
      return;
    }
    case 'birthday': {
      // The daily run in this zone; who is greeted is decided per customer by the scheduler.
      let date = addDays(localDateOf(after, zone), -1);
      for (let i = 0; i < MAX_STEPS; i += 1, date = addDays(date, 1)) {
        const at = wallTimeToInstant(date, spec.time, zone);
        if (at > after) yield { key: `birthday-run:${date}${suffix}`, at, ...tag };
      }
      return;
    }
  }
}

function zonesFor(spec: ScheduleSpec, options: OccurrenceOptions): { zones: string[]; perZone: boolean } {
  const perZone = isPerZone(spec);
  if (!perZone) {
    const own = spec.kind === 'recurring' || spec.kind === 'holiday' ? spec.timeZone : undefined;
    return { zones: [own ?? options.defaultZone], perZone };
  }
  const zones = new Set((options.zones ?? [null]).map((z) => z ?? options.defaultZone));
  return { zones: [...zones].sort(), perZone };
}

/** The next `count` occurrences of `spec` strictly after `after`, in time order (waves of all zones merged). */
export function nextOccurrences(spec: ScheduleSpec, after: Date, options: OccurrenceOptions & { count?: number }): Occurrence[] {
  const count = options.count ?? 1;
  const { zones, perZone } = zonesFor(spec, options);
  const streams = zones.map((zone) => stream(spec, zone, perZone, after));
  const heads = streams.map((s) => s.next());
  const result: Occurrence[] = [];
  while (result.length < count) {
    let best = -1;
    heads.forEach((head, i) => {
      if (!head.done && (best < 0 || head.value.at < (heads[best]!.value as Occurrence).at)) best = i;
    });
    if (best < 0) break;
    result.push(heads[best]!.value as Occurrence);
    heads[best] = streams[best]!.next();
  }
  return result;
}

/** Every occurrence with `from < at <= to`, in time order. */
export function occurrencesBetween(spec: ScheduleSpec, from: Date, to: Date, options: OccurrenceOptions): Occurrence[] {
  const { zones, perZone } = zonesFor(spec, options);
  const result: Occurrence[] = [];
  for (const zone of zones) {
    let steps = 0;
    for (const occurrence of stream(spec, zone, perZone, from)) {
      if (occurrence.at > to || (steps += 1) > MAX_STEPS) break;
      result.push(occurrence);
    }
  }
  return result.sort((a, b) => a.at.getTime() - b.at.getTime());
}

/** One zone's wave: when the schedule next fires for recipients in `zone`. */
export interface Wave {
  readonly zone: string;
  readonly at: Date;
  readonly key: string;
}

/**
 * For each zone present in the audience (null → the default zone), the UTC instant at which the
 * schedule next fires there after `after` (default: the epoch, i.e. the first occurrence),
 * earliest first. Schedules that are not per-zone give one entry for their own zone.
 */
export function waveTimes(
  spec: ScheduleSpec,
  zones: readonly (string | null)[],
  options: { defaultZone: string; after?: Date },
): Wave[] {
  const resolved = zonesFor(spec, { defaultZone: options.defaultZone, zones });
  const after = options.after ?? new Date(0);
  const waves: Wave[] = [];
  for (const zone of resolved.zones) {
    const first = stream(spec, zone, resolved.perZone, after).next();
    if (!first.done) waves.push({ zone, at: first.value.at, key: first.value.key });
  }
  return waves.sort((a, b) => a.at.getTime() - b.at.getTime() || a.zone.localeCompare(b.zone));
}

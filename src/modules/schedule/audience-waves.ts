import { waveTimes } from './occurrences.js';
import { isPerZone, type ScheduleSpec } from './schedule.spec.js';
import { isTimeZone, localDateOf, localTimeOf } from './wall-clock.js';

/** One time zone of a campaign's audience and when the schedule next reaches it. */
export interface AudienceWave {
  /** IANA zone of these recipients (those without a valid zone are counted in the default zone). */
  readonly zone: string;
  readonly recipients: number;
  /** The UTC instant the wave goes out. */
  readonly at: Date;
  /** The recipients' own wall clock at that instant. */
  readonly localDate: string;
  readonly localTime: string;
}

/** When a schedule next sends and to whom, zone by zone. */
export interface SchedulePlan {
  /** The first wave's instant; null when the schedule will not fire again (a past one-off). */
  readonly next: Date | null;
  /** Per zone, earliest first, then by zone name; empty when `next` is null. */
  readonly waves: AudienceWave[];
  /** Whether each zone gets its own wave at its own wall-clock time (else one instant for all). */
  readonly perZone: boolean;
}

/**
 * The next send of `spec` after `after` for an audience, grouped by the recipients' time zones
 * with counts: what the campaign review and detail pages show ("Asia/Shanghai 1,204 at 09:00").
 * A schedule that is not per zone fires once for everybody; its waves then all share that instant
 * and say what each zone's wall clock shows then. `now` campaigns send at `after`.
 */
export function planWaves(
  spec: ScheduleSpec,
  zones: Iterable<string | null>,
  options: { readonly defaultZone: string; readonly after: Date },
): SchedulePlan {
  const counts = new Map<string, number>();
  for (const raw of zones) {
    // The same fallback the scheduler applies: an unknown or missing zone is the default zone.
    const zone = raw && isTimeZone(raw) ? raw : options.defaultZone;
    counts.set(zone, (counts.get(zone) ?? 0) + 1);
  }
  const perZone = isPerZone(spec);
  const byZone = new Map<string, Date>();
  let shared: Date | undefined;
  if (perZone) {
    for (const wave of waveTimes(spec, [...counts.keys()], options)) byZone.set(wave.zone, wave.at);
  } else {
    shared = spec.kind === 'now' ? options.after : waveTimes(spec, [], options)[0]?.at;
  }
  const waves: AudienceWave[] = [];
  for (const [zone, recipients] of counts) {
    const when = perZone ? byZone.get(zone) : shared;
    if (when) waves.push({ zone, recipients, at: when, localDate: localDateOf(when, zone), localTime: localTimeOf(when, zone) });
  }
  waves.sort((a, b) => a.at.getTime() - b.at.getTime() || a.zone.localeCompare(b.zone));
  const next = waves[0]?.at ?? (counts.size === 0 ? (shared ?? waveTimes(spec, [null], options)[0]?.at ?? null) : null);
  return { next, waves, perZone };
}

import type { SendLimits } from '../ports.js';

/** One sliding window: at most `limit` sends in any `ms` milliseconds. */
export interface RateWindow {
  readonly ms: number;
  readonly limit: number;
}

/** The windows a {@link SendLimits} describes, smallest first. */
export function windowsOf(limits: SendLimits): RateWindow[] {
  const windows: RateWindow[] = [];
  const add = (ms: number, limit: number | undefined) => {
    if (limit !== undefined && limit > 0) windows.push({ ms, limit });
  };
  add(1_000, limits.perSecond);
  add(60_000, limits.perMinute);
  add(3_600_000, limits.perHour);
  add(86_400_000, limits.perDay);
  return windows;
}

/**
 * Pacing inside the second (GCRA): one send per `intervalMs` on average, with up to `toleranceMs`
 * of catch-up. Without it 50/s goes out as 50 at once and a silent second; such bursts queue in
 * the SMTP pool and reach the server bunched, which is what a provider's own counter punishes.
 * GCRA rather than a 100 ms sliding window because its schedule does not drift when a grant is
 * a few milliseconds late (a short sliding window loses those milliseconds every time).
 */
export interface Pacing {
  readonly intervalMs: number;
  readonly toleranceMs: number;
}

/** The pacing for a per-second limit, if any. */
export function pacingOf(limits: SendLimits): Pacing | undefined {
  if (limits.perSecond === undefined || limits.perSecond <= 0) return undefined;
  return { intervalMs: 1000 / limits.perSecond, toleranceMs: 100 };
}

/**
 * Per-account send limits shared by every worker that uses the same limiter backend. Windows are
 * sliding logs, not fixed buckets: a fixed one-second bucket lets 2× the limit through around a
 * bucket edge, which is exactly what gets an account throttled by 163 or QQ.
 */
export interface RateLimiter {
  /**
   * Takes one send slot for `key` if every window (and any slow-down) allows it: resolves 0. Else
   * takes nothing and resolves the milliseconds until a slot may free up.
   */
  acquire(key: string, limits: SendLimits): Promise<number>;
  /** Like {@link acquire} but takes nothing: ms until a slot may be free (0: one is free now). */
  peek(key: string, limits: SendLimits): Promise<number>;
  /** The server asked us to back off: no slot for `key` for the next `ms` milliseconds. */
  slowDown(key: string, ms: number): Promise<void>;
  /**
   * Takes one of `max` concurrent leases on `key` (a recipient domain); resolves a lease id, or
   * undefined when all are taken. A lease lapses `ttlMs` after it was taken or last renewed, and
   * the limiter renews the leases of its own process (a heartbeat every third of `ttlMs`) until
   * {@link releaseLease}: so a short TTL (seconds) costs a live holder nothing, however long its
   * send, while a dead worker's slots serve again within seconds. Lapsed leases are reclaimed by
   * the next acquire, and reported (LeaseObserver.reclaimed).
   */
  acquireLease(key: string, max: number, ttlMs: number): Promise<string | undefined>;
  releaseLease(key: string, lease: string): Promise<void>;
}

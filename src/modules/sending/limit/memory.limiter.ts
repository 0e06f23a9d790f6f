import type { SendLimits } from '../ports.js';
import { LeaseHeartbeat, newLeaseId, type HeldLease, type LeaseObserver } from './lease-heartbeat.js';
import { pacingOf, windowsOf, type RateLimiter } from './rate-limiter.js';

/**
 * {@link RateLimiter} for one process (in-process dispatcher). Keeps, per key and window, the
 * times of the sends in that window.
 */
export class MemoryRateLimiter implements RateLimiter {
  private readonly logs = new Map<string, number[]>();
  private readonly blockedUntil = new Map<string, number>();
  /** GCRA theoretical arrival time per key. */
  private readonly tat = new Map<string, number>();
  /** Per key: lease id → when it lapses unless renewed. */
  private readonly leases = new Map<string, Map<string, number>>();
  private readonly heartbeat: LeaseHeartbeat;

  constructor(
    private readonly now: () => number = Date.now,
    private readonly observer: LeaseObserver = {},
  ) {
    this.heartbeat = new LeaseHeartbeat(async (held) => this.renewLeases(held), observer);
  }

  async acquire(key: string, limits: SendLimits): Promise<number> {
    return this.take(key, limits, true);
  }

  async peek(key: string, limits: SendLimits): Promise<number> {
    return this.take(key, limits, false);
  }

  private take(key: string, limits: SendLimits, commit: boolean): number {
    const now = this.now();
    const blocked = (this.blockedUntil.get(key) ?? 0) - now;
    if (blocked > 0) return blocked;
    const windows = windowsOf(limits);
    let wait = 0;
    for (const w of windows) {
      const log = this.log(`${key}:${w.ms}`, now - w.ms);
      if (log.length >= w.limit) wait = Math.max(wait, (log[log.length - w.limit] ?? now) + w.ms - now, 1);
    }
    const pacing = pacingOf(limits);
    const tat = Math.max(this.tat.get(key) ?? now, now);
    if (pacing && tat - now > pacing.toleranceMs) wait = Math.max(wait, Math.ceil(tat - now - pacing.toleranceMs));
    if (wait > 0 || !commit) return wait;
    for (const w of windows) this.log(`${key}:${w.ms}`, now - w.ms).push(now);
    if (pacing) this.tat.set(key, tat + pacing.intervalMs);
    return 0;
  }

  async slowDown(key: string, ms: number): Promise<void> {
    const until = this.now() + ms;
    if (until > (this.blockedUntil.get(key) ?? 0)) this.blockedUntil.set(key, until);
  }

  async acquireLease(key: string, max: number, ttlMs: number): Promise<string | undefined> {
    const now = this.now();
    let held = this.leases.get(key);
    if (!held) this.leases.set(key, (held = new Map()));
    const lapsed: string[] = [];
    for (const [id, expires] of held) {
      if (expires > now) continue;
      held.delete(id);
      lapsed.push(id);
    }
    if (lapsed.length > 0) this.observer.reclaimed?.(key, lapsed);
    if (held.size >= max) return undefined;
    const id = newLeaseId();
    held.set(id, now + ttlMs);
    this.heartbeat.hold(key, id, ttlMs);
    return id;
  }

  async releaseLease(key: string, lease: string): Promise<void> {
    this.heartbeat.release(lease);
    this.leases.get(key)?.delete(lease);
  }

  /** Leases this limiter renews now (tests). */
  get heldLeases(): number {
    return this.heartbeat.size;
  }

  /** The heartbeat's renewal: pushes each held lease's expiry out; returns those already dropped. */
  private renewLeases(held: readonly HeldLease[]): HeldLease[] {
    const now = this.now();
    const gone: HeldLease[] = [];
    for (const h of held) {
      const leases = this.leases.get(h.key);
      if (leases?.has(h.lease)) leases.set(h.lease, now + h.ttlMs);
      else gone.push(h);
    }
    return gone;
  }

  /** The log of `name` with entries at or before `horizon` dropped. */
  private log(name: string, horizon: number): number[] {
    let log = this.logs.get(name);
    if (!log) this.logs.set(name, (log = []));
    let drop = 0;
    while (drop < log.length && (log[drop] ?? 0) <= horizon) drop++;
    if (drop > 0) log.splice(0, drop);
    return log;
  }
}

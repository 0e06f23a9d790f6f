import { randomUUID } from 'node:crypto';
import type { SendLimits } from '../ports.js';
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
  private readonly leases = new Map<string, Map<string, number>>();

  constructor(private readonly now: () => number = Date.now) {}

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
    for (const [id, expires] of held) if (expires <= now) held.delete(id);
    if (held.size >= max) return undefined;
    const id = randomUUID();
    held.set(id, now + ttlMs);
    return id;
  }

  async releaseLease(key: string, lease: string): Promise<void> {
    this.leases.get(key)?.delete(lease);
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

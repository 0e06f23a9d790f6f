import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';

/**
 * What a limiter reports about its leases. `reclaimed`: leases that lapsed (their holder stopped
 * renewing them: killed, or frozen for the whole TTL) were dropped so their slots serve again;
 * each lease id names its holder (`host:pid/uuid`). `lost`: a lease this process still held had
 * lapsed and been reclaimed by the time it was renewed. `renewFailed`: a heartbeat could not
 * reach the backend (the next one tries again).
 */
export interface LeaseObserver {
  reclaimed?(key: string, leases: readonly string[]): void;
  lost?(key: string, lease: string): void;
  renewFailed?(error: Error): void;
}

/** One lease this process holds. */
export interface HeldLease {
  readonly key: string;
  readonly lease: string;
  readonly ttlMs: number;
}

/** This process as a lease holder: host and pid, so a reclaimed lease says whose it was. */
export const LEASE_OWNER = `${hostname()}:${process.pid}`;

/** A new lease id of `owner`. */
export const newLeaseId = (owner: string = LEASE_OWNER): string => `${owner}/${randomUUID()}`;

/**
 * The heartbeat of a process's leases: while a lease is held (acquired, not yet released) it is
 * renewed every third of its TTL, so a lease outlives its TTL only while its holder lives. Two
 * beats can be missed (a busy event loop, a slow round-trip) before it lapses. One timer per
 * limiter, running only while something is held, renewing every held lease in one call.
 */
export class LeaseHeartbeat {
  private readonly held = new Map<string, HeldLease>();
  private timer: NodeJS.Timeout | undefined;
  private tickMs = Infinity;
  private beating = false;

  /** `renew` renews the given leases and resolves the ones that were gone. */
  constructor(
    private readonly renew: (leases: readonly HeldLease[]) => Promise<readonly HeldLease[]>,
    private readonly observer: LeaseObserver = {},
  ) {}

  hold(key: string, lease: string, ttlMs: number): void {
    this.held.set(lease, { key, lease, ttlMs });
    const tick = Math.max(50, Math.floor(ttlMs / 3));
    if (tick >= this.tickMs && this.timer) return;
    this.tickMs = Math.min(this.tickMs, tick);
    if (this.timer) clearInterval(this.timer);
    this.timer = setInterval(() => void this.beat(), this.tickMs);
    this.timer.unref();
  }

  release(lease: string): void {
    this.held.delete(lease);
    if (this.held.size === 0 && this.timer) {
      clearInterval(this.timer);
      this.timer = undefined;
      this.tickMs = Infinity;
    }
  }

  /** Leases held now (tests, diagnostics). */
  get size(): number {
    return this.held.size;
  }

  /** Renews every held lease now; a beat already under way is not doubled. */
  async beat(): Promise<void> {
    if (this.beating || this.held.size === 0) return;
    this.beating = true;
    try {
      const gone = await this.renew([...this.held.values()]);
      for (const lost of gone) {
        // Released meanwhile: not a loss.
        if (!this.held.has(lost.lease)) continue;
        this.release(lost.lease);
        this.observer.lost?.(lost.key, lost.lease);
      }
    } catch (error) {
      this.observer.renewFailed?.(error as Error);
    } finally {
      this.beating = false;
    }
  }
}

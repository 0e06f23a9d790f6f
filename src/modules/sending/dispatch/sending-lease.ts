import type { Kysely } from 'kysely';
import { errorCode, LoopReporter, type LoopRegistry } from '../../../platform/runtime/loop-health.js';
import type { Logger } from '../../../platform/logger/index.js';
import { dbNowMs } from '../../../platform/db/db-clock.js';
import type { DatabaseSchema } from '../../../platform/db/index.js';
import { systemClock, type Clock } from '../../../platform/clock/index.js';

/** What a dispatcher tells the lease: a job for this outbox row started / finished in this process. */
export interface InFlightRows {
  hold(outboxId: number): void;
  release(outboxId: number): void;
}

/** Options for {@link SendingLease}. */
export interface SendingLeaseOptions {
  readonly db: Kysely<DatabaseSchema>;
  /** The sweepers' stale bound (SEND_STALE_AFTER_MS); rows are renewed every third of it. */
  readonly staleAfterMs: number;
  readonly logger: Logger;
  /** Most ids per UPDATE (default 500). */
  readonly batchSize?: number;
  /** Where renewals report for /health (loop `sending-lease`). */
  readonly registry?: LoopRegistry;
  /** The time source; defaults to the system clock. */
  readonly clock?: Clock;
}

/**
 * Keeps this process's in-flight `sending` rows fresh, so that the sweepers' stale bound measures
 * how long a worker has been silent, not how long a send takes: a slow but live send keeps its row
 * `sending`, and only rows whose process stopped renewing (killed, frozen for most of the bound)
 * become `unknown`.
 *
 * The dispatchers hold an id while its job runs here. Renewing touches only rows still `sending`,
 * so a held job that has not claimed its row yet, or already finished it, changes nothing. (A job
 * handed here after its worker died finds the row `sending` and ends at once; its brief hold can
 * postpone that row's recovery by at most one bound.)
 */
export class SendingLease implements InFlightRows {
  /** Outbox id → jobs running for it here (normally one; a stalled BullMQ job may briefly run twice). */
  private readonly held = new Map<number, number>();
  private readonly batchSize: number;
  private readonly timer: NodeJS.Timeout;
  private renewing: Promise<number> | undefined;
  private closed = false;
  private readonly health: LoopReporter | undefined;

  constructor(private readonly options: SendingLeaseOptions) {
    this.batchSize = Math.max(1, options.batchSize ?? 500);
    this.health = options.registry && new LoopReporter(options.registry, 'sending-lease', 'sending-lease', false);
    // A third of the bound: two renewals can be missed (a busy event loop, a slow store) before
    // another process's sweeper could take a live row for a dead one.
    this.timer = setInterval(() => void this.tick(), Math.max(50, Math.floor(options.staleAfterMs / 3)));
    this.timer.unref();
  }

  hold(outboxId: number): void {
    if (this.closed) return;
    this.held.set(outboxId, (this.held.get(outboxId) ?? 0) + 1);
  }

  release(outboxId: number): void {
    const n = this.held.get(outboxId) ?? 0;
    if (n <= 1) this.held.delete(outboxId);
    else this.held.set(outboxId, n - 1);
  }

  /** Ids held now (tests, diagnostics). */
  get size(): number {
    return this.held.size;
  }

  /**
   * Sets `updated_at` = the database's now on the held rows still `sending`; returns how many. Joins a renewal
   * already running rather than starting a second one.
   */
  renew(): Promise<number> {
    this.renewing ??= this.renewHeld().finally(() => {
      this.renewing = undefined;
    });
    return this.renewing;
  }

  /** Stops renewing (after the dispatcher let its jobs finish); waits for a renewal under way. */
  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.timer);
    this.health?.close();
    this.held.clear();
    await this.renewing?.catch(() => undefined);
  }

  private async tick(): Promise<void> {
    if (this.closed || this.held.size === 0 || this.renewing) return;
    try {
      await this.renew();
      this.health?.ok();
    } catch (error) {
      // The next tick tries again; only a store down for most of the bound lets rows go stale.
      this.options.logger.warn({ loop: 'sending-lease', code: errorCode(error), err: (error as Error).message, rows: this.held.size }, 'sending rows not renewed');
      const now = (this.options.clock ?? systemClock).now();
      this.health?.failed(error, now, now + Math.max(50, Math.floor(this.options.staleAfterMs / 3)));
    }
  }

  private async renewHeld(): Promise<number> {
    const ids = [...this.held.keys()];
    let renewed = 0;
    for (let i = 0; i < ids.length && !this.closed; i += this.batchSize) {
      const result = await this.options.db
        .updateTable('outbox')
        // The database's clock, like the claim and the sweepers' comparison: see recoverStaleSending.
        .set({ updated_at: dbNowMs(this.options.db) })
        .where('id', 'in', ids.slice(i, i + this.batchSize))
        .where('state', '=', 'sending')
        .executeTakeFirst();
      renewed += Number(result.numUpdatedRows);
    }
    return renewed;
  }
}

import type { Kysely } from 'kysely';
import { LoopRegistry } from '../../platform/runtime/loop-health.js';
import { superviseLoop, type Backoff, type SupervisorClock } from '../../platform/runtime/supervisor.js';
import type { Logger } from '../../platform/logger/index.js';
import type { DatabaseSchema } from '../../platform/db/index.js';
import { finishIfDone, runningCampaignIds } from './campaign.store.js';
import type { Dispatcher } from './dispatch/dispatcher.js';
import { countDueRowIds } from './dispatch/due-rows.js';
import { allDueRowIds, recoverStaleSending } from './outbox.store.js';
import { sendingDb } from './sending.db.js';
import { pauseCampaignsOverComplaintLimit, type ComplaintLimit } from './complaints/complaint-limit.js';
import { systemClock } from '../../platform/clock/index.js';

/** Options for {@link Sweeper}. */
export interface SweeperOptions {
  readonly db: Kysely<DatabaseSchema>;
  readonly dispatcher: Dispatcher;
  readonly intervalMs: number;
  /**
   * `sending` rows not renewed for this long are from a dead worker and become `unknown` (live
   * workers renew theirs every third of it: see SendingLease).
   */
  readonly staleAfterMs: number;
  /** This process's lease: renewed right before recovering, so a late timer never costs a live row here. */
  readonly lease?: { renew(): Promise<unknown> };
  readonly logger: Logger;
  /** Pauses running campaigns whose complaint rate passed this bound; absent: no complaint check. */
  readonly complaintLimit?: ComplaintLimit | undefined;
  /** Where the sweeper reports for /health (the critical loop `sweeper`); default: its own. */
  readonly registry?: LoopRegistry;
  readonly clock?: SupervisorClock;
  readonly backoff?: Backoff;
}

/** What one sweep did. */
export interface SweepReport {
  readonly recovered: number;
  readonly enqueued: number;
  readonly finished: number;
  /** Campaigns paused for their complaint rate. */
  readonly paused: number;
}

/**
 * Keeps the queue honest with the store, which is the record:
 *  - `sending` rows whose worker died — no process renewed them for the stale bound — become
 *    `unknown` (never resent automatically);
 *  - queued and due deferred rows without a job are queued again — after a Redis restart, a
 *    process restart in in-process mode, or a resume that raced a dropping job. Enqueueing a row
 *    that still has a job is a no-op, and a duplicate could not send twice anyway (the claim is a
 *    conditional update);
 *  - running campaigns whose complaint rate passed the bound are paused (checked here, not where
 *    the report is read, so a campaign that reaches the minimum sample after its complaints
 *    still pauses, and the bound is the send role's setting);
 *  - running campaigns with nothing left open are marked finished.
 * Safe to run in every worker process at once.
 */
export class Sweeper {
  private stopSignal: AbortController | undefined;
  private loop: Promise<void> | undefined;

  constructor(private readonly options: SweeperOptions) {}

  /**
   * Sweeps now and then every interval, supervised: a failed sweep is logged, shown in /health
   * and retried with backoff (src/app/supervisor.ts) instead of waiting a whole interval or
   * escaping as an unhandled rejection.
   */
  start(): void {
    if (this.loop) return;
    const stop = new AbortController();
    this.stopSignal = stop;
    const { logger, intervalMs } = this.options;
    this.loop = superviseLoop({
      name: 'sweeper',
      critical: true,
      registry: this.options.registry ?? new LoopRegistry(),
      logger,
      signal: stop.signal,
      ...(this.options.clock ? { clock: this.options.clock } : {}),
      ...(this.options.backoff ? { backoff: this.options.backoff } : {}),
      run: async () => {
        await this.sweep();
        return intervalMs;
      },
    });
  }

  async stop(): Promise<void> {
    this.stopSignal?.abort();
    await this.loop;
    this.loop = undefined;
  }

  async sweep(): Promise<SweepReport> {
    const { db, dispatcher } = this.options;
    await this.options.lease?.renew();
    const recovered = await recoverStaleSending(db, this.options.staleAfterMs);
    const now = (this.options.clock ?? systemClock).now();
    if (recovered > 0) this.options.logger.warn({ recovered }, 'rows left sending by a stopped worker marked unknown');
    let enqueued = 0;
    // A dispatcher that pages through the store itself only needs telling (and no count of the
    // whole outbox, which is a scan at a million rows).
    if (!dispatcher.pullDue?.()) {
      // Most sweeps find every due row already queued; only top up when the queue holds fewer jobs
      // than the store has due rows (after a Redis restart: none at all), and only up to the
      // dispatcher's bound: a campaign of a million rows is queued a bound at a time, lowest ids
      // first (those already queued are no-ops), not a million jobs at once.
      const due = await countDueRowIds(sendingDb(db), now);
      const bound = dispatcher.maxBacklog ?? Infinity;
      if (due > 0 && (dispatcher.mode === 'in-process' || (await dispatcher.backlog()) < Math.min(due, bound))) {
        for await (const ids of allDueRowIds(db, { now, limit: 1000 })) {
          await dispatcher.enqueue(ids);
          enqueued += ids.length;
          if (enqueued >= bound) break;
        }
      }
    }
    const paused = this.options.complaintLimit ? await pauseCampaignsOverComplaintLimit(db, this.options.complaintLimit) : [];
    if (paused.length > 0) this.options.logger.warn({ campaigns: paused }, 'campaigns paused: complaint rate above the bound');
    let finished = 0;
    for (const id of await runningCampaignIds(db)) if (await finishIfDone(db, id, this.options.clock)) finished++;
    return { recovered, enqueued, finished, paused: paused.length };
  }
}

import type { Kysely } from 'kysely';
import type { DatabaseSchema } from '../../../platform/db/index.js';
import { loadMergeCustomers, type CustomerMergeFields } from '../../customers/index.js';
import type { OutboxRow } from '../ports.js';
import { systemClock, type Clock } from '../../../platform/clock/index.js';

/** Options for {@link MergeCustomerCache}. */
export interface MergeCustomerCacheOptions {
  readonly db: Kysely<DatabaseSchema>;
  /** Outbox rows looked ahead on a miss, so one query pair serves the next messages too. */
  readonly lookAhead?: number;
  /** How long a loaded customer is reused (an edit shows up in messages after at most this). */
  readonly ttlMs?: number;
  /** Customers kept at most (oldest dropped first). */
  readonly maxEntries?: number;
  /** The time source; defaults to the system clock. */
  readonly clock?: Clock;
}

interface Entry {
  readonly at: number;
  readonly value: Promise<CustomerMergeFields | undefined>;
}

/**
 * The merge view of the customers a campaign is sending to, loaded in batches: a miss for one
 * outbox row loads that row's customer together with the customers of the next rows of the same
 * campaign (which the dispatcher is about to process), three queries per batch instead of three
 * per message, through the customers module's one merge loader. Shared by the composer and the quiet-hours policy (which needs the time zone).
 */
export class MergeCustomerCache {
  private readonly entries = new Map<number, Entry>();
  /** The look-ahead in flight per campaign id. */
  private readonly lookingAhead = new Map<number, Promise<void>>();
  private readonly lookAhead: number;
  private readonly ttlMs: number;
  private readonly maxEntries: number;

  constructor(private readonly options: MergeCustomerCacheOptions) {
    this.lookAhead = options.lookAhead ?? 200;
    this.ttlMs = options.ttlMs ?? 60_000;
    // A few look-ahead windows: enough for every job in flight, small next to a campaign.
    this.maxEntries = options.maxEntries ?? 4_000;
  }

  /** The customer of `row`, or undefined when the customer was deleted since the row was queued. */
  async forRow(row: Pick<OutboxRow, 'id' | 'campaign_id' | 'customer_id'>): Promise<CustomerMergeFields | undefined> {
    const hit = this.fresh(row.customer_id);
    if (hit) return hit.value;
    // Jobs start many at once: a look-ahead already running for this campaign most likely covers
    // this row too, so wait for it instead of running one more query pair per concurrent miss.
    const running = this.lookingAhead.get(row.campaign_id);
    if (running) {
      await running;
      const covered = this.fresh(row.customer_id);
      if (covered) return covered.value;
    }
    const lookAhead = this.lookAheadFrom(row);
    this.lookingAhead.set(row.campaign_id, lookAhead);
    try {
      await lookAhead;
    } finally {
      if (this.lookingAhead.get(row.campaign_id) === lookAhead) this.lookingAhead.delete(row.campaign_id);
    }
    return this.entries.get(row.customer_id)!.value;
  }

  /** Registers loads for `row`'s customer and those of the campaign's next due rows. */
  private async lookAheadFrom(row: Pick<OutboxRow, 'id' | 'campaign_id' | 'customer_id'>): Promise<void> {
    const ahead = await this.options.db
      .selectFrom('outbox')
      .select('customer_id')
      .where('campaign_id', '=', row.campaign_id)
      .where('id', '>=', row.id)
      .where('state', 'in', ['queued', 'deferred'])
      .orderBy('id')
      .limit(this.lookAhead)
      .execute();
    const ids = [...new Set([row.customer_id, ...ahead.map((r) => Number(r.customer_id))])];
    this.load(ids.filter((id) => id === row.customer_id || !this.fresh(id)));
  }

  /** Merge views of these customers (cached ones reused); absent ids were deleted. */
  async many(ids: readonly number[]): Promise<Map<number, CustomerMergeFields>> {
    this.load(ids.filter((id) => !this.fresh(id)));
    const result = new Map<number, CustomerMergeFields>();
    for (const id of ids) {
      const value = await this.entries.get(id)?.value;
      if (value) result.set(id, value);
    }
    return result;
  }

  private fresh(id: number): Entry | undefined {
    const entry = this.entries.get(id);
    return entry && (this.options.clock ?? systemClock).now() - entry.at < this.ttlMs ? entry : undefined;
  }

  /** Starts one batch load and registers its promise for every id, so concurrent misses share it. */
  private load(ids: readonly number[]): void {
    if (ids.length === 0) return;
    const batch = loadMergeCustomers(this.options.db, ids);
    const at = (this.options.clock ?? systemClock).now();
    for (const id of ids) {
      const entry: Entry = { at, value: batch.then((m) => m.get(id)) };
      // A failed load must not stay cached: the next call tries again.
      entry.value.catch(() => {
        if (this.entries.get(id) === entry) this.entries.delete(id);
      });
      this.entries.delete(id); // re-insert at the end: Map order is the eviction order
      this.entries.set(id, entry);
    }
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
  }
}

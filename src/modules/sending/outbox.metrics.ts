import type { Kysely } from 'kysely';
import type { DatabaseSchema } from '../../platform/db/index.js';

/** Outbox rows per state and channel, as the `/metrics` gauges report them. */
export interface OutboxCount {
  readonly state: string;
  readonly channel: string;
  readonly count: number;
}

/** Counts the outbox by state and channel (one grouped query; read at scrape time). */
export async function outboxCounts(db: Kysely<DatabaseSchema>): Promise<OutboxCount[]> {
  const rows = await db
    .selectFrom('outbox')
    .select((eb) => ['state', 'channel', eb.fn.countAll<number | string>().as('n')])
    .groupBy(['state', 'channel'])
    .execute();
  return rows.map((row) => ({ state: row.state, channel: row.channel, count: Number(row.n) }));
}

/**
 * Messages waiting to be sent per channel: `queued` plus `deferred` rows. The outbox is the queue
 * of record in both modes (BullMQ jobs and the in-process queue are rebuilt from it), so every
 * process reports the same depth.
 */
export async function queueDepth(db: Kysely<DatabaseSchema>): Promise<{ channel: string; count: number }[]> {
  const waiting = new Map<string, number>([['email', 0], ['sms', 0]]);
  for (const row of await outboxCounts(db)) {
    if (row.state === 'queued' || row.state === 'deferred') waiting.set(row.channel, (waiting.get(row.channel) ?? 0) + row.count);
  }
  return [...waiting].map(([channel, count]) => ({ channel, count }));
}

import type { ExpressionBuilder, Kysely } from 'kysely';
import type { SendingTables } from '../send.tables.js';
import { systemClock } from '../../../platform/clock/index.js';

type Db = Kysely<SendingTables>;

/** A deferred row's retry time has come (rows deferred without one are due at once). */
const retryDue = (eb: ExpressionBuilder<SendingTables, 'outbox'>, now: number) =>
  eb.or([eb('next_attempt_at', 'is', null), eb('next_attempt_at', '<=', now)]);

/**
 * The first `limit` due row ids greater than `afterId`, in id order: queued rows, and deferred rows
 * whose retry time has come, of running campaigns. The in-process dispatcher pages through these
 * instead of holding every queued id of a large campaign in memory.
 *
 * One pair of queries per running campaign on the outbox's (campaign_id, state) index: each yields
 * its rows in id order from `afterId` on, so a page costs the same whether the campaign has sent
 * none or 999,000 of its rows. (A single query over the whole outbox walks the primary key from
 * `afterId` past every row already sent: 350 ms at a million rows, on the event loop's thread.)
 */
export async function nextDueRowIds(db: Db, afterId: number, limit: number, now = systemClock.now(), onlyCampaign?: number): Promise<number[]> {
  if (limit <= 0) return [];
  let running = db.selectFrom('campaigns').select('id').where('status', '=', 'running');
  if (onlyCampaign !== undefined) running = running.where('id', '=', onlyCampaign);
  const campaigns = await running.execute();
  const ids: number[] = [];
  for (const { id: campaignId } of campaigns) {
    const page = (state: 'queued' | 'deferred') => {
      let query = db.selectFrom('outbox').select('id').where('campaign_id', '=', campaignId).where('state', '=', state).where('id', '>', afterId);
      if (state === 'deferred') query = query.where((eb) => retryDue(eb, now));
      return query.orderBy('id').limit(limit).execute();
    };
    for (const row of await page('queued')) ids.push(Number(row.id));
    for (const row of await page('deferred')) ids.push(Number(row.id));
  }
  ids.sort((a, b) => a - b);
  return ids.length > limit ? ids.slice(0, limit) : ids;
}

/** How many rows {@link nextDueRowIds} would find in all, counted the same way (per campaign and state). */
export async function countDueRowIds(db: Db, now = systemClock.now()): Promise<number> {
  const campaigns = await db.selectFrom('campaigns').select('id').where('status', '=', 'running').execute();
  let due = 0;
  for (const { id: campaignId } of campaigns) {
    const counts = await db
      .selectFrom('outbox')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('campaign_id', '=', campaignId)
      .where((eb) =>
        eb.or([
          eb('state', '=', 'queued'),
          eb.and([eb('state', '=', 'deferred'), retryDue(eb, now)]),
        ]),
      )
      .executeTakeFirstOrThrow();
    due += Number(counts.n);
  }
  return due;
}

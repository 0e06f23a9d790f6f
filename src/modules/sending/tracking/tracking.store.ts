import { sql, type Kysely } from 'kysely';
import type { DatabaseSchema } from '../../../platform/db/index.js';
import { systemClock, type Clock } from '../../../platform/clock/index.js';

type Db = Kysely<DatabaseSchema>;

/**
 * Single events kept per message and kind. Counters always count; the event log stops here so a
 * client (or a bot) fetching one pixel in a loop cannot grow the table without bound.
 */
export const EVENT_CAP = 50;
const USER_AGENT_MAX = 256;

/** One open or click to count. */
export interface TrackingHit {
  readonly outboxId: number;
  readonly kind: 'open' | 'click';
  /** The clicked link (clicks only). */
  readonly linkId?: number | undefined;
  readonly at?: number;
  readonly userAgent?: string | undefined;
}

/** Opens and clicks of one message. */
export interface MessageTracking {
  readonly opens: number;
  readonly clicks: number;
  readonly firstOpenedAt: number | null;
  readonly firstClickedAt: number | null;
}

/**
 * Counts a hit on its message: bumps the message's counter (setting the first-time stamp once)
 * and logs the event while under {@link EVENT_CAP}, in one transaction. Returns false, counting
 * nothing, when the row does not exist (any more).
 */
export async function recordHit(db: Db, hit: TrackingHit, clock: Clock = systemClock): Promise<boolean> {
  const at = hit.at ?? clock.now();
  const open = hit.kind === 'open';
  return db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('outbox').select('campaign_id').where('id', '=', hit.outboxId).executeTakeFirst();
    if (!row) return false;
    const t = sql.table('send_tracking_messages');
    const counted = await trx
      .insertInto('send_tracking_messages')
      .values({
        outbox_id: hit.outboxId,
        campaign_id: row.campaign_id,
        opens: open ? 1 : 0,
        clicks: open ? 0 : 1,
        first_opened_at: open ? at : null,
        first_clicked_at: open ? null : at,
        last_event_at: at,
      })
      .onConflict((oc) =>
        oc.column('outbox_id').doUpdateSet(
          open
            ? { opens: sql`${t}.opens + 1`, first_opened_at: sql`coalesce(${t}.first_opened_at, ${at})`, last_event_at: at }
            : { clicks: sql`${t}.clicks + 1`, first_clicked_at: sql`coalesce(${t}.first_clicked_at, ${at})`, last_event_at: at },
        ),
      )
      .returning(['opens', 'clicks'])
      .executeTakeFirstOrThrow();
    if ((open ? counted.opens : counted.clicks) <= EVENT_CAP) {
      await trx
        .insertInto('send_tracking_events')
        .values({
          outbox_id: hit.outboxId,
          kind: hit.kind,
          link_id: open ? null : (hit.linkId ?? null),
          at,
          user_agent: hit.userAgent ? hit.userAgent.slice(0, USER_AGENT_MAX) : null,
        })
        .execute();
    }
    return true;
  });
}

/** Tracking totals of one or more campaigns. */
export interface TrackingStats {
  /** Messages opened at least once (unique opens). */
  readonly opened: number;
  /** Messages with at least one click (unique clicks). */
  readonly clicked: number;
  /** Every open counted, repeats included. */
  readonly opens: number;
  /** Every click counted, repeats included. */
  readonly clicks: number;
}

/** Totals over the messages of these campaigns (a standing campaign passes its runs too). */
export async function trackingStats(db: Db, campaignIds: readonly number[]): Promise<TrackingStats> {
  if (campaignIds.length === 0) return { opened: 0, clicked: 0, opens: 0, clicks: 0 };
  const row = await db
    .selectFrom('send_tracking_messages')
    .select([
      sql<number>`coalesce(sum(case when opens > 0 then 1 else 0 end), 0)`.as('opened'),
      sql<number>`coalesce(sum(case when clicks > 0 then 1 else 0 end), 0)`.as('clicked'),
      sql<number>`coalesce(sum(opens), 0)`.as('opens'),
      sql<number>`coalesce(sum(clicks), 0)`.as('clicks'),
    ])
    .where('campaign_id', 'in', [...campaignIds])
    .executeTakeFirstOrThrow();
  // PostgreSQL's sum() is numeric, which pg hands over as a string.
  return { opened: Number(row.opened), clicked: Number(row.clicked), opens: Number(row.opens), clicks: Number(row.clicks) };
}

/** Per-message counters for these outbox rows (rows never opened or clicked are absent). */
export async function trackingByMessage(db: Db, outboxIds: readonly number[]): Promise<Map<number, MessageTracking>> {
  const result = new Map<number, MessageTracking>();
  if (outboxIds.length === 0) return result;
  const rows = await db
    .selectFrom('send_tracking_messages')
    .select(['outbox_id', 'opens', 'clicks', 'first_opened_at', 'first_clicked_at'])
    .where('outbox_id', 'in', [...outboxIds])
    .execute();
  for (const r of rows) {
    result.set(Number(r.outbox_id), {
      opens: r.opens,
      clicks: r.clicks,
      firstOpenedAt: r.first_opened_at === null ? null : Number(r.first_opened_at),
      firstClickedAt: r.first_clicked_at === null ? null : Number(r.first_clicked_at),
    });
  }
  return result;
}

import { sql, type Kysely } from 'kysely';
import type { DatabaseSchema } from '../../platform/db/index.js';
import { parseDay, periodKeys } from './day-key.js';

type Db = Kysely<DatabaseSchema>;

/** Query of {@link smsStats}. */
export interface SmsStatsQuery {
  readonly accountId: number;
  /** First and last day (YYYY-MM-DD, inclusive) in the account's time zone. */
  readonly from: string;
  readonly to: string;
  readonly by: 'day' | 'month';
  /** Only this campaign's messages. */
  readonly campaignId?: number;
}

/** Counts for one day or month. */
export interface SmsStatsRow {
  /** YYYY-MM-DD or YYYY-MM in the account's time zone. */
  readonly period: string;
  readonly messages: number;
  readonly parts: number;
  /** Taken by the provider (whatever happened after). */
  readonly accepted: number;
  readonly delivered: number;
  /** Refused by the provider or reported undelivered. */
  readonly failed: number;
  /** Outcome not known yet (money reserved). */
  readonly pending: number;
  /** Charged, minor units. */
  readonly costMinor: number;
}

/** Statistics for a range: one row per period (zero-filled) and the totals. */
export interface SmsStats {
  readonly accountId: number;
  readonly from: string;
  readonly to: string;
  readonly by: 'day' | 'month';
  readonly rows: readonly SmsStatsRow[];
  readonly total: Omit<SmsStatsRow, 'period'>;
}

const count = (condition: ReturnType<typeof sql>) => sql<number>`cast(coalesce(sum(case when ${condition} then 1 else 0 end), 0) as bigint)`;

/**
 * Messages, parts, outcomes and cost per day or month. Days are the account's local days, fixed
 * in `sms_messages.day_key` when the message was created, so a message at 2026-03-01T17:00Z counts
 * on 2026-03-02 for an Asia/Shanghai account.
 */
export async function smsStats(db: Db, query: SmsStatsQuery): Promise<SmsStats> {
  const from = parseDay(query.from, '--from');
  const to = parseDay(query.to, '--to');
  const period = query.by === 'day' ? sql<string>`day_key` : sql<string>`substr(day_key, 1, 7)`;
  let q = db
    .selectFrom('sms_messages')
    .select([
      period.as('period'),
      sql<number>`count(*)`.as('messages'),
      sql<number>`cast(coalesce(sum(parts), 0) as bigint)`.as('parts'),
      count(sql`accepted_at is not null`).as('accepted'),
      count(sql`status = 'delivered'`).as('delivered'),
      count(sql`status = 'failed'`).as('failed'),
      count(sql`status = 'pending'`).as('pending'),
      sql<number>`cast(coalesce(sum(cost_minor), 0) as bigint)`.as('cost'),
    ])
    .where('sms_account_id', '=', query.accountId)
    .where('day_key', '>=', from)
    .where('day_key', '<=', to)
    .groupBy(period);
  if (query.campaignId !== undefined) q = q.where('campaign_id', '=', query.campaignId);
  const found = new Map((await q.execute()).map((r) => [r.period, r]));
  const rows: SmsStatsRow[] = periodKeys(from, to, query.by).map((key) => {
    const r = found.get(key);
    return {
      period: key,
      messages: Number(r?.messages ?? 0),
      parts: Number(r?.parts ?? 0),
      accepted: Number(r?.accepted ?? 0),
      delivered: Number(r?.delivered ?? 0),
      failed: Number(r?.failed ?? 0),
      pending: Number(r?.pending ?? 0),
      costMinor: Number(r?.cost ?? 0),
    };
  });
  const sum = (k: keyof Omit<SmsStatsRow, 'period'>) => rows.reduce((n, r) => n + r[k], 0);
  return {
    accountId: query.accountId,
    from,
    to,
    by: query.by,
    rows,
    total: {
      messages: sum('messages'),
      parts: sum('parts'),
      accepted: sum('accepted'),
      delivered: sum('delivered'),
      failed: sum('failed'),
      pending: sum('pending'),
      costMinor: sum('costMinor'),
    },
  };
}

/** Totals of one campaign's SMS, all dates. */
export async function campaignSmsStats(db: Db, campaignId: number): Promise<Omit<SmsStatsRow, 'period'>> {
  const r = await db
    .selectFrom('sms_messages')
    .select([
      sql<number>`count(*)`.as('messages'),
      sql<number>`cast(coalesce(sum(parts), 0) as bigint)`.as('parts'),
      count(sql`accepted_at is not null`).as('accepted'),
      count(sql`status = 'delivered'`).as('delivered'),
      count(sql`status = 'failed'`).as('failed'),
      count(sql`status = 'pending'`).as('pending'),
      sql<number>`cast(coalesce(sum(cost_minor), 0) as bigint)`.as('cost'),
    ])
    .where('campaign_id', '=', campaignId)
    .executeTakeFirstOrThrow();
  return {
    messages: Number(r.messages),
    parts: Number(r.parts),
    accepted: Number(r.accepted),
    delivered: Number(r.delivered),
    failed: Number(r.failed),
    pending: Number(r.pending),
    costMinor: Number(r.cost),
  };
}

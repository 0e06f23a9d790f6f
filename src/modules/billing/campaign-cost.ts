import { sql, type Kysely } from 'kysely';
import type { DatabaseSchema } from '../../platform/db/index.js';

type Db = Kysely<DatabaseSchema>;

/** What one campaign's SMS cost, from the ledger. */
export interface CampaignSmsCost {
  readonly campaignId: number;
  /** Null when the campaign sent no SMS. */
  readonly currency: string | null;
  /** Messages with a reservation. */
  readonly messages: number;
  /** Parts and money charged (posted). */
  readonly chargedParts: number;
  readonly chargedMinor: number;
  /** Still held for messages whose outcome is not known yet. */
  readonly heldParts: number;
  readonly heldMinor: number;
  /** Messages whose reservation went back (refused, given up). */
  readonly released: number;
}

/**
 * A campaign's SMS cost from the ledger itself (reservations of its messages and their posts and
 * voids), so it equals what the wallet was charged: the per-message table and the statistics sum
 * the same entries through `sms_messages.cost_minor`, written in the post's transaction.
 */
export async function campaignSmsCost(db: Db, campaignId: number): Promise<CampaignSmsCost> {
  const rows = await db
    .selectFrom('sms_messages as m')
    .innerJoin('sms_ledger as p', (j) => j.onRef('p.idempotency_key', '=', 'm.idempotency_key').on('p.kind', '=', 'pending'))
    .leftJoin('sms_ledger as r', 'r.pending_id', 'p.id')
    .select([
      'p.currency',
      sql<number>`count(*)`.as('messages'),
      sql<number>`cast(coalesce(sum(case when r.kind = 'post' then r.parts else 0 end), 0) as bigint)`.as('charged_parts'),
      sql<number>`cast(coalesce(sum(case when r.kind = 'post' then r.amount_minor else 0 end), 0) as bigint)`.as('charged'),
      sql<number>`cast(coalesce(sum(case when r.id is null then p.parts else 0 end), 0) as bigint)`.as('held_parts'),
      sql<number>`cast(coalesce(sum(case when r.id is null then p.amount_minor else 0 end), 0) as bigint)`.as('held'),
      sql<number>`cast(coalesce(sum(case when r.kind = 'void' then 1 else 0 end), 0) as bigint)`.as('released'),
    ])
    .where('m.campaign_id', '=', campaignId)
    .groupBy('p.currency')
    .execute();
  // One currency per SMS account; a campaign uses one account at a time, so one row in practice.
  const sum = (key: 'messages' | 'charged_parts' | 'charged' | 'held_parts' | 'held' | 'released') => rows.reduce((n, r) => n + Number(r[key]), 0);
  return {
    campaignId,
    currency: rows[0]?.currency ?? null,
    messages: sum('messages'),
    chargedParts: sum('charged_parts'),
    chargedMinor: sum('charged'),
    heldParts: sum('held_parts'),
    heldMinor: sum('held'),
    released: sum('released'),
  };
}

import type { SendingDb } from './sending.db.js';

/** Who an outbox row was sent to, for filing replies and bounces (the inbox module). */
export interface OutboxTarget {
  readonly id: number;
  readonly customerId: number;
  readonly campaignId: number;
}

/** The row carrying the first of `tokens` (rule order: In-Reply-To before References) that matches one; undefined if none does. */
export async function outboxByReplyTokens(db: SendingDb, tokens: readonly string[]): Promise<OutboxTarget | undefined> {
  if (tokens.length === 0) return undefined;
  const rows = await db.selectFrom('outbox').select(['id', 'customer_id', 'campaign_id', 'reply_token']).where('reply_token', 'in', tokens).execute();
  for (const token of tokens) {
    const row = rows.find((r) => r.reply_token === token);
    if (row) return { id: Number(row.id), customerId: Number(row.customer_id), campaignId: Number(row.campaign_id) };
  }
  return undefined;
}

/** The newest message sent to this customer at this (lower-cased) address; undefined if none was. */
export async function latestOutboxTo(db: SendingDb, customerId: number, address: string): Promise<OutboxTarget | undefined> {
  const row = await db
    .selectFrom('outbox')
    .select(['id', 'campaign_id'])
    .where('customer_id', '=', customerId)
    .where('address', '=', address)
    .orderBy('id', 'desc')
    .executeTakeFirst();
  return row && { id: Number(row.id), customerId, campaignId: Number(row.campaign_id) };
}

/** The address and channel an outbox row was sent to; undefined when the row is gone. */
export async function outboxAddress(db: SendingDb, id: number): Promise<{ address: string; channel: 'email' | 'sms' } | undefined> {
  return db.selectFrom('outbox').select(['address', 'channel']).where('id', '=', id).executeTakeFirst();
}

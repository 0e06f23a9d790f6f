import type { Kysely } from 'kysely';
import type { DeliveryReceipt } from '../../adapters/sms/index.js';
import type { DatabaseSchema } from '../../platform/db/index.js';
import type { TidingsMigration } from '../../platform/db/migration.js';
import { BIGINT } from '../../platform/db/dialect.js';

type Db = Kysely<DatabaseSchema>;

/**
 * A delivery receipt that named no charged message yet. A fast provider can push the receipt
 * before our charge commits (the provider's id is stored with the charge, after its HTTP answer):
 * the receipt waits here and the charge applies it. Receipts that never match (later SMPP parts,
 * another system's ids) are dropped after {@link EARLY_RECEIPT_TTL_MS}.
 */
export interface SmsEarlyReceiptsTable {
  provider: string;
  provider_message_id: string;
  status: 'delivered' | 'failed';
  delivered_at: number | null;
  error_code: string | null;
  received_at: number;
}

/** How long a receipt waits for its message. */
export const EARLY_RECEIPT_TTL_MS = 7 * 86_400_000;

export const earlyReceiptsMigration: TidingsMigration = {
  name: '0520_sms_early_receipts',
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('sms_early_receipts')
      .addColumn('provider', 'text', (c) => c.notNull())
      .addColumn('provider_message_id', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('delivered_at', BIGINT)
      .addColumn('error_code', 'text')
      .addColumn('received_at', BIGINT, (c) => c.notNull())
      .addPrimaryKeyConstraint('sms_early_receipts_pk', ['provider', 'provider_message_id'])
      .execute();
    await db.schema.createIndex('sms_early_receipts_received').on('sms_early_receipts').column('received_at').execute();
  },
};

/** The row change a final receipt makes to its message. */
export function receiptChange(receipt: Pick<DeliveryReceipt, 'status' | 'errorCode' | 'providerStatus' | 'deliveredAt'>, now: number) {
  return {
    status: receipt.status as 'delivered' | 'failed',
    delivered_at: receipt.status === 'delivered' ? (receipt.deliveredAt ?? now) : null,
    error_code: receipt.status === 'failed' ? (receipt.errorCode ?? receipt.providerStatus) : null,
  };
}

/** Keeps a final receipt that matched no charged message, and drops the ones that waited too long. */
export async function keepEarlyReceipt(db: Db, provider: string, receipt: DeliveryReceipt, now: number): Promise<void> {
  const change = receiptChange(receipt, now);
  await db
    .insertInto('sms_early_receipts')
    .values({ provider, provider_message_id: receipt.providerMessageId, ...change, received_at: now })
    .onConflict((oc) => oc.columns(['provider', 'provider_message_id']).doNothing())
    .execute();
  await db.deleteFrom('sms_early_receipts').where('received_at', '<', now - EARLY_RECEIPT_TTL_MS).execute();
}

/**
 * Applies a receipt that arrived before the charge of message `key` (provider id `providerMessageId`),
 * inside the charge's transaction; returns whether there was one.
 */
export async function applyEarlyReceipt(trx: Db, key: string, provider: string, providerMessageId: string): Promise<boolean> {
  const early = await trx
    .deleteFrom('sms_early_receipts')
    .where('provider', '=', provider)
    .where('provider_message_id', '=', providerMessageId)
    .returning(['status', 'delivered_at', 'error_code'])
    .executeTakeFirst();
  if (!early) return false;
  await trx
    .updateTable('sms_messages')
    .set({ status: early.status, delivered_at: early.delivered_at, error_code: early.error_code })
    .where('idempotency_key', '=', key)
    .where('status', '=', 'accepted')
    .execute();
  return true;
}

import { sql, type Kysely } from 'kysely';
import { BIGINT, withId, type DialectName } from '../../platform/db/dialect.js';
import type { TidingsMigration } from '../../platform/db/migration.js';
import { sandboxMigration } from './sandbox.migration.js';
import { earlyReceiptsMigration } from './early-receipts.js';

/**
 * Migrations owned by src/billing. Never edit a migration that has landed; add a new one.
 */
// The CHECK is a last line of defence: the ledger code refuses an overdraw before it gets here.
export const billingMigrations: readonly TidingsMigration[] = [
  {
    name: '0500_sms_ledger',
    async up(db: Kysely<any>, d: DialectName) {
      await db.schema
        .createTable('sms_wallets')
        .addColumn('sms_account_id', BIGINT, (c) => c.primaryKey().references('sms_accounts.id').onDelete('cascade'))
        .addColumn('currency', 'text', (c) => c.notNull())
        .addColumn('credited_minor', BIGINT, (c) => c.notNull().defaultTo(0))
        .addColumn('adjusted_minor', BIGINT, (c) => c.notNull().defaultTo(0))
        .addColumn('posted_minor', BIGINT, (c) => c.notNull().defaultTo(0))
        .addColumn('pending_minor', BIGINT, (c) => c.notNull().defaultTo(0))
        .addColumn('balance_minor', BIGINT, (c) => c.notNull().defaultTo(0).check(sql`balance_minor >= 0`))
        .addColumn('low_balance_minor', BIGINT)
        .addColumn('updated_at', BIGINT, (c) => c.notNull())
        .execute();

      await withId(db.schema.createTable('sms_ledger'), d)
        .addColumn('sms_account_id', BIGINT, (c) => c.notNull().references('sms_accounts.id'))
        .addColumn('idempotency_key', 'text', (c) => c.notNull().unique())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('amount_minor', BIGINT, (c) => c.notNull())
        .addColumn('currency', 'text', (c) => c.notNull())
        .addColumn('price_minor', BIGINT)
        .addColumn('parts', 'integer')
        .addColumn('pending_id', BIGINT, (c) => c.references('sms_ledger.id').unique())
        .addColumn('outbox_id', BIGINT)
        .addColumn('reference', 'text')
        .addColumn('reason', 'text')
        .addColumn('operator', 'text')
        .addColumn('created_at', BIGINT, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('sms_ledger_account_kind').on('sms_ledger').columns(['sms_account_id', 'kind']).execute();

      await withId(db.schema.createTable('sms_prices'), d)
        .addColumn('sms_account_id', BIGINT, (c) => c.notNull().references('sms_accounts.id').onDelete('cascade'))
        .addColumn('price_minor', BIGINT, (c) => c.notNull())
        .addColumn('currency', 'text', (c) => c.notNull())
        .addColumn('effective_from', BIGINT, (c) => c.notNull())
        .addColumn('created_at', BIGINT, (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('sms_prices_account_from')
        .on('sms_prices')
        .columns(['sms_account_id', 'effective_from'])
        .execute();

      await withId(db.schema.createTable('sms_messages'), d)
        .addColumn('sms_account_id', BIGINT, (c) => c.notNull().references('sms_accounts.id'))
        .addColumn('campaign_id', BIGINT)
        .addColumn('outbox_id', BIGINT)
        .addColumn('to_e164', 'text', (c) => c.notNull())
        .addColumn('parts', 'integer', (c) => c.notNull())
        .addColumn('price_minor', BIGINT, (c) => c.notNull())
        .addColumn('cost_minor', BIGINT)
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('provider', 'text', (c) => c.notNull())
        .addColumn('provider_message_id', 'text')
        .addColumn('idempotency_key', 'text', (c) => c.notNull().unique())
        .addColumn('error_code', 'text')
        .addColumn('error_text', 'text')
        .addColumn('created_at', BIGINT, (c) => c.notNull())
        .addColumn('accepted_at', BIGINT)
        .addColumn('delivered_at', BIGINT)
        .addColumn('day_key', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('sms_messages_account_day').on('sms_messages').columns(['sms_account_id', 'day_key']).execute();
      await db.schema.createIndex('sms_messages_campaign').on('sms_messages').column('campaign_id').execute();
      await db.schema
        .createIndex('sms_messages_provider_id')
        .on('sms_messages')
        .columns(['provider', 'provider_message_id'])
        .execute();
    },
  },
  {
    // Fen → 厘 (0.001 yuan): every stored price and amount × 10, so prices like ¥0.045 fit in a
    // whole number (see money.ts). One statement per table; nulls stay null.
    name: '0510_billing_minor_to_li',
    async up(db: Kysely<any>) {
      await sql`update sms_wallets set credited_minor = credited_minor * 10, adjusted_minor = adjusted_minor * 10, posted_minor = posted_minor * 10, pending_minor = pending_minor * 10, balance_minor = balance_minor * 10, low_balance_minor = low_balance_minor * 10`.execute(db);
      await sql`update sms_ledger set amount_minor = amount_minor * 10, price_minor = price_minor * 10`.execute(db);
      await sql`update sms_prices set price_minor = price_minor * 10`.execute(db);
      await sql`update sms_messages set price_minor = price_minor * 10, cost_minor = cost_minor * 10`.execute(db);
    },
  },
  sandboxMigration,
  earlyReceiptsMigration,
];

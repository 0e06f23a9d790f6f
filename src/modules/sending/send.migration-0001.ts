import type { Kysely } from 'kysely';
import { BIGINT, withId, type DialectName } from '../../platform/db/dialect.js';

/**
 * The sending module's share of migration 0001 (src/platform/db/migrations/0001-core.ts): the
 * `campaigns` and `outbox` tables as that migration created them, run by it after the tables they
 * reference. Never edit it: databases migrated since 0001 have exactly these tables.
 */
export async function createCampaignsAndOutbox(db: Kysely<any>, d: DialectName): Promise<void> {
  await withId(db.schema.createTable('campaigns'), d)
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().defaultTo('bulk'))
    .addColumn('mail_account_id', BIGINT, (c) => c.references('mail_accounts.id'))
    .addColumn('sms_account_id', BIGINT, (c) => c.references('sms_accounts.id'))
    .addColumn('template_version_id', BIGINT, (c) => c.notNull().references('template_versions.id'))
    .addColumn('audience', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('schedule', 'text')
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('draft'))
    .addColumn('status_reason', 'text')
    .addColumn('tracking', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_by', 'text')
    .addColumn('created_at', BIGINT, (c) => c.notNull())
    .addColumn('started_at', BIGINT)
    .addColumn('finished_at', BIGINT)
    .addColumn('updated_at', BIGINT, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('campaigns_status').on('campaigns').column('status').execute();

  await withId(db.schema.createTable('outbox'), d)
    .addColumn('campaign_id', BIGINT, (c) => c.notNull().references('campaigns.id').onDelete('cascade'))
    .addColumn('customer_id', BIGINT, (c) => c.notNull().references('customers.id'))
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('address', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull().defaultTo('queued'))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', BIGINT)
    .addColumn('message_id', 'text')
    .addColumn('reply_token', 'text', (c) => c.notNull().unique())
    .addColumn('error_code', 'text')
    .addColumn('error_text', 'text')
    .addColumn('parts', 'integer')
    .addColumn('cost_minor', BIGINT)
    .addColumn('created_at', BIGINT, (c) => c.notNull())
    .addColumn('updated_at', BIGINT, (c) => c.notNull())
    .addColumn('sent_at', BIGINT)
    .addUniqueConstraint('outbox_unique', ['campaign_id', 'customer_id', 'channel'])
    .execute();
  await db.schema.createIndex('outbox_campaign_state').on('outbox').columns(['campaign_id', 'state']).execute();
  await db.schema.createIndex('outbox_state_next').on('outbox').columns(['state', 'next_attempt_at']).execute();
  await db.schema.createIndex('outbox_message_id').on('outbox').column('message_id').execute();
  await db.schema.createIndex('outbox_customer').on('outbox').column('customer_id').execute();
}

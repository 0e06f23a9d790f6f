import type { Kysely } from 'kysely';
import { BIGINT, withId, type DialectName } from '../../platform/db/dialect.js';
import type { TidingsMigration } from '../../platform/db/migration.js';
import { inboxReadsMigration } from './mine/reads.migration.js';
import { inboxForwardsMigration } from './mine/forwards.migration.js';

/**
 * Migrations owned by src/inbox. Never edit a migration that has landed; add a new one.
 *
 * The raw source is kept in the row (bytea / blob) rather than as a file under the data dir: it
 * then shares the row's transaction (no orphan files after a crash, no missing file after a
 * restore) and every worker on every machine can read it when the store is PostgreSQL.
 */
export const inboxMigrations: readonly TidingsMigration[] = [
  {
    name: '0600_inbox',
    async up(db: Kysely<any>, d: DialectName) {
      await withId(db.schema.createTable('inbox_messages'), d)
        .addColumn('account_id', BIGINT, (c) => c.references('mail_accounts.id').onDelete('set null'))
        .addColumn('folder', 'text', (c) => c.notNull())
        .addColumn('uid_key', 'text', (c) => c.notNull())
        .addColumn('message_key', 'text', (c) => c.notNull())
        .addColumn('message_id', 'text')
        .addColumn('in_reply_to', 'text')
        .addColumn('references_header', 'text')
        .addColumn('from_address', 'text')
        .addColumn('from_name', 'text')
        .addColumn('to_addresses', 'text', (c) => c.notNull().defaultTo('[]'))
        .addColumn('subject', 'text')
        .addColumn('date_at', BIGINT, (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('text', 'text')
        .addColumn('html', 'text')
        .addColumn('attachments', 'text', (c) => c.notNull().defaultTo('[]'))
        .addColumn('raw', d === 'postgres' ? 'bytea' : 'blob', (c) => c.notNull())
        .addColumn('raw_size', 'integer', (c) => c.notNull())
        .addColumn('customer_id', BIGINT, (c) => c.references('customers.id').onDelete('set null'))
        .addColumn('outbox_id', BIGINT, (c) => c.references('outbox.id').onDelete('set null'))
        .addColumn('campaign_id', BIGINT, (c) => c.references('campaigns.id').onDelete('set null'))
        .addColumn('bounce_type', 'text')
        .addColumn('bounce_recipient', 'text')
        .addColumn('bounce_status', 'text')
        .addColumn('bounce_diagnostic', 'text')
        .addColumn('filed_by', 'text')
        .addColumn('candidates', 'text')
        .addColumn('created_at', BIGINT, (c) => c.notNull())
        .execute();
      // Dedupe: the same message is stored once whichever mailbox or import brought it, and a
      // mailbox position is stored once (a rescan after a UIDVALIDITY change hits one or the other).
      await db.schema.createIndex('inbox_messages_key').on('inbox_messages').column('message_key').unique().execute();
      await db.schema
        .createIndex('inbox_messages_position')
        .on('inbox_messages')
        .columns(['account_id', 'folder', 'uid_key'])
        .unique()
        .execute();
      await db.schema.createIndex('inbox_messages_customer').on('inbox_messages').columns(['customer_id', 'date_at']).execute();
      await db.schema.createIndex('inbox_messages_campaign').on('inbox_messages').columns(['campaign_id', 'kind']).execute();
      await db.schema.createIndex('inbox_messages_bounce').on('inbox_messages').column('bounce_recipient').execute();

      await db.schema
        .createTable('inbox_cursors')
        .addColumn('account_id', BIGINT, (c) => c.notNull().references('mail_accounts.id').onDelete('cascade'))
        .addColumn('folder', 'text', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('updated_at', BIGINT, (c) => c.notNull())
        .addPrimaryKeyConstraint('inbox_cursors_pk', ['account_id', 'folder'])
        .execute();

      await db.schema
        .createTable('inbox_leases')
        .addColumn('account_id', BIGINT, (c) => c.primaryKey().references('mail_accounts.id').onDelete('cascade'))
        .addColumn('holder', 'text', (c) => c.notNull())
        .addColumn('expires_at', BIGINT, (c) => c.notNull())
        .execute();
    },
  },
  {
    // Inbound effects need proof: a bounce or unsubscribe that does not prove it answers one of
    // our messages is kept as `unverified` (no suppression) until a person confirms it. Rows
    // stored before this migration keep a null state: their effects were applied back then, and
    // they no longer count towards the soft-bounce limit (only proven bounces do).
    name: '0620_inbox_effect_proof',
    async up(db: Kysely<any>) {
      await db.schema.alterTable('inbox_messages').addColumn('verification', 'text').execute();
      await db.schema.alterTable('inbox_messages').addColumn('verification_note', 'text').execute();
      // A user id, kept without a foreign key: the users table belongs to src/api, and who
      // confirmed stays readable in the row even after that user is deleted.
      await db.schema.alterTable('inbox_messages').addColumn('confirmed_by', BIGINT).execute();
      await db.schema.alterTable('inbox_messages').addColumn('confirmed_at', BIGINT).execute();
      await db.schema.createIndex('inbox_messages_verification').on('inbox_messages').columns(['verification', 'date_at']).execute();
    },
  },
  inboxReadsMigration,
  inboxForwardsMigration,
];

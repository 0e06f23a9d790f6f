import type { Kysely } from 'kysely';
import { BIGINT, withId, type DialectName } from '../../platform/db/dialect.js';
import type { TidingsMigration } from '../../platform/db/migration.js';

/** The messages the local sandbox SMS provider "sent": the SMS outbox screen lists them. */
export const sandboxMigration: TidingsMigration = {
  name: '0511_sms_sandbox_messages',
  async up(db: Kysely<any>, d: DialectName) {
    await withId(db.schema.createTable('sms_sandbox_messages'), d)
      .addColumn('sms_account_id', BIGINT, (c) => c.notNull().references('sms_accounts.id').onDelete('cascade'))
      .addColumn('provider_message_id', 'text', (c) => c.notNull().unique())
      .addColumn('to_e164', 'text', (c) => c.notNull())
      .addColumn('sender_id', 'text')
      .addColumn('text', 'text', (c) => c.notNull())
      .addColumn('parts', 'integer', (c) => c.notNull())
      .addColumn('encoding', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('created_at', BIGINT, (c) => c.notNull())
      .addColumn('delivered_at', BIGINT)
      .execute();
    await db.schema.createIndex('sms_sandbox_messages_account').on('sms_sandbox_messages').columns(['sms_account_id', 'id']).execute();
  },
};

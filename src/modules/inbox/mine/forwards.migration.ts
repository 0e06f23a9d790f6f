import type { Kysely } from 'kysely';
import { BIGINT, withId, type DialectName } from '../../../platform/db/dialect.js';
import type { TidingsMigration } from '../../../platform/db/migration.js';

/**
 * Received messages a person forwarded to other addresses (a colleague, a manager). They go out
 * outside the per-customer send pipeline, so this row is what puts them on the customer's
 * timeline. Users and mail accounts belong to other modules: their ids are kept without foreign keys.
 */
export const inboxForwardsMigration: TidingsMigration = {
  name: '0650_inbox_forwards',
  async up(db: Kysely<any>, d: DialectName) {
    await withId(db.schema.createTable('inbox_forwards'), d)
      .addColumn('message_id', BIGINT, (c) => c.notNull().references('inbox_messages.id').onDelete('cascade'))
      .addColumn('customer_id', BIGINT)
      .addColumn('account_id', BIGINT)
      .addColumn('to_addresses', 'text', (c) => c.notNull())
      .addColumn('subject', 'text', (c) => c.notNull())
      .addColumn('sent_message_id', 'text', (c) => c.notNull())
      .addColumn('created_by', 'text', (c) => c.notNull())
      .addColumn('sent_at', BIGINT, (c) => c.notNull())
      .execute();
    await db.schema.createIndex('inbox_forwards_customer').on('inbox_forwards').columns(['customer_id', 'sent_at']).execute();
  },
};

import type { Kysely } from 'kysely';
import { BIGINT } from '../../../platform/db/dialect.js';
import type { TidingsMigration } from '../../../platform/db/migration.js';

/**
 * Per-user read state of received messages ("My inbox" marks unread ones; opening one marks it
 * read for that person only). The user id has no foreign key: the users table belongs to another
 * module, and a row left by a deleted user is harmless.
 */
export const inboxReadsMigration: TidingsMigration = {
  name: '0630_inbox_reads',
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('inbox_reads')
      .addColumn('message_id', BIGINT, (c) => c.notNull().references('inbox_messages.id').onDelete('cascade'))
      .addColumn('user_id', BIGINT, (c) => c.notNull())
      .addColumn('read_at', BIGINT, (c) => c.notNull())
      .addPrimaryKeyConstraint('inbox_reads_pk', ['message_id', 'user_id'])
      .execute();
  },
};

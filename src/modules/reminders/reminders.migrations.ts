import type { Kysely } from 'kysely';
import { BIGINT, withId, type DialectName } from '../../platform/db/dialect.js';
import type { TidingsMigration } from '../../platform/db/migration.js';

/** Reminder settings per person and the record of digests sent (unique per person and local day). */
const reminders: TidingsMigration = {
  name: '0950_reminders',
  async up(db: Kysely<any>, d: DialectName) {
    await db.schema
      .createTable('reminder_settings')
      .addColumn('user_id', 'integer', (c) => c.primaryKey().references('users.id').onDelete('cascade'))
      .addColumn('digest_enabled', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('days_ahead', 'integer', (c) => c.notNull().defaultTo(7))
      .addColumn('send_time', 'text', (c) => c.notNull().defaultTo('08:00'))
      .addColumn('time_zone', 'text')
      .addColumn('language', 'text')
      .addColumn('updated_at', BIGINT, (c) => c.notNull())
      .execute();
    await withId(db.schema.createTable('reminder_digests'), d)
      .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('local_date', 'text', (c) => c.notNull())
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('claimed_at', BIGINT, (c) => c.notNull())
      .addColumn('sent_at', BIGINT)
      .addColumn('response', 'text')
      .addUniqueConstraint('reminder_digests_user_day', ['user_id', 'local_date'])
      .execute();
  },
};

/** Migrations owned by src/modules/reminders (names 0950–0979). Never edit one that has landed. */
export const remindersMigrations: readonly TidingsMigration[] = [reminders];

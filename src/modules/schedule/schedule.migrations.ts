import { BIGINT, withId } from '../../platform/db/dialect.js';
import type { TidingsMigration } from '../../platform/db/migration.js';

/** Migrations owned by src/schedule (prefix 0700). Never edit one that has landed; add a new one. */
export const scheduleMigrations: readonly TidingsMigration[] = [
  {
    name: '0700_schedule_claims',
    async up(db, dialect) {
      await withId(db.schema.createTable('schedule_runs'), dialect)
        .addColumn('campaign_id', BIGINT, (c) => c.notNull().references('campaigns.id').onDelete('cascade'))
        .addColumn('occurrence_key', 'text', (c) => c.notNull())
        .addColumn('due_at', BIGINT, (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('customer_ids', 'text')
        .addColumn('claimed_at', BIGINT, (c) => c.notNull())
        .addColumn('launched_at', BIGINT)
        .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('last_error', 'text')
        .addUniqueConstraint('schedule_runs_unique', ['campaign_id', 'occurrence_key'])
        .execute();
      await db.schema.createIndex('schedule_runs_state').on('schedule_runs').columns(['state', 'claimed_at']).execute();

      await withId(db.schema.createTable('schedule_deliveries'), dialect)
        .addColumn('campaign_id', BIGINT, (c) => c.notNull().references('campaigns.id').onDelete('cascade'))
        .addColumn('customer_id', BIGINT, (c) => c.notNull().references('customers.id').onDelete('cascade'))
        .addColumn('occurrence_key', 'text', (c) => c.notNull())
        .addColumn('due_at', BIGINT, (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('claimed_at', BIGINT, (c) => c.notNull())
        .addColumn('launched_at', BIGINT)
        .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('last_error', 'text')
        .addUniqueConstraint('schedule_deliveries_unique', ['campaign_id', 'customer_id', 'occurrence_key'])
        .execute();
      await db.schema
        .createIndex('schedule_deliveries_state')
        .on('schedule_deliveries')
        .columns(['state', 'claimed_at'])
        .execute();
    },
  },
];

import { BIGINT } from '../store/dialect.js';
import type { TidingsMigration } from '../store/migration.js';

/**
 * Migrations owned by src/send (prefix 0400). Never edit a migration that has landed; add a new one.
 */
export const sendMigrations: readonly TidingsMigration[] = [
  {
    name: '0400_send_campaign_state',
    async up(db) {
      await db.schema
        .createTable('send_campaign_state')
        .addColumn('campaign_id', BIGINT, (c) => c.primaryKey().references('campaigns.id').onDelete('cascade'))
        .addColumn('materialized_at', BIGINT)
        .addColumn('recipients', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('updated_at', BIGINT, (c) => c.notNull())
        .execute();
      // The sweeper looks for `sending` rows by age and for due `deferred` rows.
      await db.schema.createIndex('outbox_state_updated').on('outbox').columns(['state', 'updated_at']).execute();
    },
  },
  {
    name: '0410_campaign_runs',
    async up(db) {
      // Each occurrence of a standing campaign is a child campaign; (parent, key) makes launching idempotent.
      await db.schema
        .alterTable('campaigns')
        .addColumn('parent_id', BIGINT, (c) => c.references('campaigns.id'))
        .execute();
      await db.schema.alterTable('campaigns').addColumn('occurrence_key', 'text').execute();
      await db.schema.createIndex('campaigns_parent_occurrence').unique().on('campaigns').columns(['parent_id', 'occurrence_key']).execute();
    },
  },
];

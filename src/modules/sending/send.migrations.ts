import { sql } from 'kysely';
import { BIGINT } from '../../platform/db/dialect.js';
import type { TidingsMigration } from '../../platform/db/migration.js';
import { copyToSentMigration } from './sent-copy/sent-copy.migration.js';
import { trackingMigration } from './tracking/tracking.migration.js';
import { oneoffMigration } from './oneoff/oneoff.migration.js';
import { complaintsMigration } from './complaints/complaints.migration.js';

export { createCampaignsAndOutbox } from './send.migration-0001.js';

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
  copyToSentMigration,
  trackingMigration,
  {
    name: '0420_outbox_lean_indexes',
    async up(db) {
      // Every claim and sent mark rewrote entries in all of the outbox's indexes; a commit of a
      // batch wrote 3.1 pages per message to the WAL. Two of them served no query:
      // - outbox_message_id: replies and bounces are matched by reply token (the Message-ID
      //   carries it), nothing looks rows up by Message-ID, and each sent mark put a random key in it;
      // - outbox_state_next: due rows are found per running campaign through outbox_campaign_state.
      // And the sweeper's "sending for too long" only ever asks about `sending` rows: a partial
      // index holds just those (a few per worker) instead of every row by state. 1.1 pages per
      // message now (SQLite, measured with the WAL's frame count).
      await db.schema.dropIndex('outbox_message_id').ifExists().execute();
      await db.schema.dropIndex('outbox_state_next').ifExists().execute();
      await db.schema.dropIndex('outbox_state_updated').ifExists().execute();
      await db.schema
        .createIndex('outbox_sending_since')
        .on('outbox')
        .column('updated_at')
        .where(sql.ref('state'), '=', sql.lit('sending'))
        .execute();
    },
  },
  oneoffMigration,
  {
    // The billing module's minor unit became the 厘 (0.001 yuan; its migration 0510): the SMS cost
    // each outbox row recorded is in that unit too, fen × 10.
    name: '0480_outbox_sms_cost_to_li',
    async up(db) {
      await sql`update outbox set cost_minor = cost_minor * 10 where cost_minor is not null`.execute(db);
    },
  },
  complaintsMigration,
  {
    // Which language variant of the template each recipient got (`zh-CN`, `en`), written with the
    // sent mark; null for rows sent before this, SMS rows and one-off letters without variants.
    name: '0495_outbox_language',
    async up(db) {
      await db.schema.alterTable('outbox').addColumn('language', 'text').execute();
    },
  },
];

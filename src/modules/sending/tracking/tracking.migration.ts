import { BIGINT, withId } from '../../../platform/db/dialect.js';
import type { TidingsMigration } from '../../../platform/db/migration.js';

/** Open/click tracking tables (listed in send.migrations.ts). */
export const trackingMigration: TidingsMigration = {
  name: '0450_send_tracking',
  async up(db, dialect) {
    await withId(db.schema.createTable('send_tracking_links'), dialect)
      .addColumn('campaign_id', BIGINT, (c) => c.notNull().references('campaigns.id').onDelete('cascade'))
      .addColumn('url_sha256', 'text', (c) => c.notNull())
      .addColumn('url', 'text', (c) => c.notNull())
      .addColumn('created_at', BIGINT, (c) => c.notNull())
      .execute();
    // Registering a campaign's links is an idempotent insert-or-nothing on this key.
    await db.schema.createIndex('send_tracking_links_campaign_url').unique().on('send_tracking_links').columns(['campaign_id', 'url_sha256']).execute();

    await db.schema
      .createTable('send_tracking_messages')
      .addColumn('outbox_id', BIGINT, (c) => c.primaryKey().references('outbox.id').onDelete('cascade'))
      .addColumn('campaign_id', BIGINT, (c) => c.notNull().references('campaigns.id').onDelete('cascade'))
      .addColumn('opens', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('clicks', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('first_opened_at', BIGINT)
      .addColumn('first_clicked_at', BIGINT)
      .addColumn('last_event_at', BIGINT, (c) => c.notNull())
      .execute();
    await db.schema.createIndex('send_tracking_messages_campaign').on('send_tracking_messages').column('campaign_id').execute();

    await withId(db.schema.createTable('send_tracking_events'), dialect)
      .addColumn('outbox_id', BIGINT, (c) => c.notNull().references('outbox.id').onDelete('cascade'))
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('link_id', BIGINT, (c) => c.references('send_tracking_links.id').onDelete('cascade'))
      .addColumn('at', BIGINT, (c) => c.notNull())
      .addColumn('user_agent', 'text')
      .execute();
    await db.schema.createIndex('send_tracking_events_outbox').on('send_tracking_events').columns(['outbox_id', 'at']).execute();
  },
};

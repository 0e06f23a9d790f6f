import { BIGINT, withId } from '../../../platform/db/dialect.js';
import type { TidingsMigration } from '../../../platform/db/migration.js';

/**
 * Complaints and SMTP-time rejections (listed in send.migrations.ts):
 *  - `send_complaints`: one row per message a recipient reported as spam (a feedback-loop
 *    report); unique per outbox row, so a report read twice counts once;
 *  - `outbox.smtp_code` / `smtp_status` / `bounce_reason`: what the receiving server said when it
 *    refused a message during the SMTP session (550 5.1.1 …) and what that means.
 */
export const complaintsMigration: TidingsMigration = {
  name: '0490_send_complaints',
  async up(db, dialect) {
    await withId(db.schema.createTable('send_complaints'), dialect)
      .addColumn('outbox_id', BIGINT, (c) => c.notNull().references('outbox.id').onDelete('cascade'))
      .addColumn('campaign_id', BIGINT, (c) => c.notNull().references('campaigns.id').onDelete('cascade'))
      // No foreign key: the count stays with the account's history even if the campaign moved
      // to another mailbox, and a deleted mailbox must not need its complaints deleted first.
      .addColumn('mail_account_id', BIGINT)
      .addColumn('customer_id', BIGINT)
      .addColumn('address', 'text', (c) => c.notNull())
      .addColumn('feedback_type', 'text', (c) => c.notNull())
      .addColumn('user_agent', 'text')
      .addColumn('arrived_at', BIGINT)
      // The inbox message that carried the report (no foreign key: that table is the inbox's).
      .addColumn('inbox_message_id', BIGINT)
      .addColumn('created_at', BIGINT, (c) => c.notNull())
      .execute();
    await db.schema.createIndex('send_complaints_outbox').unique().on('send_complaints').column('outbox_id').execute();
    await db.schema.createIndex('send_complaints_campaign').on('send_complaints').column('campaign_id').execute();
    await db.schema.createIndex('send_complaints_account').on('send_complaints').column('mail_account_id').execute();

    await db.schema.alterTable('outbox').addColumn('smtp_code', 'integer').execute();
    await db.schema.alterTable('outbox').addColumn('smtp_status', 'text').execute();
    await db.schema.alterTable('outbox').addColumn('bounce_reason', 'text').execute();
  },
};

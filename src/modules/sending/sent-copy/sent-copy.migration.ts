import type { TidingsMigration } from '../../../platform/db/migration.js';

/**
 * Per-campaign "file a copy in the account's Sent folder". Null means the default for the
 * campaign's kind (on for one-off sales emails, off for bulk), so rows written by code that never
 * heard of the flag still behave; 1/0 is an explicit choice made when the campaign was created.
 */
export const copyToSentMigration: TidingsMigration = {
  name: '0420_campaign_copy_to_sent',
  async up(db) {
    await db.schema.alterTable('campaigns').addColumn('copy_to_sent', 'integer').execute();
  },
};

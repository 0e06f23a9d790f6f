/**
 * Row types of the tables src/send adds (see send.migrations.ts), merged into the store's schema.
 */
export interface SendTables {
  send_campaign_state: SendCampaignStateTable;
}

/**
 * Pipeline bookkeeping per campaign, kept apart from the core `campaigns` row. A campaign can only
 * be detected as finished once all its outbox rows exist (`materialized_at` set).
 */
export interface SendCampaignStateTable {
  campaign_id: number;
  /** When every recipient had an outbox row; null while the audience is still being expanded. */
  materialized_at: number | null;
  /** Recipients found when materialising (including suppressed ones). */
  recipients: number;
  updated_at: number;
}

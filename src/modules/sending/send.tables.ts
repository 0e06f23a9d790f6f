import type { DatabaseSchema } from '../../platform/db/index.js';
import type { TrackingTables } from './tracking/tracking.tables.js';

/**
 * Row types of the tables src/send adds (see send.migrations.ts), merged into the store's schema.
 */
export interface SendTables extends TrackingTables {
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

/**
 * Columns migration 0410 adds to the core `campaigns` table: a standing campaign (birthday,
 * recurring, holiday, per-zone waves) runs each occurrence as a child campaign, because the outbox
 * is unique per (campaign, customer, channel). Kept out of {@link SendTables} since the core row
 * type cannot be redeclared there; code that reads them uses {@link CampaignRunsDb}.
 */
export interface CampaignRunColumns {
  /** The standing campaign this run belongs to; null for an ordinary campaign. */
  parent_id: number | null;
  /** The scheduler's occurrence key (`birthday:2027`, `local:…@Europe/Berlin`); unique per parent. */
  occurrence_key: string | null;
}

/** The store's schema with the run columns on `campaigns` (cast a `Kysely<DatabaseSchema>` to it). */
export type CampaignRunsSchema = Omit<DatabaseSchema, 'campaigns'> & { campaigns: DatabaseSchema['campaigns'] & CampaignRunColumns };

declare module '../../platform/db/schema.js' {
  // Registers this module's tables in the store's schema (see DatabaseSchema).
  interface DatabaseSchema extends SendTables {}
}

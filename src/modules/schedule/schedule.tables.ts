import type { Generated } from 'kysely';

/**
 * One occurrence of a campaign's schedule (an absolute send, one zone's wave, one recurrence),
 * unique per (campaign_id, occurrence_key): the row is the claim that makes firing exactly-once.
 */
export interface ScheduleRunsTable {
  id: Generated<number>;
  campaign_id: number;
  /** e.g. `at:2027-02-06T01:00:00.000Z`, `local:2027-02-06T09:00@Europe/Berlin`. */
  occurrence_key: string;
  /** The instant the occurrence was due (epoch ms, UTC). */
  due_at: number;
  /** `claimed` (launch in flight or crashed), `launched`, or `missed` (too late to send). */
  state: 'claimed' | 'launched' | 'missed';
  /** JSON array of customer ids for a wave, null for the whole audience. */
  customer_ids: string | null;
  claimed_at: number;
  launched_at: number | null;
  attempts: number;
  last_error: string | null;
}

/** One customer's share of a per-customer occurrence (a birthday), unique per campaign, customer and key. */
export interface ScheduleDeliveriesTable {
  id: Generated<number>;
  campaign_id: number;
  customer_id: number;
  /** e.g. `birthday:2027`: at most one birthday greeting per customer, campaign and year. */
  occurrence_key: string;
  due_at: number;
  /** `missed`: its launch kept failing until it was too late to send (a greeting days late is worse than none). */
  state: 'claimed' | 'launched' | 'missed';
  claimed_at: number;
  launched_at: number | null;
  attempts: number;
  last_error: string | null;
}

/** Row types of the tables src/schedule adds, merged into the store's DatabaseSchema. */
export interface ScheduleTables {
  schedule_runs: ScheduleRunsTable;
  schedule_deliveries: ScheduleDeliveriesTable;
}

declare module '../../platform/db/schema.js' {
  // Registers this module's tables in the store's schema (see DatabaseSchema).
  interface DatabaseSchema extends ScheduleTables {}
}

import type { Kysely } from 'kysely';
import type { DatabaseSchema } from '../../platform/db/index.js';
import { getCampaign } from './campaign.store.js';
import type { Campaign } from './ports.js';
import { perDatabase } from '../../platform/db/per-database.js';
import { systemClock, type Clock } from '../../platform/clock/index.js';

type Db = Kysely<DatabaseSchema>;

/** How long a running campaign's row is reused by the job processor. */
export const CAMPAIGN_CACHE_MS = 500;

/**
 * The campaign rows the job processor reads for every message, reused for a moment while the
 * campaign runs. Only `running` rows are kept: a pause or cancel is still seen by the claim,
 * which checks the status in the same statement, so it takes effect between any two messages;
 * a campaign that is not running is read again every time, so a resume is seen at once.
 */
export class RunningCampaignCache {
  private readonly entries = new Map<number, { readonly at: number; readonly campaign: Promise<Campaign | undefined> }>();

  constructor(
    private readonly db: Db,
    private readonly ttlMs = CAMPAIGN_CACHE_MS,
    private readonly clock: Clock = systemClock,
  ) {}

  get(id: number): Promise<Campaign | undefined> {
    const hit = this.entries.get(id);
    if (hit && this.clock.now() - hit.at < this.ttlMs) return hit.campaign;
    const at = this.clock.now();
    const campaign = getCampaign(this.db, id);
    const entry = { at, campaign };
    this.entries.set(id, entry);
    const forget = () => {
      if (this.entries.get(id) === entry) this.entries.delete(id);
    };
    campaign.then((row) => row?.status !== 'running' && forget(), forget);
    // Finished campaigns leave; bounded anyway in case many run at once.
    if (this.entries.size > 1_000) this.entries.delete(this.entries.keys().next().value!);
    return campaign;
  }
}

/** The process's running-campaign cache for a store handle. */
export const runningCampaigns = perDatabase((db: Db) => new RunningCampaignCache(db));

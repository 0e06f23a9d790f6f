import type { Kysely } from 'kysely';
import type { DatabaseSchema } from '../../platform/db/index.js';
import type { Campaign } from './ports.js';

/** The statuses the overview watches: what is sending, what will send, and what stopped halfway. */
export const WATCHED_STATUSES = ['running', 'scheduled', 'paused'] as const;

/**
 * Marketers' campaigns (not one-offs, not the per-occurrence children of a recurring one) that are
 * running, scheduled or paused, soonest-made first within each status, for the overview.
 */
/** Every scheduled SMS campaign, oldest first: what the SMS outlook costs (no cap, so none is left out of a top-up figure). */
export async function scheduledSmsCampaigns(db: Kysely<DatabaseSchema>): Promise<Campaign[]> {
  return db.selectFrom('campaigns').selectAll().where('kind', '=', 'bulk').where('parent_id', 'is', null).where('channel', '=', 'sms').where('status', '=', 'scheduled').orderBy('id').execute();
}

export async function watchedCampaigns(db: Kysely<DatabaseSchema>, limit = 200): Promise<Campaign[]> {
  return db
    .selectFrom('campaigns')
    .selectAll()
    .where('kind', '=', 'bulk')
    .where('parent_id', 'is', null)
    .where('status', 'in', [...WATCHED_STATUSES])
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

import type { Kysely } from 'kysely';
import type { DatabaseSchema } from '../../platform/db/index.js';
import { preparedQuery } from '../../platform/db/prepared-query.js';
import { OPEN_STATES } from './outbox.store.js';
import type { Campaign, CampaignStatus } from './ports.js';
import { systemClock, type Clock } from '../../platform/clock/index.js';

type Db = Kysely<DatabaseSchema>;

const selectCampaign = preparedQuery(1, (db: Db, id: number) => db.selectFrom('campaigns').selectAll().where('id', '=', id));

/** Reads one campaign. */
export async function getCampaign(db: Db, id: number): Promise<Campaign | undefined> {
  return (await selectCampaign(db, id)).rows[0];
}

/**
 * Moves a campaign to `to` only from one of `from` (a conditional update, like the outbox):
 * concurrent pause/resume/cancel/finish calls cannot overwrite each other's result.
 */
export async function transitionCampaign(
  db: Db,
  id: number,
  from: readonly CampaignStatus[],
  to: CampaignStatus,
  extra: { status_reason?: string | null; started_at?: number; finished_at?: number | null } = {},
  clock: Clock = systemClock,
): Promise<boolean> {
  const now = clock.now();
  const result = await db
    .updateTable('campaigns')
    .set({ status: to, updated_at: now, ...extra })
    .where('id', '=', id)
    .where('status', 'in', from)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Pauses a running campaign, saying why (auth failure, error budget, a person). */
export const pauseCampaign = (db: Db, id: number, reason: string) =>
  transitionCampaign(db, id, ['running'], 'paused', { status_reason: reason });

/**
 * Marks a running campaign finished when all its rows exist and none is still open
 * (queued/deferred/sending). One statement, so a row enqueued meanwhile keeps it running.
 */
export async function finishIfDone(db: Db, id: number, clock: Clock = systemClock): Promise<boolean> {
  const result = await finishStatement(db, id, clock.now());
  return Number(result.numAffectedRows ?? 0) === 1;
}

// Run after every batch of sent marks: compiled once (see preparedQuery).
const finishStatement = preparedQuery(2, (db: Db, id: number, now: number) =>
  db
    .updateTable('campaigns')
    .set({ status: 'finished', finished_at: now, updated_at: now })
    .where('id', '=', id)
    .where('status', '=', 'running')
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('send_campaign_state')
          .select('send_campaign_state.campaign_id')
          .whereRef('send_campaign_state.campaign_id', '=', 'campaigns.id')
          .where('send_campaign_state.materialized_at', 'is not', null),
      ),
    )
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('outbox')
            .select('outbox.id')
            .whereRef('outbox.campaign_id', '=', 'campaigns.id')
            .where('outbox.state', 'in', OPEN_STATES),
        ),
      ),
    ),
);

/** Ids of running campaigns (the sweeper checks each for completion). */
export async function runningCampaignIds(db: Db): Promise<number[]> {
  const rows = await db.selectFrom('campaigns').select('id').where('status', '=', 'running').execute();
  return rows.map((r) => r.id);
}

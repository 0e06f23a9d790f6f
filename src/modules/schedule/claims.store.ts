import type { Kysely } from 'kysely';
import type { DatabaseSchema } from '../../platform/db/index.js';

/*
 * Exactly-once firing across any number of scheduler processes: an occurrence is claimed by
 * inserting its row (unique per campaign + key, or campaign + customer + key) with
 * ON CONFLICT DO NOTHING before the launcher is called; only the process whose insert returned a
 * row launches. A claim whose launch did not complete (crash, launcher error) stays `claimed` and
 * is taken over after the lease by a conditional update that again only one process wins. The
 * launcher is idempotent per (campaign, customer, key), so such a retry cannot double-send.
 */

/** Inserts the run's claim; true when this caller won it. */
export async function claimRun(
  db: Kysely<DatabaseSchema>,
  run: { campaignId: number; key: string; dueAt: number; now: number; customerIds?: number[]; state?: 'claimed' | 'missed' },
): Promise<boolean> {
  const inserted = await db
    .insertInto('schedule_runs')
    .values({
      campaign_id: run.campaignId,
      occurrence_key: run.key,
      due_at: run.dueAt,
      state: run.state ?? 'claimed',
      customer_ids: run.customerIds ? JSON.stringify(run.customerIds) : null,
      claimed_at: run.now,
      launched_at: null,
      attempts: 1,
      last_error: null,
    })
    .onConflict((oc) => oc.columns(['campaign_id', 'occurrence_key']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return inserted !== undefined;
}

/** Records the outcome of a launch attempt of a claimed run. */
export async function finishRun(
  db: Kysely<DatabaseSchema>,
  campaignId: number,
  key: string,
  outcome: { launchedAt: number } | { error: string },
): Promise<void> {
  await db
    .updateTable('schedule_runs')
    .set('launchedAt' in outcome ? { state: 'launched', launched_at: outcome.launchedAt, last_error: null } : { last_error: outcome.error })
    .where('campaign_id', '=', campaignId)
    .where('occurrence_key', '=', key)
    .execute();
}

/** Inserts per-customer claims; returns the customer ids this caller won. */
export async function claimDeliveries(
  db: Kysely<DatabaseSchema>,
  claim: { campaignId: number; key: string; dueAt: number; now: number; customerIds: readonly number[] },
): Promise<number[]> {
  const won: number[] = [];
  for (let i = 0; i < claim.customerIds.length; i += 500) {
    const chunk = claim.customerIds.slice(i, i + 500);
    const rows = await db
      .insertInto('schedule_deliveries')
      .values(
        chunk.map((customerId) => ({
          campaign_id: claim.campaignId,
          customer_id: customerId,
          occurrence_key: claim.key,
          due_at: claim.dueAt,
          state: 'claimed' as const,
          claimed_at: claim.now,
          launched_at: null,
          attempts: 1,
          last_error: null,
        })),
      )
      .onConflict((oc) => oc.columns(['campaign_id', 'customer_id', 'occurrence_key']).doNothing())
      .returning('customer_id')
      .execute();
    won.push(...rows.map((r) => Number(r.customer_id)));
  }
  return won;
}

/** Records the outcome of launching claimed deliveries. */
export async function finishDeliveries(
  db: Kysely<DatabaseSchema>,
  campaignId: number,
  key: string,
  customerIds: readonly number[],
  outcome: { launchedAt: number } | { error: string },
): Promise<void> {
  for (let i = 0; i < customerIds.length; i += 500) {
    await db
      .updateTable('schedule_deliveries')
      .set('launchedAt' in outcome ? { state: 'launched', launched_at: outcome.launchedAt, last_error: null } : { last_error: outcome.error })
      .where('campaign_id', '=', campaignId)
      .where('occurrence_key', '=', key)
      .where('customer_id', 'in', customerIds.slice(i, i + 500))
      .execute();
  }
}

/** A claimed run whose launch did not complete, taken over by this caller. */
export interface StaleRun {
  readonly campaignId: number;
  readonly key: string;
  readonly customerIds: number[] | undefined;
}

/** Takes over runs claimed before `staleBefore` and never launched; each is won by one caller only. */
export async function takeOverStaleRuns(db: Kysely<DatabaseSchema>, staleBefore: number, now: number, missedBefore = Number.NEGATIVE_INFINITY): Promise<StaleRun[]> {
  // A launch that kept failing (a template still under review, say) is never sent late: once its
  // time is further back than the lateness bound, the occurrence is missed, and says why.
  await db.updateTable('schedule_runs').set({ state: 'missed' }).where('state', '=', 'claimed').where('claimed_at', '<=', staleBefore).where('due_at', '<', missedBefore).execute();
  const stale = await db
    .selectFrom('schedule_runs')
    .select(['id', 'campaign_id', 'occurrence_key', 'customer_ids', 'claimed_at'])
    .where('state', '=', 'claimed')
    .where('claimed_at', '<=', staleBefore)
    .limit(100)
    .execute();
  const taken: StaleRun[] = [];
  for (const row of stale) {
    const result = await db
      .updateTable('schedule_runs')
      .set((eb) => ({ claimed_at: now, attempts: eb('attempts', '+', 1) }))
      .where('id', '=', row.id)
      .where('claimed_at', '=', row.claimed_at)
      .where('state', '=', 'claimed')
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 1) {
      taken.push({
        campaignId: Number(row.campaign_id),
        key: row.occurrence_key,
        customerIds: row.customer_ids ? (JSON.parse(row.customer_ids) as number[]) : undefined,
      });
    }
  }
  return taken;
}

/** Takes over per-customer claims never launched, grouped by campaign and key. */
export async function takeOverStaleDeliveries(
  db: Kysely<DatabaseSchema>,
  staleBefore: number,
  now: number,
  missedBefore = Number.NEGATIVE_INFINITY,
): Promise<{ campaignId: number; key: string; customerIds: number[] }[]> {
  await db.updateTable('schedule_deliveries').set({ state: 'missed' }).where('state', '=', 'claimed').where('claimed_at', '<=', staleBefore).where('due_at', '<', missedBefore).execute();
  const stale = await db
    .selectFrom('schedule_deliveries')
    .select(['id', 'campaign_id', 'customer_id', 'occurrence_key', 'claimed_at'])
    .where('state', '=', 'claimed')
    .where('claimed_at', '<=', staleBefore)
    .limit(1000)
    .execute();
  const groups = new Map<string, { campaignId: number; key: string; customerIds: number[] }>();
  for (const row of stale) {
    const result = await db
      .updateTable('schedule_deliveries')
      .set((eb) => ({ claimed_at: now, attempts: eb('attempts', '+', 1) }))
      .where('id', '=', row.id)
      .where('claimed_at', '=', row.claimed_at)
      .where('state', '=', 'claimed')
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) continue;
    const id = `${row.campaign_id}\u0000${row.occurrence_key}`;
    const group = groups.get(id) ?? { campaignId: Number(row.campaign_id), key: row.occurrence_key, customerIds: [] };
    group.customerIds.push(Number(row.customer_id));
    groups.set(id, group);
  }
  return [...groups.values()];
}

/** Keys of the campaign's runs already claimed (any state) that were due at or after `since`. */
export async function claimedKeys(db: Kysely<DatabaseSchema>, campaignId: number, since: number): Promise<Set<string>> {
  const rows = await db
    .selectFrom('schedule_runs')
    .select('occurrence_key')
    .where('campaign_id', '=', campaignId)
    .where('due_at', '>=', since)
    .execute();
  return new Set(rows.map((r) => r.occurrence_key));
}

import type { Kysely } from 'kysely';
import type { DatabaseSchema } from '../../platform/db/index.js';

type Db = Kysely<DatabaseSchema>;

/**
 * Claims the digest of `userId` for `localDate`: true for the one caller that inserted the row,
 * false for every other (another worker, a second tick, a restart). The unique (user, day) pair in
 * the store decides, so a digest goes out at most once per person and day. A worker that dies
 * between the claim and the send leaves the claim: that day's digest is lost rather than doubled.
 */
export async function claimDigest(db: Db, userId: number, localDate: string, now: number): Promise<boolean> {
  const result = await db
    .insertInto('reminder_digests')
    .values({ user_id: userId, local_date: localDate, state: 'claimed', claimed_at: now, sent_at: null, response: null })
    .onConflict((oc) => oc.columns(['user_id', 'local_date']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n) === 1;
}

/** Records the outcome of a claimed digest: `sent` (with the server's answer) or `empty` (nothing to remind of). */
export async function finishDigest(db: Db, userId: number, localDate: string, outcome: { state: 'sent' | 'empty'; at: number; response?: string | undefined }): Promise<void> {
  await db
    .updateTable('reminder_digests')
    .set({ state: outcome.state, sent_at: outcome.at, response: outcome.response ?? null })
    .where('user_id', '=', userId)
    .where('local_date', '=', localDate)
    .execute();
}

/** Gives a claim back after a failed send, so the next tick tries again (nothing was delivered). */
export async function releaseDigest(db: Db, userId: number, localDate: string): Promise<void> {
  await db.deleteFrom('reminder_digests').where('user_id', '=', userId).where('local_date', '=', localDate).where('state', '=', 'claimed').execute();
}

/** The last digests of a person, newest first (their settings page shows when the last one went). */
export async function lastDigests(db: Db, userId: number, limit = 5): Promise<{ localDate: string; state: string; sentAt: number | null }[]> {
  const rows = await db
    .selectFrom('reminder_digests')
    .select(['local_date', 'state', 'sent_at'])
    .where('user_id', '=', userId)
    .orderBy('local_date', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ localDate: r.local_date, state: r.state, sentAt: r.sent_at === null ? null : Number(r.sent_at) }));
}

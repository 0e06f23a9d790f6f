import { sql, type Kysely } from 'kysely';
import { dbNowMs } from '../../../platform/db/db-clock.js';
import type { DatabaseSchema } from '../../../platform/db/index.js';

/**
 * Takes or renews the lease on a mailbox: an insert, or on conflict an update that only applies
 * when the lease expired or is already ours. One statement on SQLite and PostgreSQL alike, so two
 * processes racing for it cannot both win. Returns true when `holder` holds it afterwards.
 *
 * Expiry is written and judged on the database's clock, never the poller's: the lease another
 * machine wrote is only comparable with a "now" from the same clock, so a poller whose clock runs
 * ahead cannot take a live lease, nor one running behind wait on a dead one.
 */
export async function acquireLease(db: Kysely<DatabaseSchema>, accountId: number, holder: string, ttlMs: number): Promise<boolean> {
  const now = dbNowMs(db);
  const expiresAt = sql<number>`${now} + ${Math.max(0, Math.round(ttlMs))}`;
  await db
    .insertInto('inbox_leases')
    .values({ account_id: accountId, holder, expires_at: expiresAt })
    .onConflict((oc) =>
      oc
        .column('account_id')
        .doUpdateSet({ holder, expires_at: expiresAt })
        .where((eb) => eb.or([eb('inbox_leases.expires_at', '<', now), eb('inbox_leases.holder', '=', holder)])),
    )
    .execute();
  const row = await db.selectFrom('inbox_leases').select('holder').where('account_id', '=', accountId).executeTakeFirst();
  return row?.holder === holder;
}

/** Gives the lease up (on stop) so another process can take over at once. */
export async function releaseLease(db: Kysely<DatabaseSchema>, accountId: number, holder: string): Promise<void> {
  await db.deleteFrom('inbox_leases').where('account_id', '=', accountId).where('holder', '=', holder).execute();
}

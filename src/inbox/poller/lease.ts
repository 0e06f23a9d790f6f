import type { Kysely } from 'kysely';
import type { DatabaseSchema } from '../../store/index.js';

/**
 * Takes or renews the lease on a mailbox: an insert, or on conflict an update that only applies
 * when the lease expired or is already ours. One statement on SQLite and PostgreSQL alike, so two
 * processes racing for it cannot both win. Returns true when `holder` holds it afterwards.
 */
export async function acquireLease(db: Kysely<DatabaseSchema>, accountId: number, holder: string, ttlMs: number, now = Date.now()): Promise<boolean> {
  await db
    .insertInto('inbox_leases')
    .values({ account_id: accountId, holder, expires_at: now + ttlMs })
    .onConflict((oc) =>
      oc
        .column('account_id')
        .doUpdateSet({ holder, expires_at: now + ttlMs })
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

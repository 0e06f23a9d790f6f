import { sql, type Kysely } from 'kysely';
import { TidingsError } from '../../platform/errors/index.js';
import { dialectOf, type DatabaseSchema } from '../../platform/db/index.js';
import { preparedQuery } from '../../platform/db/prepared-query.js';
import type { SmsWalletsTable } from './billing.tables.js';
import { systemClock, type Clock } from '../../platform/clock/index.js';

type Db = Kysely<DatabaseSchema>;

/** Creates the wallet row of an SMS account if missing (balance 0, the account's currency). */
export async function ensureWallet(db: Db, accountId: number, clock: Clock = systemClock): Promise<void> {
  const account = await db.selectFrom('sms_accounts').select(['id', 'currency']).where('id', '=', accountId).executeTakeFirst();
  if (!account) throw new TidingsError('NOT_FOUND', `SMS account ${accountId} does not exist.`, { context: { accountId } });
  await db
    .insertInto('sms_wallets')
    .values({
      sms_account_id: accountId,
      currency: account.currency,
      credited_minor: 0,
      adjusted_minor: 0,
      posted_minor: 0,
      pending_minor: 0,
      balance_minor: 0,
      low_balance_minor: null,
      updated_at: clock.now(),
    })
    .onConflict((oc) => oc.column('sms_account_id').doNothing())
    .execute();
}

/**
 * Runs `work` with the account's wallet locked against every other writer, in one transaction.
 *
 * PostgreSQL: `select … for update` on the wallet row; a second process blocks there until the
 * first commits and then reads the new balance.
 * SQLite: `BEGIN IMMEDIATE`. Kysely's own transaction is `BEGIN` (deferred): two processes could
 * both read the old balance under shared locks and only collide at the write (in WAL mode the
 * loser gets SQLITE_BUSY_SNAPSHOT at once, bypassing busy_timeout). IMMEDIATE takes the write lock
 * up front, so the second process waits (busy_timeout) before reading anything.
 */
export async function withWalletLock<T>(db: Db, accountId: number, work: (trx: Db) => Promise<T>): Promise<T> {
  return locked(db, accountId, false, (trx) => work(trx));
}

/**
 * {@link withWalletLock} that also hands `work` the wallet row as read under the lock (undefined
 * when the account has no wallet yet). On PostgreSQL the locking `select … for update` is that
 * read, one round trip less while the lock is held.
 */
export async function withLockedWallet<T>(db: Db, accountId: number, work: (trx: Db, wallet: SmsWalletsTable | undefined) => Promise<T>): Promise<T> {
  return locked(db, accountId, true, work);
}

const lockWallet = preparedQuery(1, (db: Db, accountId: number) =>
  db.selectFrom('sms_wallets').selectAll().where('sms_account_id', '=', accountId).forUpdate(),
);
const readWallet = preparedQuery(1, (db: Db, accountId: number) => db.selectFrom('sms_wallets').selectAll().where('sms_account_id', '=', accountId));

async function locked<T>(db: Db, accountId: number, read: boolean, work: (trx: Db, wallet: SmsWalletsTable | undefined) => Promise<T>): Promise<T> {
  if (dialectOf(db) === 'postgres') {
    return db.transaction().execute(async (trx) => {
      const wallet = (await lockWallet(trx, accountId)).rows[0];
      return work(trx, wallet);
    });
  }
  return db.connection().execute(async (conn) => {
    await sql`begin immediate`.execute(conn);
    try {
      const result = await work(conn, read ? (await readWallet(conn, accountId)).rows[0] : undefined);
      await sql`commit`.execute(conn);
      return result;
    } catch (error) {
      await sql`rollback`.execute(conn);
      throw error;
    }
  });
}

import type { Kysely } from 'kysely';
import type { DatabaseSchema } from '../../platform/db/index.js';
import { checkConsistency, type ConsistencyReport } from './ledger.js';

type Db = Kysely<DatabaseSchema>;

/** {@link checkConsistency} of one wallet, with its SMS account's name. */
export interface NamedConsistencyReport extends ConsistencyReport {
  readonly account: string;
}

/**
 * Proves balance = credits + adjustments − posted charges − held reservations for every SMS
 * account's wallet (or the given ones), each from its ledger entries under its wallet lock.
 * `ok` is false when any wallet differs; each report lists its differences.
 */
export async function checkWallets(db: Db, accountIds?: readonly number[]): Promise<{ ok: boolean; wallets: NamedConsistencyReport[] }> {
  let query = db.selectFrom('sms_accounts').select(['id', 'name']).orderBy('id');
  if (accountIds) query = query.where('id', 'in', accountIds.length > 0 ? [...accountIds] : [-1]);
  const accounts = await query.execute();
  const wallets: NamedConsistencyReport[] = [];
  for (const a of accounts) wallets.push({ ...(await checkConsistency(db, Number(a.id))), account: a.name });
  return { ok: wallets.every((w) => w.ok), wallets };
}

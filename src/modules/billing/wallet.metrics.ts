import type { Kysely } from 'kysely';
import type { DatabaseSchema } from '../../platform/db/index.js';

/** One SMS wallet as `/metrics` reports it. */
export interface WalletGauge {
  /** The SMS account's stable key, `sms:<id>` (the same label the send counter uses). */
  readonly account: string;
  readonly currency: string;
  readonly balanceMinor: number;
  /** Money reserved by sends not yet posted or voided. */
  readonly reservedMinor: number;
  /** Reservations (pending ledger entries) neither posted nor voided. */
  readonly reservationsHeld: number;
}

/** Every wallet's balance and held reservations (two grouped queries; read at scrape time). */
export async function walletGauges(db: Kysely<DatabaseSchema>): Promise<WalletGauge[]> {
  const wallets = await db.selectFrom('sms_wallets').select(['sms_account_id', 'currency', 'balance_minor', 'pending_minor']).execute();
  const held = await db
    .selectFrom('sms_ledger as p')
    .select((eb) => ['p.sms_account_id', eb.fn.countAll<number | string>().as('n')])
    .where('p.kind', '=', 'pending')
    .where((eb) => eb.not(eb.exists(eb.selectFrom('sms_ledger as r').select('r.id').whereRef('r.pending_id', '=', 'p.id'))))
    .groupBy('p.sms_account_id')
    .execute();
  const heldBy = new Map(held.map((row) => [Number(row.sms_account_id), Number(row.n)]));
  return wallets.map((w) => ({
    account: `sms:${w.sms_account_id}`,
    currency: w.currency,
    balanceMinor: Number(w.balance_minor),
    reservedMinor: Number(w.pending_minor),
    reservationsHeld: heldBy.get(Number(w.sms_account_id)) ?? 0,
  }));
}

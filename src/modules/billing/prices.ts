import type { Kysely } from 'kysely';
import { TidingsError } from '../../platform/errors/index.js';
import type { DatabaseSchema } from '../../platform/db/index.js';
import { preparedQuery } from '../../platform/db/prepared-query.js';
import { assertWithinCap } from './money.js';
import { systemClock, type Clock } from '../../platform/clock/index.js';

type Db = Kysely<DatabaseSchema>;

/** Price per part when an account has no price row: 0.10 yuan (100 厘), the original product's price. */
export const DEFAULT_PRICE_MINOR = 100;

/** One price in an account's history. */
export interface PriceRow {
  readonly priceMinor: number;
  readonly currency: string;
  readonly effectiveFrom: number;
}

/**
 * Asserts a positive whole amount in minor units, at most MAX_AMOUNT_MINOR (a larger one is
 * BILLING_AMOUNT_TOO_LARGE, so the caller learns the maximum rather than "not an amount").
 */
export function assertMinor(value: number, what: string, allowZero = false): void {
  if (typeof value === 'number' && Number.isFinite(value)) assertWithinCap(value, what);
  if (!Number.isSafeInteger(value) || value < 0 || (!allowZero && value === 0)) {
    throw new TidingsError('BILLING_INVALID_AMOUNT', `${what} must be a ${allowZero ? 'non-negative' : 'positive'} whole number of minor units (厘, 0.001 yuan), got ${value}.`, {
      context: { what, value },
    });
  }
}

/** Records a new price per part from `effectiveFrom` (default now); earlier reservations keep their price. */
export async function setPrice(
  db: Db,
  input: { accountId: number; priceMinor: number; effectiveFrom?: number },
  clock: Clock = systemClock,
): Promise<PriceRow> {
  assertMinor(input.priceMinor, 'price', true);
  const account = await db.selectFrom('sms_accounts').select('currency').where('id', '=', input.accountId).executeTakeFirst();
  if (!account) throw new TidingsError('NOT_FOUND', `SMS account ${input.accountId} does not exist.`);
  const now = clock.now();
  const row = {
    sms_account_id: input.accountId,
    price_minor: input.priceMinor,
    currency: account.currency,
    effective_from: input.effectiveFrom ?? now,
    created_at: now,
  };
  await db.insertInto('sms_prices').values(row).execute();
  return { priceMinor: row.price_minor, currency: row.currency, effectiveFrom: row.effective_from };
}

// Runs in every SMS reservation: compiled once (see preparedQuery).
const selectPriceAt = preparedQuery(2, (db: Db, accountId: number, at: number) =>
  db
    .selectFrom('sms_prices')
    .select('price_minor')
    .where('sms_account_id', '=', accountId)
    .where('effective_from', '<=', at)
    .orderBy('effective_from', 'desc')
    .orderBy('id', 'desc')
    .limit(1),
);

/** The price per part in force at `at` (the latest row with effective_from ≤ at), else the default. */
export async function priceAt(db: Db, accountId: number, at: number = systemClock.now()): Promise<number> {
  const row = (await selectPriceAt(db, accountId, at)).rows[0];
  return row?.price_minor ?? DEFAULT_PRICE_MINOR;
}

/** The account's price history, newest first. */
export async function listPrices(db: Db, accountId: number): Promise<PriceRow[]> {
  const rows = await db
    .selectFrom('sms_prices')
    .select(['price_minor', 'currency', 'effective_from'])
    .where('sms_account_id', '=', accountId)
    .orderBy('effective_from', 'desc')
    .orderBy('id', 'desc')
    .execute();
  return rows.map((r) => ({ priceMinor: r.price_minor, currency: r.currency, effectiveFrom: r.effective_from }));
}

import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DatabaseSchema } from '../../src/platform/db/index.js';

/**
 * The price these suites were written at: 10 minor units a part. Since the minor unit became the
 * 厘 (0.001 yuan) the default price is 100; the suites keep their arithmetic with this explicit
 * price row (effective from the epoch), and the default has its own case.
 */
export const TEST_PRICE_MINOR = 10;

/** Inserts an SMS account row with a unique name (credentials are irrelevant to the ledger) and a price of {@link TEST_PRICE_MINOR} (`price: null`: none, the default applies). */
export async function makeSmsAccount(
  db: Kysely<DatabaseSchema>,
  overrides: Partial<{ provider: string; credentials_enc: string; settings: string; time_zone: string; signature: string | null; name: string; price: number | null }> = {},
): Promise<{ id: number; name: string }> {
  const name = overrides.name ?? `sms-${randomBytes(4).toString('hex')}`;
  const now = Date.now();
  const { id } = await db
    .insertInto('sms_accounts')
    .values({
      name,
      provider: overrides.provider ?? 'twilio',
      credentials_enc: overrides.credentials_enc ?? 'unused',
      settings: overrides.settings ?? '{}',
      sender_id: null,
      signature: overrides.signature ?? null,
      currency: 'CNY',
      time_zone: overrides.time_zone ?? 'Asia/Shanghai',
      is_default: 0,
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const price = overrides.price === undefined ? TEST_PRICE_MINOR : overrides.price;
  if (price !== null) await db.insertInto('sms_prices').values({ sms_account_id: Number(id), price_minor: price, currency: 'CNY', effective_from: 0, created_at: now }).execute();
  return { id: Number(id), name };
}

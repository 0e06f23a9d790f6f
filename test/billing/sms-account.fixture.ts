import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DatabaseSchema } from '../../src/platform/db/index.js';

/** Inserts an SMS account row with a unique name (credentials are irrelevant to the ledger). */
export async function makeSmsAccount(
  db: Kysely<DatabaseSchema>,
  overrides: Partial<{ provider: string; credentials_enc: string; settings: string; time_zone: string; signature: string | null; name: string }> = {},
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
  return { id: Number(id), name };
}

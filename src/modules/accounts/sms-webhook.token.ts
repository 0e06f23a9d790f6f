import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { SecretBox } from '../../platform/crypto/index.js';
import type { DatabaseSchema } from '../../platform/db/index.js';
import type { SmsProviderName } from './sms-account.schema.js';
import { systemClock, type Clock } from '../../platform/clock/index.js';

type Db = Kysely<DatabaseSchema> | Transaction<DatabaseSchema>;

/**
 * How each provider's callbacks prove they come from the provider. A Record, so a new provider
 * cannot be added without choosing: `signature` (Twilio signs every request with the auth token),
 * `token` (Aliyun's and Tencent Cloud's HTTP pushes are unsigned: a secret in the callback URL), `none` (SMPP reports over
 * its own connection; its HTTP webhooks do not exist).
 */
export const SMS_WEBHOOK_AUTH: Readonly<Record<SmsProviderName, 'signature' | 'token' | 'none'>> = {
  twilio: 'signature',
  aliyun: 'token',
  tencent: 'token',
  smpp: 'none',
  // Receipts come from the sandbox inside the process, never over HTTP.
  sandbox: 'none',
};

/** The legacy plain setting that held the token before it was sealed (migration 0120). */
export const LEGACY_TOKEN_SETTING = 'callbackToken';

/** A fresh webhook token: 32 random bytes, base64url (43 characters, safe in a query string). */
export function newWebhookToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Seals and stores `token` as the account's webhook token, replacing any earlier one. */
export async function storeWebhookToken(db: Db, secrets: SecretBox, accountId: number, token: string, clock: Clock = systemClock): Promise<void> {
  const row = { sms_account_id: accountId, token_enc: secrets.seal(token), created_at: clock.now() };
  await db
    .insertInto('sms_account_webhook_tokens')
    .values(row)
    .onConflict((oc) => oc.column('sms_account_id').doUpdateSet({ token_enc: row.token_enc, created_at: row.created_at }))
    .execute();
}

/** The account's webhook token, opened; null when it has none. */
export async function openWebhookToken(db: Db, secrets: SecretBox, accountId: number): Promise<string | null> {
  const row = await db.selectFrom('sms_account_webhook_tokens').select('token_enc').where('sms_account_id', '=', accountId).executeTakeFirst();
  return row ? secrets.open(row.token_enc) : null;
}

/** Which of the accounts have a webhook token (for the masked views: never the value). */
export async function accountsWithWebhookToken(db: Db, ids: readonly number[]): Promise<Set<number>> {
  if (ids.length === 0) return new Set();
  const rows = await db.selectFrom('sms_account_webhook_tokens').select('sms_account_id').where('sms_account_id', 'in', [...ids]).execute();
  return new Set(rows.map((r) => Number(r.sms_account_id)));
}

/** Settings as shown or used anywhere: the legacy plain token is never passed on. */
export function withoutLegacyToken(settings: Record<string, unknown>): Record<string, unknown> {
  if (!(LEGACY_TOKEN_SETTING in settings)) return settings;
  const { [LEGACY_TOKEN_SETTING]: _dropped, ...rest } = settings;
  return rest;
}

/** Compares a presented token with the stored one in constant time (for equal lengths). */
export function sameToken(presented: string, expected: string): boolean {
  const a = Buffer.from(presented, 'utf8');
  const b = Buffer.from(expected, 'utf8');
  // Compare against itself on a length mismatch so the time does not depend on where they differ.
  return a.length === b.length ? timingSafeEqual(a, b) : !timingSafeEqual(b, b);
}

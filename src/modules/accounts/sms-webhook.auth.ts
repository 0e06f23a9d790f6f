import type { Kysely } from 'kysely';
import type { SecretBox } from '../../platform/crypto/index.js';
import { TidingsError } from '../../platform/errors/index.js';
import type { DatabaseSchema } from '../../platform/db/index.js';
import { findAccountId, type AccountRef } from './account.lookup.js';
import { getSmsAccount, loadSmsAccount, type SmsAccount, type SmsAccountView } from './sms-account.repository.js';
import type { SmsProviderName } from './sms-account.schema.js';
import {
  LEGACY_TOKEN_SETTING,
  newWebhookToken,
  openWebhookToken,
  sameToken,
  SMS_WEBHOOK_AUTH,
  storeWebhookToken,
  withoutLegacyToken,
} from './sms-webhook.token.js';
import { systemClock, type Clock } from '../../platform/clock/index.js';

type Db = Kysely<DatabaseSchema>;

/** Why a callback was refused; for the log line, never for the caller. */
export type WebhookRefusal = 'unknown-account' | 'no-callbacks' | 'no-token-stored' | 'token-missing' | 'token-wrong' | 'no-auth-token';

/** What an SMS provider callback presents: the path and query it was called with. */
export interface SmsWebhookCall {
  readonly url: string;
}

const refuse = (account: string, reason: WebhookRefusal, message: string) =>
  new TidingsError('SMS_WEBHOOK_UNAUTHENTICATED', message, { context: { account, reason } });

/**
 * The one gate for SMS provider callbacks: the account they name, decrypted, once the call has
 * proved it comes from the provider. Aliyun and Tencent Cloud: the `token` query parameter must equal the account's
 * sealed webhook token (constant-time); an account without one refuses every call. Twilio: the
 * account must hold the auth token, and its adapter then refuses any request whose
 * X-Twilio-Signature does not verify (parseStatusCallback/parseInbound). SMPP has no HTTP webhooks
 * (refused like an unknown account). Throws SMS_WEBHOOK_UNAUTHENTICATED with `context.reason` for the log.
 */
export async function authenticateSmsWebhook(db: Db, secrets: SecretBox, ref: AccountRef, call: SmsWebhookCall): Promise<SmsAccount> {
  // A name that does not exist is refused like a wrong token, so callers cannot probe which
  // account names exist; the log line still says which it was.
  const account = await loadSmsAccount(db, secrets, ref).catch((error: unknown) => {
    if (error instanceof TidingsError && error.code === 'NOT_FOUND') throw refuse(String(ref), 'unknown-account', `No SMS account named ${String(ref)}.`);
    throw error;
  });
  switch (SMS_WEBHOOK_AUTH[account.provider]) {
    case 'signature':
      if (!account.credentials.authToken) {
        throw refuse(account.name, 'no-auth-token', `SMS account ${account.name} holds no Twilio auth token, so callbacks cannot be verified; add it to the account.`);
      }
      return account;
    case 'token': {
      const expected = account.webhookToken ?? (await upgradeLegacyWebhookToken(db, secrets, account.id));
      if (!expected) {
        throw refuse(account.name, 'no-token-stored', `SMS account ${account.name} has no webhook token yet; create a webhook link and paste it into the provider console.`);
      }
      const presented = new URL(call.url, 'http://callback.invalid').searchParams.get('token');
      if (!presented) throw refuse(account.name, 'token-missing', 'This callback URL carries no webhook token.');
      if (!sameToken(presented, expected)) throw refuse(account.name, 'token-wrong', 'This callback URL carries a webhook token that does not match.');
      return { ...account, webhookToken: expected };
    }
    default:
      throw refuse(account.name, 'no-callbacks', `SMS account ${account.name} (${account.provider}) reports over its own connection; it has no HTTP callbacks.`);
  }
}

/** A new webhook token and the account it belongs to; the token is for showing once. */
export interface RotatedWebhookToken {
  readonly account: SmsAccountView;
  readonly token: string;
}

/**
 * Replaces the account's webhook token with a fresh one (the old link stops working at once) and
 * returns it, the only time it is readable. SMS_WEBHOOK_TOKEN_UNSUPPORTED for providers that sign
 * their callbacks or have none.
 */
export async function rotateSmsWebhookToken(db: Db, secrets: SecretBox, ref: AccountRef, clock: Clock = systemClock): Promise<RotatedWebhookToken> {
  const id = await findAccountId(db, 'sms_accounts', ref);
  const token = newWebhookToken();
  await db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('sms_accounts').select(['name', 'provider', 'settings']).where('id', '=', id).executeTakeFirst();
    if (!row) throw new TidingsError('NOT_FOUND', `SMS account #${id} was deleted meanwhile.`);
    if (SMS_WEBHOOK_AUTH[row.provider as SmsProviderName] !== 'token') {
      throw new TidingsError('SMS_WEBHOOK_TOKEN_UNSUPPORTED', `SMS account ${row.name} (${row.provider}) has no webhook token: its callbacks are signed, or it has none.`);
    }
    await storeWebhookToken(trx, secrets, id, token);
    const settings = parseSettings(row.settings);
    await trx.updateTable('sms_accounts').set({ settings: JSON.stringify(withoutLegacyToken(settings)), updated_at: clock.now() }).where('id', '=', id).execute();
  });
  return { account: await getSmsAccount(db, secrets, id), token };
}

/** The callback URLs to paste into the provider console, token included (show them once). */
export function smsWebhookUrls(base: string, accountName: string, token: string): { readonly status: string; readonly inbound: string } {
  const root = `${base.replace(/\/+$/, '')}/webhooks/sms/${encodeURIComponent(accountName)}`;
  const query = `?token=${encodeURIComponent(token)}`;
  return { status: `${root}/status${query}`, inbound: `${root}/inbound${query}` };
}

/**
 * Moves every plain `settings.callbackToken` (kept before migration 0120) into the sealed store
 * and removes it from the settings; run at start-up, since a migration has no key to seal with.
 * Returns how many accounts changed.
 */
export async function upgradeSmsWebhookTokens(db: Db, secrets: SecretBox): Promise<number> {
  const rows = await db.selectFrom('sms_accounts').select(['id', 'settings']).where('settings', 'like', `%${LEGACY_TOKEN_SETTING}%`).execute();
  let changed = 0;
  for (const row of rows) {
    if (!(LEGACY_TOKEN_SETTING in parseSettings(row.settings))) continue;
    await upgradeLegacyWebhookToken(db, secrets, Number(row.id));
    changed += 1;
  }
  return changed;
}

/**
 * Seals the account's legacy plain token as its webhook token unless it already has a sealed one,
 * and drops the plain copy either way. Returns the token now in force, or null.
 */
async function upgradeLegacyWebhookToken(db: Db, secrets: SecretBox, id: number, clock: Clock = systemClock): Promise<string | null> {
  return db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('sms_accounts').select(['provider', 'settings']).where('id', '=', id).executeTakeFirst();
    if (!row) return null;
    const settings = parseSettings(row.settings);
    const legacy = settings[LEGACY_TOKEN_SETTING];
    if (legacy === undefined) return openWebhookToken(trx, secrets, id);
    let current = await openWebhookToken(trx, secrets, id);
    if (!current && typeof legacy === 'string' && legacy.trim() && SMS_WEBHOOK_AUTH[row.provider as SmsProviderName] === 'token') {
      current = legacy.trim();
      await storeWebhookToken(trx, secrets, id, current);
    }
    await trx.updateTable('sms_accounts').set({ settings: JSON.stringify(withoutLegacyToken(settings)), updated_at: clock.now() }).where('id', '=', id).execute();
    return current;
  });
}

function parseSettings(text: string): Record<string, unknown> {
  const value: unknown = JSON.parse(text);
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

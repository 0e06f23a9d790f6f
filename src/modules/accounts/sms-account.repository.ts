import type { Kysely } from 'kysely';
import { MASK, type SecretBox } from '../../platform/crypto/index.js';
import { TidingsError } from '../../platform/errors/index.js';
import { orConflict, type DatabaseSchema, type SmsAccountsTable } from '../../platform/db/index.js';
import { ensureDefault, findAccountId, releaseFromCampaigns, switchDefault, type AccountRef } from './account.lookup.js';
import { assertSmsEndpointAllowed } from './sms-account.hosts.js';
import { defaultAccountId, noDefaultAccountError } from './sending-account.js';
import type { HostGuardOptions } from '../../platform/net/ssrf.guard.js';
import { SmsAccountInputSchema, type SmsAccountInput, type SmsProviderName } from './sms-account.schema.js';
import { accountsWithWebhookToken, newWebhookToken, openWebhookToken, SMS_WEBHOOK_AUTH, storeWebhookToken, withoutLegacyToken } from './sms-webhook.token.js';
import { validate } from './validate.js';
import { systemClock, type Clock } from '../../platform/clock/index.js';

type Db = Kysely<DatabaseSchema>;
type SmsRow = Omit<SmsAccountsTable, 'id'> & { id: number };

/** What the CLI and API show of an SMS account: credential names with `••••` values. */
export interface SmsAccountView {
  readonly id: number;
  readonly name: string;
  readonly provider: SmsProviderName;
  /** Each stored credential's name, its value masked. */
  readonly credentials: Readonly<Record<string, string>>;
  readonly settings: Readonly<Record<string, unknown>>;
  readonly senderId: string | null;
  readonly signature: string | null;
  readonly currency: string;
  readonly timeZone: string;
  readonly isDefault: boolean;
  /** How its callbacks are authenticated, and whether a webhook token is stored (never its value). */
  readonly webhook: SmsWebhookView;
  readonly createdAt: number;
  readonly updatedAt: number;
}

/** The webhook side of an SMS account as shown: `tokenSet`, never the token. */
export interface SmsWebhookView {
  readonly auth: 'signature' | 'token' | 'none';
  readonly tokenSet: boolean;
}

/** An SMS account with decrypted credentials, for the send pipeline. Never log it whole. */
export interface SmsAccount {
  readonly id: number;
  readonly name: string;
  readonly provider: SmsProviderName;
  /** Decrypted: twilio {accountSid, authToken | apiKeySid+apiKeySecret}; aliyun {accessKeyId, accessKeySecret}; tencent {secretId, secretKey}; smpp {systemId, password}. */
  readonly credentials: Readonly<Record<string, string>>;
  readonly settings: Readonly<Record<string, unknown>>;
  readonly senderId: string | null;
  /** e.g. 【某某公司】. */
  readonly signature: string | null;
  /** ISO 4217 currency of this account's prices and balance. */
  readonly currency: string;
  /** Time zone for per-day/per-month statistics. */
  readonly timeZone: string;
  readonly isDefault: boolean;
  /** Decrypted webhook token (providers that do not sign callbacks); null when none is stored. */
  readonly webhookToken: string | null;
}

const parseJson = (text: string): Record<string, unknown> => {
  const value: unknown = JSON.parse(text);
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
};

async function readRow(db: Db, id: number): Promise<SmsRow> {
  const row = await db.selectFrom('sms_accounts').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new TidingsError('NOT_FOUND', `SMS account #${id} was deleted meanwhile.`);
  return { ...row, id: Number(row.id) };
}

function toView(row: SmsRow, secrets: SecretBox, tokenSet: boolean): SmsAccountView {
  // Only the credential names are shown; the values stay sealed in the view.
  const names = Object.keys(parseJson(secrets.open(row.credentials_enc)));
  return {
    id: row.id,
    name: row.name,
    provider: row.provider as SmsProviderName,
    credentials: Object.fromEntries(names.map((n) => [n, MASK])),
    settings: withoutLegacyToken(parseJson(row.settings)),
    senderId: row.sender_id,
    signature: row.signature,
    currency: row.currency,
    timeZone: row.time_zone,
    isDefault: row.is_default === 1,
    webhook: { auth: SMS_WEBHOOK_AUTH[row.provider as SmsProviderName] ?? 'none', tokenSet },
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}

/**
 * Creates an SMS account (the first one becomes the default). `guard` is TIDINGS_ALLOW_PRIVATE_HOSTS:
 * an endpoint resolving to a private/loopback address is refused (`ACCOUNT_HOST_FORBIDDEN`).
 */
export async function createSmsAccount(db: Db, secrets: SecretBox, input: SmsAccountInput, guard: HostGuardOptions = {}, clock: Clock = systemClock): Promise<SmsAccountView> {
  const parsed = validate(SmsAccountInputSchema, input, 'SMS account');
  await assertSmsEndpointAllowed(parsed.provider, parsed.name, parsed.settings, guard);
  const now = clock.now();
  const id = await orConflict(
    () =>
      db.transaction().execute(async (trx) => {
        const inserted = await trx
          .insertInto('sms_accounts')
          .values({
            name: parsed.name,
            provider: parsed.provider,
            credentials_enc: secrets.seal(JSON.stringify(parsed.credentials)),
            settings: JSON.stringify(parsed.settings),
            sender_id: parsed.senderId ?? null,
            signature: parsed.signature ?? null,
            currency: parsed.currency,
            time_zone: parsed.timeZone,
            is_default: 0,
            created_at: now,
            updated_at: now,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        const newId = Number(inserted.id);
        // Providers that do not sign callbacks get their webhook token with the account, so no
        // moment exists in which its webhooks would answer to anyone.
        if (SMS_WEBHOOK_AUTH[parsed.provider] === 'token') await storeWebhookToken(trx, secrets, newId, newWebhookToken());
        return newId;
      }),
    `An SMS account named "${parsed.name}" already exists; choose another --name.`,
  );
  // Outside the insert's transaction, so a collision on the one-default index is retried by
  // switchDefault instead of being misreported as a duplicate name.
  if (parsed.isDefault || (await defaultAccountId(db, 'sms')) === undefined) await switchDefault(db, 'sms_accounts', id);
  return viewOf(db, secrets, await readRow(db, id));
}

/** The masked view of one row, with whether it has a webhook token. */
async function viewOf(db: Db, secrets: SecretBox, row: SmsRow): Promise<SmsAccountView> {
  return toView(row, secrets, (await accountsWithWebhookToken(db, [row.id])).has(row.id));
}

/** Every SMS account, oldest first. */
export async function listSmsAccounts(db: Db, secrets: SecretBox): Promise<SmsAccountView[]> {
  const rows = await db.selectFrom('sms_accounts').selectAll().orderBy('id').execute();
  const withToken = await accountsWithWebhookToken(db, rows.map((row) => Number(row.id)));
  return rows.map((row) => toView({ ...row, id: Number(row.id) }, secrets, withToken.has(Number(row.id))));
}

/** One SMS account by id or name; NOT_FOUND otherwise. */
export async function getSmsAccount(db: Db, secrets: SecretBox, ref: AccountRef): Promise<SmsAccountView> {
  return viewOf(db, secrets, await readRow(db, await findAccountId(db, 'sms_accounts', ref)));
}

/** Makes the account the one default SMS account. */
export async function setDefaultSmsAccount(db: Db, secrets: SecretBox, ref: AccountRef): Promise<SmsAccountView> {
  const id = await findAccountId(db, 'sms_accounts', ref);
  await switchDefault(db, 'sms_accounts', id);
  return viewOf(db, secrets, await readRow(db, id));
}

/** Deletes an SMS account, even while in use: its campaigns are paused with a reason (see releaseFromCampaigns). */
export async function deleteSmsAccount(db: Db, ref: AccountRef): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const id = await findAccountId(trx, 'sms_accounts', ref);
    await releaseFromCampaigns(trx, 'sms_account_id', id);
    await trx.deleteFrom('sms_accounts').where('id', '=', id).execute();
    await ensureDefault(trx, 'sms_accounts');
  });
}

/**
 * Loads an SMS account by id or name (undefined: the default one) with decrypted credentials,
 * for the send pipeline. Throws NOT_FOUND, or SECRET_DECRYPT_FAILED if the key changed.
 */
export async function loadSmsAccount(db: Db, secrets: SecretBox, ref?: AccountRef): Promise<SmsAccount> {
  const id = ref === undefined ? await defaultAccountId(db, 'sms') : await findAccountId(db, 'sms_accounts', ref);
  if (id === undefined) throw noDefaultAccountError('sms');
  const row = await readRow(db, id);
  const credentials = Object.fromEntries(
    Object.entries(parseJson(secrets.open(row.credentials_enc))).map(([k, v]) => [k, String(v)]),
  );
  return {
    id: row.id,
    name: row.name,
    provider: row.provider as SmsProviderName,
    credentials,
    settings: withoutLegacyToken(parseJson(row.settings)),
    senderId: row.sender_id,
    signature: row.signature,
    currency: row.currency,
    timeZone: row.time_zone,
    isDefault: row.is_default === 1,
    webhookToken: await openWebhookToken(db, secrets, row.id),
  };
}

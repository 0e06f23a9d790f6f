import type { Kysely } from 'kysely';
import { MASK, type SecretBox } from '../crypto/index.js';
import { TidingsError } from '../errors/index.js';
import { orConflict, type DatabaseSchema, type SmsAccountsTable } from '../store/index.js';
import { ensureDefault, findAccountId, releaseFromCampaigns, switchDefault, type AccountRef } from './account.lookup.js';
import { SmsAccountInputSchema, type SmsAccountInput, type SmsProviderName } from './sms-account.schema.js';
import { validate } from './validate.js';

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
  readonly createdAt: number;
  readonly updatedAt: number;
}

/** An SMS account with decrypted credentials, for the send pipeline. Never log it whole. */
export interface SmsAccount {
  readonly id: number;
  readonly name: string;
  readonly provider: SmsProviderName;
  /** Decrypted: twilio {accountSid, authToken | apiKeySid+apiKeySecret}; aliyun {accessKeyId, accessKeySecret}; smpp {systemId, password}. */
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

function toView(row: SmsRow, secrets: SecretBox): SmsAccountView {
  // Only the credential names are shown; the values stay sealed in the view.
  const names = Object.keys(parseJson(secrets.open(row.credentials_enc)));
  return {
    id: row.id,
    name: row.name,
    provider: row.provider as SmsProviderName,
    credentials: Object.fromEntries(names.map((n) => [n, MASK])),
    settings: parseJson(row.settings),
    senderId: row.sender_id,
    signature: row.signature,
    currency: row.currency,
    timeZone: row.time_zone,
    isDefault: row.is_default === 1,
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}

/** Creates an SMS account (the first one becomes the default). */
export async function createSmsAccount(db: Db, secrets: SecretBox, input: SmsAccountInput): Promise<SmsAccountView> {
  const parsed = validate(SmsAccountInputSchema, input, 'SMS account');
  const now = Date.now();
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
        return newId;
      }),
    `An SMS account named "${parsed.name}" already exists; choose another --name.`,
  );
  // Outside the insert's transaction, so a collision on the one-default index is retried by
  // switchDefault instead of being misreported as a duplicate name.
  const hasDefault = await db.selectFrom('sms_accounts').select('id').where('is_default', '=', 1).executeTakeFirst();
  if (parsed.isDefault || !hasDefault) await switchDefault(db, 'sms_accounts', id);
  return toView(await readRow(db, id), secrets);
}

/** Every SMS account, oldest first. */
export async function listSmsAccounts(db: Db, secrets: SecretBox): Promise<SmsAccountView[]> {
  const rows = await db.selectFrom('sms_accounts').selectAll().orderBy('id').execute();
  return rows.map((row) => toView({ ...row, id: Number(row.id) }, secrets));
}

/** One SMS account by id or name; NOT_FOUND otherwise. */
export async function getSmsAccount(db: Db, secrets: SecretBox, ref: AccountRef): Promise<SmsAccountView> {
  return toView(await readRow(db, await findAccountId(db, 'sms_accounts', ref)), secrets);
}

/** Makes the account the one default SMS account. */
export async function setDefaultSmsAccount(db: Db, secrets: SecretBox, ref: AccountRef): Promise<SmsAccountView> {
  const id = await findAccountId(db, 'sms_accounts', ref);
  await switchDefault(db, 'sms_accounts', id);
  return toView(await readRow(db, id), secrets);
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
  let id: number;
  if (ref === undefined) {
    const row = await db.selectFrom('sms_accounts').select('id').where('is_default', '=', 1).executeTakeFirst();
    if (!row) throw new TidingsError('NOT_FOUND', 'There is no SMS account yet; add one with: tidings sms-account add');
    id = Number(row.id);
  } else id = await findAccountId(db, 'sms_accounts', ref);
  const row = await readRow(db, id);
  const credentials = Object.fromEntries(
    Object.entries(parseJson(secrets.open(row.credentials_enc))).map(([k, v]) => [k, String(v)]),
  );
  return {
    id: row.id,
    name: row.name,
    provider: row.provider as SmsProviderName,
    credentials,
    settings: parseJson(row.settings),
    senderId: row.sender_id,
    signature: row.signature,
    currency: row.currency,
    timeZone: row.time_zone,
    isDefault: row.is_default === 1,
  };
}

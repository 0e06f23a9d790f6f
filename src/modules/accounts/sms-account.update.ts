import type { Kysely } from 'kysely';
import type { SecretBox } from '../../platform/crypto/index.js';
import { TidingsError } from '../../platform/errors/index.js';
import { orConflict, type DatabaseSchema } from '../../platform/db/index.js';
import type { HostGuardOptions } from '../../platform/net/ssrf.guard.js';
import { systemClock, type Clock } from '../../platform/clock/index.js';
import { findAccountId, type AccountRef } from './account.lookup.js';
import { assertSmsEndpointAllowed } from './sms-account.hosts.js';
import { getSmsAccount, type SmsAccountView } from './sms-account.repository.js';
import { SmsAccountPatchSchema, SmsCredentialsSchemas, TencentAccountSettingsSchema, type SmsAccountPatch, type SmsProviderName } from './sms-account.schema.js';
import { validate } from './validate.js';

type Db = Kysely<DatabaseSchema>;

/** Settings that say where the credentials are sent: changing one needs the secrets typed again. */
const ENDPOINT_KEYS = ['apiBaseUrl', 'endpoint', 'host'];

const parseJson = (text: string): Record<string, unknown> => {
  const value: unknown = JSON.parse(text);
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
};

/**
 * Edits an SMS account. Secrets are never returned: a credential left blank keeps the stored
 * value, one typed replaces it, and the merged set is checked against the provider's rules. When
 * the endpoint (API base URL, Aliyun endpoint, SMPP host) changes, the stored secrets are not
 * carried to the new place: every secret must be typed again (VALIDATION_FAILED otherwise).
 * `updated_at` moves, so running senders rebuild the provider within seconds.
 */
export async function updateSmsAccount(db: Db, secrets: SecretBox, ref: AccountRef, patch: SmsAccountPatch, guard: HostGuardOptions = {}, clock: Clock = systemClock): Promise<SmsAccountView> {
  const parsed = validate(SmsAccountPatchSchema, patch, 'SMS account');
  const id = await findAccountId(db, 'sms_accounts', ref);
  const row = await db.selectFrom('sms_accounts').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const provider = row.provider as SmsProviderName;
  const name = parsed.name ?? row.name;
  const storedSettings = parseJson(row.settings);
  const settings = parsed.settings ?? storedSettings;
  const typed = Object.fromEntries(Object.entries(parsed.credentials ?? {}).filter(([, v]) => v.trim() !== ''));
  const endpointChanged = ENDPOINT_KEYS.some((k) => settings[k] !== storedSettings[k]);
  const stored = parseJson(secrets.open(row.credentials_enc)) as Record<string, string>;
  if (endpointChanged && Object.keys(stored).some((k) => !(k in typed))) {
    throw new TidingsError('VALIDATION_FAILED', `SMS account ${name}: the server address changed, so type every credential again; the stored ones are not sent to a new address.`, {
      context: { fields: Object.keys(stored).filter((k) => !(k in typed)).map((k) => `credentials.${k}`) },
    });
  }
  const credentials = validate(SmsCredentialsSchemas[provider], { ...(endpointChanged ? {} : stored), ...typed }, 'SMS account credentials');
  // The same settings rule as at creation: an edit cannot take away what the provider needs to send.
  if (provider === 'tencent') validate(TencentAccountSettingsSchema, settings, 'SMS account settings');
  await assertSmsEndpointAllowed(provider, name, settings, guard);
  await orConflict(
    () =>
      db
        .updateTable('sms_accounts')
        .set({
          name,
          credentials_enc: secrets.seal(JSON.stringify(credentials)),
          settings: JSON.stringify(settings),
          ...(parsed.senderId !== undefined ? { sender_id: parsed.senderId } : {}),
          ...(parsed.signature !== undefined ? { signature: parsed.signature } : {}),
          ...(parsed.timeZone !== undefined ? { time_zone: parsed.timeZone } : {}),
          updated_at: Math.max(clock.now(), Number(row.updated_at) + 1),
        })
        .where('id', '=', id)
        .execute(),
    `An SMS account named "${name}" already exists; choose another name.`,
  );
  return getSmsAccount(db, secrets, id);
}

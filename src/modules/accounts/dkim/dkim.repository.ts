import type { Kysely } from 'kysely';
import type { SecretBox } from '../../../platform/crypto/index.js';
import { TidingsError } from '../../../platform/errors/index.js';
import { orConflict, type DatabaseSchema } from '../../../platform/db/index.js';
import { validate } from '../validate.js';
import { dkimDnsRecord, generateDkimKey, importDkimKey, type DkimDnsRecord, type DkimKeyMaterial } from './dkim.keys.js';
import { DkimDomainSchema, DkimKeyInputSchema, DkimSelectorSchema } from './dkim.schema.js';
import { systemClock, type Clock } from '../../../platform/clock/index.js';

type Db = Kysely<DatabaseSchema>;

/** What the CLI and API show of a DKIM key: never the private key, not even masked. */
export interface DkimKeyView {
  readonly domain: string;
  readonly selector: string;
  /** Base64 SubjectPublicKeyInfo, the `p=` of the TXT record. */
  readonly publicKey: string;
  /** The record to publish in the domain's DNS. */
  readonly dns: DkimDnsRecord;
  readonly createdAt: number;
}

/**
 * What nodemailer needs to sign a message for a domain. Holds the opened private key: pass it to
 * the transport and nowhere else (never log it, never return it from the API).
 */
export interface DkimSigningKey {
  readonly domain: string;
  readonly selector: string;
  readonly privateKey: string;
}

const viewOf = (row: { domain: string; selector: string; public_key: string; created_at: number }): DkimKeyView => ({
  domain: row.domain,
  selector: row.selector,
  publicKey: row.public_key,
  dns: dkimDnsRecord(row.domain, row.selector, row.public_key),
  createdAt: Number(row.created_at),
});

const PUBLIC_COLUMNS = ['domain', 'selector', 'public_key', 'created_at'] as const;

/** Options of {@link saveDkimKey}. */
export interface SaveDkimOptions {
  /** Replace the domain's existing key (rotation); without it an existing key is a CONFLICT. */
  readonly replace?: boolean;
}

async function save(db: Db, secrets: SecretBox, domain: string, selector: string, key: DkimKeyMaterial, options: SaveDkimOptions, clock: Clock = systemClock): Promise<DkimKeyView> {
  const row = { domain, selector, private_key_enc: secrets.seal(key.privateKeyPem), public_key: key.publicKey, created_at: clock.now() };
  await orConflict(async () => {
    if (options.replace) {
      await db.transaction().execute(async (trx) => {
        await trx.deleteFrom('dkim_keys').where('domain', '=', domain).execute();
        await trx.insertInto('dkim_keys').values(row).execute();
      });
    } else {
      await db.insertInto('dkim_keys').values(row).execute();
    }
  }, `${domain} already has a DKIM key; remove it first, or choose to replace it.`);
  return viewOf(row);
}

/** Generates an RSA-2048 key for `domain`, seals and stores it; returns the TXT record to publish. */
export async function generateDkimKeyFor(db: Db, secrets: SecretBox, input: { domain: string; selector: string }, options: SaveDkimOptions = {}): Promise<DkimKeyView> {
  const domain = validate(DkimDomainSchema, input.domain, 'domain');
  const selector = validate(DkimSelectorSchema, input.selector, 'selector');
  return save(db, secrets, domain, selector, generateDkimKey(), options);
}

/** Stores an existing RSA private key (PEM) for `domain`, e.g. one already published in DNS. */
export async function importDkimKeyFor(
  db: Db,
  secrets: SecretBox,
  input: { domain: string; selector: string; privateKeyPem: string },
  options: SaveDkimOptions = {},
): Promise<DkimKeyView> {
  const parsed = validate(DkimKeyInputSchema, input, 'DKIM key');
  return save(db, secrets, parsed.domain, parsed.selector, importDkimKey(parsed.privateKeyPem), options);
}

/** Every stored key, by domain (public parts only). */
export async function listDkimKeys(db: Db): Promise<DkimKeyView[]> {
  const rows = await db.selectFrom('dkim_keys').select(PUBLIC_COLUMNS).orderBy('domain').execute();
  return rows.map(viewOf);
}

/** One domain's key (public parts only); NOT_FOUND when the domain has none. */
export async function getDkimKey(db: Db, domain: string): Promise<DkimKeyView> {
  const name = validate(DkimDomainSchema, domain, 'domain');
  const row = await db.selectFrom('dkim_keys').select(PUBLIC_COLUMNS).where('domain', '=', name).executeTakeFirst();
  if (!row) throw new TidingsError('NOT_FOUND', `No DKIM key for ${name}. List them with: tidings account dkim list`, { context: { domain: name } });
  return viewOf(row);
}

/** Deletes a domain's key: its mail goes out unsigned from then on. NOT_FOUND when there is none. */
export async function removeDkimKey(db: Db, domain: string): Promise<void> {
  const name = validate(DkimDomainSchema, domain, 'domain');
  const result = await db.deleteFrom('dkim_keys').where('domain', '=', name).executeTakeFirst();
  if (Number(result.numDeletedRows) === 0) throw new TidingsError('NOT_FOUND', `No DKIM key for ${name}.`, { context: { domain: name } });
}

/**
 * The signing key for the domain of `address` (the From address), opened, or undefined when the
 * domain has none. Throws SECRET_DECRYPT_FAILED if the secret key changed since it was stored.
 */
export async function loadDkimKeyForAddress(db: Db, secrets: SecretBox, address: string): Promise<DkimSigningKey | undefined> {
  const domain = address.slice(address.lastIndexOf('@') + 1).trim().toLowerCase().replace(/\.$/, '');
  if (!domain) return undefined;
  const row = await db.selectFrom('dkim_keys').select(['domain', 'selector', 'private_key_enc']).where('domain', '=', domain).executeTakeFirst();
  if (!row) return undefined;
  return { domain: row.domain, selector: row.selector, privateKey: secrets.open(row.private_key_enc) };
}

import { generateKeyPairSync, randomBytes, createSign, createVerify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  dkimDnsRecord,
  generateDkimKey,
  generateDkimKeyFor,
  getDkimKey,
  importDkimKey,
  importDkimKeyFor,
  listDkimKeys,
  loadDkimKeyForAddress,
  removeDkimKey,
} from '../../src/modules/accounts/index.js';
import { SecretBox } from '../../src/platform/crypto/index.js';
import { isTidingsError } from '../../src/platform/errors/index.js';
import { describeStoreContract } from '../helpers/store-contract.js';

const secrets = new SecretBox(randomBytes(32));

const codeOf = (run: () => unknown) => {
  try {
    run();
    return 'ok';
  } catch (error) {
    return isTidingsError(error) ? error.code : String(error);
  }
};
const asyncCodeOf = (promise: Promise<unknown>) =>
  promise.then(
    () => 'ok',
    (error: unknown) => (isTidingsError(error) ? error.code : String(error)),
  );

describe('DKIM key material', () => {
  it('generates an RSA-2048 pair whose p= verifies what the private key signs', () => {
    const key = generateDkimKey();
    expect(key.bits).toBe(2048);
    expect(key.privateKeyPem).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    const signature = createSign('sha256').update('hello').sign(key.privateKeyPem);
    const publicPem = `-----BEGIN PUBLIC KEY-----\n${key.publicKey.match(/.{1,64}/g)!.join('\n')}\n-----END PUBLIC KEY-----\n`;
    expect(createVerify('sha256').update('hello').verify(publicPem, signature)).toBe(true);
  });

  it('imports PKCS#1 and PKCS#8 RSA keys, refuses EC, short and garbage keys without quoting them', () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const pkcs1 = privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
    const pkcs8 = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    expect(importDkimKey(pkcs1).publicKey).toBe(importDkimKey(pkcs8).publicKey);
    const ec = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    expect(codeOf(() => importDkimKey(ec))).toBe('ACCOUNT_DKIM_KEY_INVALID');
    const short = generateKeyPairSync('rsa', { modulusLength: 512 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    expect(codeOf(() => importDkimKey(short))).toBe('ACCOUNT_DKIM_KEY_INVALID');
    try {
      importDkimKey('-----BEGIN PRIVATE KEY-----\nnot-a-key\n-----END PRIVATE KEY-----');
      expect.unreachable();
    } catch (error) {
      expect((error as Error).message).not.toContain('not-a-key');
    }
  });

  it('prints the TXT record name and value, split into strings of at most 255 characters', () => {
    const key = generateDkimKey();
    const record = dkimDnsRecord('example.com', 's2027', key.publicKey);
    expect(record.name).toBe('s2027._domainkey.example.com.');
    expect(record.value).toBe(`v=DKIM1; k=rsa; p=${key.publicKey}`);
    const strings = [...record.zoneLine.matchAll(/"([^"]*)"/g)].map((m) => m[1]!);
    expect(record.zoneLine.startsWith('s2027._domainkey.example.com. IN TXT ')).toBe(true);
    expect(strings.length).toBeGreaterThan(1);
    expect(strings.every((s) => s.length <= 255)).toBe(true);
    expect(strings.join('')).toBe(record.value);
  });
});

describeStoreContract('DKIM keys per sender domain', (store) => {
  it('stores a generated key sealed, lists only public parts, and opens it for the From domain', async () => {
    const { db } = store();
    const view = await generateDkimKeyFor(db, secrets, { domain: ' Example.COM. ', selector: 'S2027' });
    expect(view).toMatchObject({ domain: 'example.com', selector: 's2027' });
    expect(JSON.stringify(view)).not.toContain('PRIVATE');
    const row = await db.selectFrom('dkim_keys').selectAll().where('domain', '=', 'example.com').executeTakeFirstOrThrow();
    expect(row.private_key_enc).toMatch(/^v1:/);
    expect(row.private_key_enc).not.toContain('PRIVATE KEY');

    const listed = await listDkimKeys(db);
    expect(listed.map((k) => k.domain)).toEqual(['example.com']);
    expect(JSON.stringify(listed)).not.toMatch(/PRIVATE|private/);
    expect((await getDkimKey(db, 'example.com')).dns.value).toContain(view.publicKey);

    const signing = await loadDkimKeyForAddress(db, secrets, 'Sales@Example.com');
    expect(signing?.selector).toBe('s2027');
    expect(signing?.privateKey).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    expect(await loadDkimKeyForAddress(db, secrets, 'someone@other.example')).toBeUndefined();
  });

  it('refuses a second key for a domain unless replacing; removes; validates names', async () => {
    const { db } = store();
    await generateDkimKeyFor(db, secrets, { domain: 'rotate.example', selector: 'old' });
    expect(await asyncCodeOf(generateDkimKeyFor(db, secrets, { domain: 'rotate.example', selector: 'new' }))).toBe('CONFLICT');
    const pem = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
    const imported = await importDkimKeyFor(db, secrets, { domain: 'rotate.example', selector: 'new', privateKeyPem: pem }, { replace: true });
    expect((await getDkimKey(db, 'rotate.example')).selector).toBe('new');
    expect(imported.publicKey).toBe(importDkimKey(pem).publicKey);
    await removeDkimKey(db, 'rotate.example');
    expect(await asyncCodeOf(getDkimKey(db, 'rotate.example'))).toBe('NOT_FOUND');
    expect(await asyncCodeOf(removeDkimKey(db, 'rotate.example'))).toBe('NOT_FOUND');
    expect(await asyncCodeOf(generateDkimKeyFor(db, secrets, { domain: 'no spaces.example', selector: 's' }))).toBe('VALIDATION_FAILED');
    expect(await asyncCodeOf(generateDkimKeyFor(db, secrets, { domain: 'ok.example', selector: 'bad_selector!' }))).toBe('VALIDATION_FAILED');
  });
});

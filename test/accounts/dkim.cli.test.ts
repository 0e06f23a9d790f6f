import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runTidings } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'tidings-dkim-'));
const env = { DATABASE_URL: `sqlite:${join(dir, 'tidings.db')}`, TIDINGS_DATA_DIR: dir, LOG_LEVEL: 'trace' };
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('tidings account dkim', () => {
  it('generates, imports, lists, shows and removes keys; never prints a private key', async () => {
    const generated = await runTidings(env, ['accounts', 'dkim', 'generate', '--domain', 'example.com', '--selector', 'tidings2027']);
    expect(generated.code, generated.err).toBe(0);
    expect(generated.out).toMatch(/^ {2}tidings2027\._domainkey\.example\.com\. IN TXT \( "v=DKIM1; k=rsa; p=MII[^"]+" "[^"]+" \)$/m);

    const pem = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const keyFile = join(dir, 'key.pem');
    writeFileSync(keyFile, pem);
    const imported = await runTidings(env, ['account', 'dkim', 'import', '--domain', 'shop.example', '--selector', 's1', '--key-file', keyFile, '--json']);
    expect(imported.code, imported.err).toBe(0);
    expect(JSON.parse(imported.out)).toMatchObject({ domain: 'shop.example', selector: 's1', dns: { name: 's1._domainkey.shop.example.' } });
    const again = await runTidings(env, ['account', 'dkim', 'import', '--domain', 'shop.example', '--selector', 's2', '--key-file', keyFile]);
    expect(again.code).not.toBe(0);
    expect(again.err).toContain('CONFLICT');

    const list = await runTidings(env, ['account', 'dkim', 'list', '--json']);
    expect((JSON.parse(list.out) as { domain: string }[]).map((k) => k.domain)).toEqual(['example.com', 'shop.example']);
    expect((await runTidings(env, ['account', 'dkim', 'show', '--domain', 'shop.example'])).out).toContain('s1._domainkey.shop.example.');
    expect((await runTidings(env, ['account', 'dkim', 'remove', '--domain', 'shop.example'])).code).toBe(0);
    expect((await runTidings(env, ['account', 'dkim', 'show', '--domain', 'shop.example'])).err).toContain('NOT_FOUND');

    const everything = [generated, imported, again, list].map((r) => r.out + r.err).join('\n');
    expect(everything).not.toContain('PRIVATE KEY');
    expect(everything).not.toContain(pem.split('\n')[1]);
  });
});

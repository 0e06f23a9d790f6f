import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadDkimKeyForAddress } from '../../../src/modules/accounts/index.js';
import { makeSqliteStore } from '../../helpers/store-contract.js';
import type { Store } from '../../../src/platform/db/index.js';
import { codeOf, routesHarness, type Caller, type RoutesHarness } from './routes.fixture.js';

let store: Store;
let h: RoutesHarness;
let admin: Caller;
let marketer: Caller;
beforeAll(async () => {
  store = await makeSqliteStore();
  h = await routesHarness(store);
  [admin, marketer] = await Promise.all([h.caller('admin'), h.caller('marketer')]);
});
afterAll(async () => {
  await h?.app.close();
  await store?.close();
});

it('admins generate, import and remove DKIM keys; others read public parts; no private key in any response', async () => {
  const denied = await h.call(marketer, 'POST', '/api/dkim-keys', { domain: 'example.com', selector: 's1' });
  expect(denied.statusCode).toBe(403);

  const generated = await h.call(admin, 'POST', '/api/dkim-keys', { domain: 'Example.com', selector: 's1' });
  expect(generated.statusCode, generated.body).toBe(201);
  expect(generated.json()).toMatchObject({ domain: 'example.com', selector: 's1', dns: { name: 's1._domainkey.example.com.', type: 'TXT' } });
  expect(codeOf(await h.call(admin, 'POST', '/api/dkim-keys', { domain: 'example.com', selector: 's2' }))).toBe('CONFLICT');

  const pem = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const imported = await h.call(admin, 'POST', '/api/dkim-keys', { domain: 'example.com', selector: 's2', privateKeyPem: pem, replace: true });
  expect(imported.statusCode, imported.body).toBe(201);
  expect((await loadDkimKeyForAddress(store.db, h.context.secrets, 'sales@example.com'))?.privateKey).toBe(pem);
  expect(codeOf(await h.call(admin, 'POST', '/api/dkim-keys', { domain: 'ec.example', selector: 's', privateKeyPem: 'garbage' }))).toBe('ACCOUNT_DKIM_KEY_INVALID');

  const list = await h.call(marketer, 'GET', '/api/dkim-keys');
  expect((list.json() as { domain: string; selector: string }[]).map((k) => `${k.domain}/${k.selector}`)).toEqual(['example.com/s2']);
  expect((await h.call(marketer, 'GET', '/api/dkim-keys/example.com')).json()).toMatchObject({ selector: 's2' });
  expect((await h.call(marketer, 'DELETE', '/api/dkim-keys/example.com')).statusCode).toBe(403);
  expect((await h.call(admin, 'DELETE', '/api/dkim-keys/example.com')).statusCode).toBe(204);
  expect(codeOf(await h.call(marketer, 'GET', '/api/dkim-keys/example.com'))).toBe('NOT_FOUND');

  const pemBody = pem.split('\n')[1]!;
  for (const body of h.bodies) {
    expect(body).not.toMatch(/PRIVATE KEY-----(\\n|\s)+MII/);
    expect(body).not.toContain(pemBody);
  }
});

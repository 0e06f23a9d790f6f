// Item 8: passwords were hashed with scrypt at N=2^15, below OWASP's current minimum (N=2^17,
// r=8, p=1), and hashes made that way stayed that way forever.
import { randomBytes, scryptSync } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { usePasswordHashCostForTests, verifyPassword } from '../../src/modules/users/index.js';
import { TEST_HASH_PARAMS, userWithToken } from '../api/api.fixture.js';
import { describeStoreContract } from '../helpers/store-contract.js';
import { useLiveApi } from './harness.js';

// The API fixture hashes cheaply for speed; this suite is about the production parameters.
beforeAll(() => usePasswordHashCostForTests(undefined));
afterAll(() => usePasswordHashCostForTests(TEST_HASH_PARAMS));

const OWASP = /^scrypt\$131072\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/;

/** A hash as the old code wrote it: scrypt N=2^15, r=8, p=1. */
function oldHash(password: string): string {
  const salt = randomBytes(16);
  const key = scryptSync(password.normalize('NFC'), salt, 32, { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 });
  return ['scrypt', 2 ** 15, 8, 1, salt.toString('base64url'), key.toString('base64url')].join('$');
}

describeStoreContract('security 08: scrypt parameters', (store) => {
  const live = useLiveApi(store);
  const hashOf = async (userId: number) =>
    (await store().db.selectFrom('users').select('password_hash').where('id', '=', userId).executeTakeFirstOrThrow()).password_hash;

  it('hashes a new password with N=2^17, r=8, p=1', async () => {
    const admin = await live().actor('admin');
    const created = await live().request('POST', '/api/users', {
      actor: admin,
      body: { username: `fresh-${randomBytes(3).toString('hex')}`, role: 'readonly', password: 'a-new-long-password' },
    });
    expect(created.status).toBe(201);
    const stored = await hashOf((created.body as { id: number }).id);
    expect(stored).toMatch(OWASP);
    expect(await verifyPassword('a-new-long-password', stored!)).toBe(true);
  });

  it('re-hashes an old N=2^15 hash at the next successful sign-in, and not after a wrong password', async () => {
    const { userId, username } = await userWithToken(store(), 'sales');
    const password = 'the-old-password-still-works';
    const old = oldHash(password);
    await store().db.updateTable('users').set({ password_hash: old }).where('id', '=', userId).execute();

    const wrong = await live().request('POST', '/api/auth/login', { body: { username, password: 'not-it-at-all' } });
    expect(wrong.status).toBe(401);
    expect(await hashOf(userId)).toBe(old);

    const right = await live().request('POST', '/api/auth/login', { body: { username, password } });
    expect(right.status).toBe(200);
    const stored = await hashOf(userId);
    expect(stored).toMatch(OWASP);
    expect(await verifyPassword(password, stored!)).toBe(true);

    // The new hash signs in too, and is kept as it is.
    expect((await live().request('POST', '/api/auth/login', { body: { username, password } })).status).toBe(200);
    expect(await hashOf(userId)).toBe(stored);
  });
});

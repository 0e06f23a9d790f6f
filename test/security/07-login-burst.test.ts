// Item 7: the sign-in limit was check-then-act. 20 concurrent wrong passwords for one user all got
// 401 (the limit is 5), and the same burst then locked every other user out from that address.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { usePasswordHashCostForTests } from '../../src/modules/users/index.js';
import { passwordOf, TEST_HASH_PARAMS, userWithToken } from '../api/api.fixture.js';
import { describeStoreContract } from '../helpers/store-contract.js';
import { useLiveApi, type Actor } from './harness.js';

// At production cost each check takes long enough that, without an atomic reservation, every
// request of the burst passes the count before the first failure is written: the real attack.
beforeAll(() => usePasswordHashCostForTests(undefined));
afterAll(() => usePasswordHashCostForTests(TEST_HASH_PARAMS));

describeStoreContract('security 07: a burst of wrong passwords', (store) => {
  const live = useLiveApi(store);
  let victim: Omit<Actor, 'token'>;
  let colleague: Omit<Actor, 'token'>;
  beforeAll(async () => {
    victim = await userWithToken(store(), 'sales', { password: true });
    colleague = await userWithToken(store(), 'marketer', { password: true });
  });

  const login = (username: string, password: string) =>
    fetch(`${live().url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
    });

  it('gets at most 5 password checks for one user, locks only that user, and leaves others at the same address alone', async () => {
    const burst = await Promise.all(Array.from({ length: 20 }, (_, i) => login(victim.username, `wrong-guess-${i}`)));
    const statuses = burst.map((r) => r.status);
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(5);
    expect(statuses.filter((s) => s !== 401 && s !== 429)).toEqual([]);
    for (const refused of burst.filter((r) => r.status === 429)) {
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(await refused.json()).toMatchObject({ error: { code: 'AUTH_RATE_LIMITED' } });
    }

    // The victim is locked, even with the right password, and no session was made for them.
    const locked = await login(victim.username, passwordOf(victim.username));
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(800);
    const sessions = await store().db.selectFrom('sessions').select('id').where('user_id', '=', victim.userId).execute();
    expect(sessions).toHaveLength(0);

    // A colleague behind the same address still gets a real answer to a typo, then signs in.
    expect((await login(colleague.username, 'a-typo-in-the-password')).status).toBe(401);
    const signedIn = await login(colleague.username, passwordOf(colleague.username));
    expect(signedIn.status).toBe(200);
    expect(await signedIn.json()).toMatchObject({ user: { username: colleague.username } });
  });
});

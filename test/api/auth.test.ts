import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthService, buildApi } from '../../src/http/index.js';
import { hashPassword, ipKey, LoginLimiter, PASSWORD_HASH_PARAMS, usePasswordHashCostForTests, verifyPassword } from '../../src/modules/users/index.js';
import { FakeClock } from '../helpers/clock.js';
import { describeStoreContract } from '../helpers/store-contract.js';
import { bearer, makeContext, passwordOf, signIn, TEST_HASH_PARAMS, userWithToken } from './api.fixture.js';

describeStoreContract('API sign-in, sessions, tokens and CSRF', (store) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildApi(makeContext(store()));
  });
  afterAll(() => app?.close());

  it('signs in with a session cookie (HttpOnly, SameSite=Lax, Path=/, not Secure over plain http) and /me shows the user', async () => {
    const { username } = await userWithToken(store(), 'marketer', { password: true });
    const response = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: passwordOf(username) } });
    expect(response.statusCode).toBe(200);
    const cookie = response.cookies.find((c) => c.name === 'tidings_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    expect(cookie?.secure).toBeFalsy();
    const me = await app.inject({ url: '/api/auth/me', headers: { cookie: `tidings_session=${cookie?.value}` } });
    expect(me.statusCode).toBe(200);
    const body = me.json() as { user: { username: string; role: string }; permissions: string[]; via: string; csrfToken: string };
    expect(body.user).toMatchObject({ username, role: 'marketer' });
    expect(body.via).toBe('session');
    expect(body.permissions).toContain('campaigns:send');
    expect(body.permissions).not.toContain('wallet:topup');
    expect(body.csrfToken).toBe((response.json() as { csrfToken: string }).csrfToken);
    // The store holds only the hash of the cookie value.
    const rows = await store().db.selectFrom('sessions').select('id').execute();
    expect(rows.map((r) => r.id)).not.toContain(cookie?.value);
  });

  it('answers a wrong password and an unknown user with the same code and message', async () => {
    const { username } = await userWithToken(store(), 'sales', { password: true });
    const wrong = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: 'not-the-password' } });
    const unknown = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: `${username}-x`, password: 'whatever-it-is' } });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json()).toEqual({ error: { code: 'AUTH_INVALID_CREDENTIALS', message: 'Wrong user name or password.' } });
    expect(unknown.json()).toEqual(wrong.json());
    expect(wrong.cookies).toHaveLength(0);
  });

  it('refuses a disabled user with the generic message, and ends their sessions', async () => {
    const { username, userId } = await userWithToken(store(), 'finance', { password: true });
    const session = await signIn(app, username);
    await new AuthService(store()).users.update(userId, { disabled: true });
    const me = await app.inject({ url: '/api/auth/me', headers: { cookie: session.cookie } });
    expect(me.statusCode).toBe(401);
    const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: passwordOf(username) } });
    expect(login.json()).toMatchObject({ error: { code: 'AUTH_INVALID_CREDENTIALS', message: 'Wrong user name or password.' } });
  });

  it('rate-limits after 5 failures per user name with 429 and Retry-After, shared by two API instances on one store', async () => {
    const { username } = await userWithToken(store(), 'readonly', { password: true });
    // Two instances on one frozen clock: the window's remaining time is exact, whatever the load.
    const clock = new FakeClock(Date.now());
    const one = await buildApi({ ...makeContext(store()), clock });
    const other = await buildApi({ ...makeContext(store()), clock });
    try {
      for (let i = 0; i < 5; i += 1) {
        // Alternate between the two instances: the count lives in the store, not in a process.
        const target = i % 2 === 0 ? one : other;
        const r = await target.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: `wrong-${i}` }, remoteAddress: `10.0.0.${i + 1}` });
        expect(r.statusCode).toBe(401);
      }
      const limited = await other.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: passwordOf(username) }, remoteAddress: '10.0.1.1' });
      expect(limited.statusCode).toBe(429);
      expect(limited.json()).toMatchObject({ error: { code: 'AUTH_RATE_LIMITED' } });
      const retryAfter = Number(limited.headers['retry-after']);
      expect(retryAfter).toBe(900);
    } finally {
      await one.close();
      await other.close();
    }
  });

  it('limits one address guessing across many user names (counting names, not attempts), and lets the window expire', async () => {
    const limiter = new LoginLimiter(store(), { maxPerIp: 3, maxPerUser: 100, windowMs: 60_000 });
    const ip = `10.9.0.${Math.floor(Math.random() * 250)}`;
    const t0 = Date.now();
    const fail = async (name: string, at: number) => {
      const attempt = await limiter.begin(name, ip, at);
      await attempt.failed();
      attempt.end();
    };
    // Many failures for one name count once toward the address.
    for (let i = 0; i < 6; i += 1) await fail('nobody-0', t0);
    for (let i = 1; i < 3; i += 1) await fail(`nobody-${i}`, t0 + i);
    const refused = await limiter.begin('someone-else', ip, t0 + 10).catch((error: unknown) => error);
    expect(refused).toMatchObject({ code: 'AUTH_RATE_LIMITED', context: { retryAfterSeconds: 60 } });
    // Once full, the address is refused for names it already tried too.
    await expect(limiter.begin('nobody-1', ip, t0 + 10)).rejects.toMatchObject({ code: 'AUTH_RATE_LIMITED' });
    (await limiter.begin('someone-else', '10.8.0.1', t0 + 10)).end();
    // The window (from the address's first attempt) ends one minute later.
    (await limiter.begin('someone-else', ip, t0 + 60_001)).end();
  });

  it('reserves attempts atomically in the store: 20 concurrent sign-ins over two limiters get exactly 5 slots', async () => {
    // Two limiters stand for two API processes; no in-flight bound, so only the store decides.
    const options = { maxPerUser: 5, maxInFlightPerUser: 100, maxInFlightPerIp: 100 };
    const limiters = [new LoginLimiter(store(), options), new LoginLimiter(store(), options)];
    const name = `burst-${Math.random().toString(36).slice(2)}`;
    const outcomes = await Promise.allSettled(Array.from({ length: 20 }, (_, i) => limiters[i % 2]!.begin(name, `10.7.0.${i}`)));
    const reserved = outcomes.filter((o) => o.status === 'fulfilled');
    expect(reserved).toHaveLength(5);
    for (const o of outcomes) if (o.status === 'rejected') expect(o.reason).toMatchObject({ code: 'AUTH_RATE_LIMITED' });
    for (const o of reserved) o.value.end();
  });

  it('bounds sign-ins in flight per user name; the one refused still counts', async () => {
    const limiter = new LoginLimiter(store(), { maxPerUser: 3, maxInFlightPerUser: 2 });
    const name = `inflight-${Math.random().toString(36).slice(2)}`;
    const first = await limiter.begin(name, '10.6.0.1');
    const second = await limiter.begin(name, '10.6.0.2');
    await expect(limiter.begin(name, '10.6.0.3')).rejects.toMatchObject({ code: 'AUTH_RATE_LIMITED', context: { retryAfterSeconds: 1 } });
    first.end();
    first.end();
    second.end();
    // Three slots were used (the refused one too): the next attempt is over the limit.
    await expect(limiter.begin(name, '10.6.0.4')).rejects.toMatchObject({ code: 'AUTH_RATE_LIMITED' });
  });

  it('gives the address its unit back when a name signs in, so mistypes by many people never lock an office', async () => {
    const limiter = new LoginLimiter(store(), { maxPerIp: 2 });
    const ip = `10.5.0.${Math.floor(Math.random() * 250)}`;
    const tag = Math.random().toString(36).slice(2);
    const typo = await limiter.begin(`a-${tag}`, ip);
    await typo.failed();
    typo.end();
    const ok = await limiter.begin(`b-${tag}`, ip);
    await ok.succeeded();
    ok.end();
    const another = await limiter.begin(`c-${tag}`, ip);
    await another.failed();
    another.end();
    await expect(limiter.begin(`d-${tag}`, ip)).rejects.toMatchObject({ code: 'AUTH_RATE_LIMITED' });
  });

  it('keys IPv6 clients by their /64 and IPv4-mapped addresses as IPv4', () => {
    expect(ipKey('2001:db8:1:2:aaaa::1')).toBe(ipKey('2001:db8:1:2:bbbb:cccc:dddd:eeee'));
    expect(ipKey('2001:db8:1:2::1')).not.toBe(ipKey('2001:db8:1:3::1'));
    expect(ipKey('2001:db8::1')).toBe('ip:2001:db8:0:0::/64');
    expect(ipKey('1::a:b:c:1.2.3.4')).toBe('ip:1:0:0:a::/64');
    expect(ipKey('::ffff:192.0.2.7')).toBe('ip:192.0.2.7');
    expect(ipKey('192.0.2.7')).toBe('ip:192.0.2.7');
  });

  it('requires x-csrf-token on unsafe requests with a session cookie, and not with a bearer token', async () => {
    const { username, token } = await userWithToken(store(), 'admin', { password: true });
    const { cookie, csrf } = await signIn(app, username);
    const payload = { username: `csrf-${Date.now()}`, role: 'readonly' };
    const without = await app.inject({ method: 'POST', url: '/api/users', headers: { cookie }, payload });
    expect(without.statusCode).toBe(403);
    expect(without.json()).toMatchObject({ error: { code: 'AUTH_CSRF_FAILED' } });
    const wrong = await app.inject({ method: 'POST', url: '/api/users', headers: { cookie, 'x-csrf-token': `${csrf.slice(0, -1)}${csrf.endsWith('x') ? 'y' : 'x'}` }, payload });
    expect(wrong.statusCode).toBe(403);
    const right = await app.inject({ method: 'POST', url: '/api/users', headers: { cookie, 'x-csrf-token': csrf }, payload });
    expect(right.statusCode).toBe(201);
    const viaToken = await app.inject({ method: 'POST', url: '/api/users', headers: bearer(token), payload: { ...payload, username: `${payload.username}-t` } });
    expect(viaToken.statusCode).toBe(201);
  });

  it('logs out: the session stops working and the cookie is cleared', async () => {
    const { username } = await userWithToken(store(), 'sales', { password: true });
    const { cookie, csrf } = await signIn(app, username);
    const out = await app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie, 'x-csrf-token': csrf } });
    expect(out.statusCode).toBe(204);
    expect(out.cookies.find((c) => c.name === 'tidings_session')?.value).toBe('');
    const me = await app.inject({ url: '/api/auth/me', headers: { cookie } });
    expect(me.statusCode).toBe(401);
    expect(me.json()).toMatchObject({ error: { code: 'AUTH_REQUIRED' } });
  });

  it('accepts a bearer token, records last use, and refuses it once revoked or expired', async () => {
    const { userId, token } = await userWithToken(store(), 'readonly');
    const auth = new AuthService(store());
    expect((await app.inject({ url: '/api/auth/me', headers: bearer(token) })).json()).toMatchObject({ via: 'token', csrfToken: null });
    const [info] = await auth.tokens.list(userId);
    expect(info?.lastUsedAt).toBeGreaterThan(0);
    // Stored only as a hash; the prefix shown in lists is not the token.
    const stored = await store().db.selectFrom('api_tokens').selectAll().where('user_id', '=', userId).executeTakeFirstOrThrow();
    expect(JSON.stringify(stored)).not.toContain(token);
    await auth.tokens.revoke(info!.id);
    const revoked = await app.inject({ url: '/api/auth/me', headers: bearer(token) });
    expect(revoked.statusCode).toBe(401);
    expect(revoked.json()).toMatchObject({ error: { code: 'AUTH_TOKEN_INVALID' } });

    const expired = await auth.tokens.create({ userId, name: 'old', expiresAt: Date.now() - 1 });
    expect((await app.inject({ url: '/api/auth/me', headers: bearer(expired.token) })).statusCode).toBe(401);
    const malformed = await app.inject({ url: '/api/auth/me', headers: { authorization: 'Bearer nope' } });
    expect(malformed.json()).toMatchObject({ error: { code: 'AUTH_TOKEN_INVALID' } });
  });

  it('marks the cookie Secure when TIDINGS_PUBLIC_URL is https, or the proxy says https with TIDINGS_TRUST_PROXY', async () => {
    const { username } = await userWithToken(store(), 'readonly', { password: true });
    for (const [env, headers] of [
      [{ TIDINGS_PUBLIC_URL: 'https://tidings.example.test' }, {}],
      [{ TIDINGS_TRUST_PROXY: 'true' }, { 'x-forwarded-proto': 'https' }],
    ] as const) {
      const secureApp = await buildApi(makeContext(store(), env));
      try {
        const r = await secureApp.inject({ method: 'POST', url: '/api/auth/login', headers, payload: { username, password: passwordOf(username) } });
        expect(r.cookies.find((c) => c.name === 'tidings_session')?.secure).toBe(true);
      } finally {
        await secureApp.close();
      }
    }
    // Without trust, a forged X-Forwarded-Proto changes nothing.
    const r = await app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'x-forwarded-proto': 'https' }, payload: { username, password: passwordOf(username) } });
    expect(r.cookies.find((c) => c.name === 'tidings_session')?.secure).toBeFalsy();
  });
});

describe('password hashing', () => {
  // The fixture lowers the cost for speed; these tests are about the production parameters.
  beforeAll(() => usePasswordHashCostForTests(undefined));
  afterAll(() => usePasswordHashCostForTests(TEST_HASH_PARAMS));

  it("hashes at OWASP's scrypt minimum (N=2^17, r=8, p=1), and production cannot lower it", () => {
    expect(PASSWORD_HASH_PARAMS).toEqual({ N: 2 ** 17, r: 8, p: 1 });
    expect(Object.isFrozen(PASSWORD_HASH_PARAMS)).toBe(true);
    const vitest = process.env.VITEST;
    delete process.env.VITEST;
    try {
      expect(() => usePasswordHashCostForTests(TEST_HASH_PARAMS)).toThrow(/tests only/);
    } finally {
      process.env.VITEST = vitest;
    }
  });

  it('stores scrypt parameters and a per-user salt in the hash, and verifies only the right password', async () => {
    const a = await hashPassword('correct horse battery staple');
    const b = await hashPassword('correct horse battery staple');
    expect(a).toMatch(/^scrypt\$131072\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword('correct horse battery staple', a)).toBe(true);
    expect(await verifyPassword('correct horse battery stapl', a)).toBe(false);
    for (const bad of ['', 'scrypt$1$8$1$x$y', 'scrypt$1048576000$8$1$aaaa$bbbb', 'bcrypt$whatever']) {
      expect(await verifyPassword('x', bad)).toBe(false);
    }
  });
});

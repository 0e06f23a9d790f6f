import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createMailAccount } from '../../src/modules/accounts/index.js';
import { SecretBox } from '../../src/platform/crypto/index.js';
import { buildApi, ROLES, roleAllows, type DeclaredRoute, type Role } from '../../src/http/index.js';
import { describeStoreContract } from '../helpers/store-contract.js';
import { bearer, makeContext, userWithToken } from './api.fixture.js';

/** Hundreds of requests in one test: bounded for a loaded 2-core runner (vitest's unit default is 20 s). */
const MATRIX_TIMEOUT_MS = 120_000;

/** A concrete URL for a route pattern: ids that exist nowhere, wildcards filled in. */
const concrete = (url: string) => url.replace(/:[A-Za-z_]+/g, '999999').replace(/\*/g, 'x');
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

async function call(app: FastifyInstance, route: DeclaredRoute, headers: Record<string, string>) {
  return app.inject({
    method: route.method as 'GET',
    url: concrete(route.url),
    headers,
    ...(UNSAFE.has(route.method) && { payload: {} }),
  });
}

/**
 * Key cases written out by hand, so the derived matrix below cannot pass vacuously (e.g. if the
 * role table granted everything, or routes were missing).
 */
const KEY_CASES: readonly { role: Role; method: string; url: string; allowed: boolean }[] = [
  { role: 'admin', method: 'GET', url: '/api/users', allowed: true },
  { role: 'marketer', method: 'GET', url: '/api/users', allowed: false },
  { role: 'sales', method: 'POST', url: '/api/tokens', allowed: false },
  { role: 'finance', method: 'GET', url: '/metrics', allowed: false },
  { role: 'readonly', method: 'PATCH', url: '/api/users/:id', allowed: false },
  { role: 'readonly', method: 'GET', url: '/api/auth/me', allowed: true },
  { role: 'sales', method: 'POST', url: '/api/auth/logout', allowed: true },
  { role: 'admin', method: 'GET', url: '/metrics', allowed: true },
  // The wallet screen's account picker: finance lists SMS accounts (masked) without accounts:read.
  { role: 'finance', method: 'GET', url: '/api/sms-accounts', allowed: true },
  // …and reads one of them the same way (masked), so a campaign page can show its SMS costs in the account's currency.
  { role: 'finance', method: 'GET', url: '/api/sms-accounts/:id', allowed: true },
  { role: 'sales', method: 'GET', url: '/api/sms-accounts', allowed: false },
  // Sales reps reach the mailbox routes (accounts:own); which mailbox is theirs is decided per
  // mailbox, below. Assigning an owner is an admin's.
  { role: 'sales', method: 'PATCH', url: '/api/accounts/:id', allowed: true },
  { role: 'sales', method: 'POST', url: '/api/accounts/:id/default', allowed: false },
  { role: 'marketer', method: 'PATCH', url: '/api/accounts/:id/owner', allowed: false },
  { role: 'readonly', method: 'PATCH', url: '/api/accounts/:id', allowed: false },
  // The company profile: everyone reads it, only admins change it; everyone changes their own password.
  { role: 'sales', method: 'GET', url: '/api/company', allowed: true },
  { role: 'marketer', method: 'PUT', url: '/api/company', allowed: false },
  { role: 'admin', method: 'PUT', url: '/api/company', allowed: true },
  { role: 'finance', method: 'POST', url: '/api/users/:id/password/reset', allowed: false },
  { role: 'marketer', method: 'PUT', url: '/api/users/:id/mailbox', allowed: false },
  { role: 'readonly', method: 'PUT', url: '/api/auth/password', allowed: true },
  // Issue 20: everyone has an overview and their own settings (sections are scoped by role inside);
  // a marketer sends the greeting a reminder offers as a one-off, a finance clerk does not.
  { role: 'finance', method: 'GET', url: '/api/overview', allowed: true },
  { role: 'readonly', method: 'PATCH', url: '/api/me/settings', allowed: true },
  { role: 'sales', method: 'GET', url: '/api/me/settings', allowed: true },
  { role: 'marketer', method: 'POST', url: '/api/send', allowed: true },
  { role: 'finance', method: 'POST', url: '/api/send', allowed: false },
];

describeStoreContract('role matrix over every registered route', (store) => {
  let app: FastifyInstance;
  const tokens = new Map<Role, string>();
  beforeAll(async () => {
    app = await buildApi(makeContext(store(), { LOG_LEVEL: 'warn' }));
    await app.ready();
    for (const role of ROLES) tokens.set(role, (await userWithToken(store(), role)).token);
  });
  afterAll(() => app?.close());

  const routes = () => app.declaredRoutes;

  it('has the routes the key cases name', () => {
    const names = new Set(routes().map((r) => `${r.method} ${r.url}`));
    for (const c of KEY_CASES) expect(names, `${c.method} ${c.url}`).toContain(`${c.method} ${c.url}`);
    expect(routes().filter((r) => r.permission !== undefined).length).toBeGreaterThanOrEqual(10);
  });

  it('key cases: allow/deny written out by hand agree with the role table and the server', async () => {
    for (const c of KEY_CASES) {
      const route = routes().find((r) => r.method === c.method && r.url === c.url)!;
      expect(roleAllows(c.role, route.permission!), `${c.role} ${c.method} ${c.url}`).toBe(c.allowed);
      const response = await call(app, route, bearer(tokens.get(c.role)!));
      if (c.allowed) expect([401, 403], `${c.role} ${c.method} ${c.url}`).not.toContain(response.statusCode);
      else expect(response.statusCode, `${c.role} ${c.method} ${c.url}`).toBe(403);
    }
  });

  it('mailbox ownership: a person\'s mailbox is changed by that person and admins only (others 403), a shared one by marketers and admins', async () => {
    const otherRep = await userWithToken(store(), 'sales');
    const rep = await userWithToken(store(), 'sales');
    const box = async (ownerUserId: number | null) => {
      const name = `own-${Math.random().toString(36).slice(2, 10)}`;
      const secrets = new SecretBox(Buffer.alloc(32, 7));
      const input = { name, email: `${name}@example.test`, smtp: { host: 'smtp.example.test', port: 465, security: 'tls' as const, username: name, password: 'pw' } };
      return (await createMailAccount(store().db, secrets, input, { ownerUserId })).id;
    };
    const repBox = await box(rep.userId);
    const sharedBox = await box(null);
    const patch = (token: string, id: number) =>
      app.inject({ method: 'PATCH', url: `/api/accounts/${id}`, headers: bearer(token), payload: { displayName: `by ${token.slice(0, 6)}` } });
    const cases: readonly [string, string, number, number][] = [
      ['marketer edits a rep\'s mailbox', tokens.get('marketer')!, repBox, 403],
      ['the rep edits their own', rep.token, repBox, 200],
      ['another rep edits it', otherRep.token, repBox, 403],
      ['an admin edits it', tokens.get('admin')!, repBox, 200],
      ['marketer edits a shared mailbox', tokens.get('marketer')!, sharedBox, 200],
      ['a rep edits a shared mailbox', rep.token, sharedBox, 403],
      ['readonly edits a shared mailbox', tokens.get('readonly')!, sharedBox, 403],
    ];
    for (const [label, token, id, status] of cases) {
      const response = await patch(token, id);
      expect(response.statusCode, `${label}: ${response.body.slice(0, 200)}`).toBe(status);
      if (status === 403) expect(response.json(), label).toMatchObject({ error: { code: 'AUTH_FORBIDDEN' } });
    }
    // Seeing: marketers and read-only users see a rep's mailbox listed (masked); another rep does not.
    const get = (token: string, id: number) => app.inject({ method: 'GET', url: `/api/accounts/${id}`, headers: bearer(token) });
    expect((await get(tokens.get('readonly')!, repBox)).statusCode).toBe(200);
    expect((await get(tokens.get('marketer')!, repBox)).json()).toMatchObject({ ownerUserId: rep.userId, smtp: { password: '••••' } });
    expect((await get(otherRep.token, repBox)).statusCode).toBe(403);
    expect((await get(rep.token, repBox)).statusCode).toBe(200);
  });

  it('every private route answers 401 AUTH_REQUIRED without credentials; public ones never 401/403', async () => {
    for (const route of routes()) {
      const response = await call(app, route, {});
      const label = `${route.method} ${route.url}`;
      if (route.public !== undefined) {
        // The guard leaves public routes alone. A route that authenticates its callers by its own
        // proof (SMS webhooks: a provider signature or the URL token) answers a call without it
        // with its own code, never the guard's.
        const code = /"code"\s*:\s*"([A-Z_]+)"/.exec(response.body)?.[1];
        if (code === 'SMS_WEBHOOK_UNAUTHENTICATED') expect(route.url, label).toMatch(/^\/webhooks\/sms\//);
        else expect([401, 403], label).not.toContain(response.statusCode);
        expect(['AUTH_REQUIRED', 'AUTH_FORBIDDEN'], label).not.toContain(code);
      } else {
        expect(response.statusCode, label).toBe(401);
        if (route.method !== 'HEAD') expect(response.json(), label).toMatchObject({ error: { code: 'AUTH_REQUIRED' } });
      }
    }
  }, MATRIX_TIMEOUT_MS);

  it('every private route × every role: 403 AUTH_FORBIDDEN when the role lacks the permission, else neither 401 nor 403', async () => {
    let allowed = 0;
    let denied = 0;
    for (const route of routes()) {
      if (route.public !== undefined) continue;
      for (const role of ROLES) {
        const response = await call(app, route, bearer(tokens.get(role)!));
        const label = `${role} ${route.method} ${route.url} → ${response.statusCode} ${response.body.slice(0, 200)}`;
        if (roleAllows(role, route.permission!)) {
          allowed += 1;
          expect([401, 403], label).not.toContain(response.statusCode);
          expect(response.statusCode, label).toBeLessThan(500);
        } else {
          denied += 1;
          expect(response.statusCode, label).toBe(403);
          if (route.method !== 'HEAD') expect(response.json(), label).toMatchObject({ error: { code: 'AUTH_FORBIDDEN' } });
        }
      }
    }
    expect(allowed).toBeGreaterThan(10);
    expect(denied).toBeGreaterThan(10);
  }, MATRIX_TIMEOUT_MS);
});

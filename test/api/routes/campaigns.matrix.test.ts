import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ROLES, roleAllows, type DeclaredRoute, type Role } from '../../../src/http/index.js';
import { describeStoreContract } from '../../helpers/store-contract.js';
import { campaignHarness, type CampaignHarness, type Caller } from './campaigns.harness.js';

/** Hundreds of requests in one test: bounded for a loaded 2-core runner (vitest's unit default is 20 s). */
const MATRIX_TIMEOUT_MS = 120_000;

/*
 * The shared role-matrix, OpenAPI and fuzz tests cover every route in ROUTE_PLUGINS. These run the
 * same checks over the campaign and wallet routes with the plugins added by the harness, so they
 * hold before and after the plugins join the shared route table.
 */

const concrete = (url: string) => url.replace(/:[A-Za-z_]+/g, '999999');
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const openApiPath = (url: string) => url.replace(/:([A-Za-z_]+)/g, '{$1}');

/** This module's routes (billing's own GET /api/wallet/:account is not ours). */
const ours = (route: DeclaredRoute) =>
  route.method !== 'HEAD' && (route.url.startsWith('/api/campaigns') || route.url === '/api/send' || route.url.startsWith('/api/wallet/:account/'));

/** Written out by hand so the derived matrix cannot pass vacuously. */
const KEY_CASES: readonly { role: Role; method: string; url: string; allowed: boolean }[] = [
  { role: 'finance', method: 'POST', url: '/api/campaigns', allowed: false },
  { role: 'finance', method: 'POST', url: '/api/send', allowed: false },
  { role: 'finance', method: 'POST', url: '/api/campaigns/:id/start', allowed: false },
  { role: 'finance', method: 'GET', url: '/api/campaigns/:id/estimate', allowed: true },
  { role: 'finance', method: 'POST', url: '/api/campaigns/estimate', allowed: true },
  { role: 'sales', method: 'POST', url: '/api/campaigns/estimate', allowed: false },
  { role: 'finance', method: 'POST', url: '/api/wallet/:account/topups', allowed: true },
  { role: 'finance', method: 'GET', url: '/api/wallet/:account/stats.csv', allowed: true },
  { role: 'sales', method: 'POST', url: '/api/send', allowed: true },
  { role: 'sales', method: 'GET', url: '/api/campaigns', allowed: false },
  { role: 'marketer', method: 'POST', url: '/api/campaigns/:id/pause', allowed: true },
  { role: 'marketer', method: 'POST', url: '/api/wallet/:account/topups', allowed: false },
  { role: 'readonly', method: 'GET', url: '/api/campaigns/:id/messages', allowed: true },
  { role: 'readonly', method: 'POST', url: '/api/wallet/:account/adjustments', allowed: false },
  { role: 'admin', method: 'PUT', url: '/api/wallet/:account/threshold', allowed: true },
  { role: 'readonly', method: 'GET', url: '/api/wallet/:account/held', allowed: true },
  { role: 'finance', method: 'POST', url: '/api/wallet/:account/held/settle', allowed: true },
  { role: 'marketer', method: 'POST', url: '/api/wallet/:account/held/settle', allowed: false },
  { role: 'readonly', method: 'POST', url: '/api/wallet/:account/held/settle', allowed: false },
  { role: 'marketer', method: 'GET', url: '/api/campaigns/:id/sms-cost', allowed: true },
  { role: 'finance', method: 'GET', url: '/api/wallet/:account/ledger/lines', allowed: true },
  { role: 'sales', method: 'GET', url: '/api/wallet/:account/sandbox-messages', allowed: false },
  { role: 'readonly', method: 'GET', url: '/api/campaigns/approval-warnings', allowed: true },
  { role: 'sales', method: 'GET', url: '/api/campaigns/approval-warnings', allowed: false },
];

describeStoreContract('campaign and wallet routes: role matrix, OpenAPI, fuzzed bodies', (store) => {
  let h: CampaignHarness;
  const callers = new Map<Role, Caller>();
  beforeAll(async () => {
    h = await campaignHarness(store());
    for (const role of ROLES) callers.set(role, await h.caller(role));
  });
  afterAll(() => h?.app.close());

  const routes = () => h.app.declaredRoutes.filter(ours);
  const call = (route: DeclaredRoute, headers: Record<string, string>) =>
    h.app.inject({ method: route.method as 'GET', url: concrete(route.url), headers, ...(UNSAFE.has(route.method) && { payload: {} }) });

  it('key cases agree with the role table and the server', async () => {
    // 20: POST /api/campaigns/estimate (the wizard's cost before a campaign exists) joined the 19.
    // 22: GET /api/wallet/:account/held and POST …/held/settle (issue #16: every reservation ends).
    // 25: GET /api/wallet/:account/ledger/lines, /sandbox-messages and /api/campaigns/:id/sms-cost (issue "journeys").
    // 29: GET /api/campaigns/defaults, POST /api/campaigns/plan, GET /api/campaigns/:id/plan (next send
    // and waves) and GET /api/campaigns/:id/complaints (complaint rate; issue "recognition").
    // 30: GET /api/campaigns/approval-warnings (holiday SMS campaigns whose template is not approved; issue #20).
    expect(routes().length).toBe(30);
    for (const c of KEY_CASES) {
      const route = routes().find((r) => r.method === c.method && r.url === c.url);
      expect(route, `${c.method} ${c.url}`).toBeDefined();
      expect(roleAllows(c.role, route!.permission!), `${c.role} ${c.method} ${c.url}`).toBe(c.allowed);
      const response = await call(route!, { authorization: `Bearer ${callers.get(c.role)!.token}` });
      if (c.allowed) expect([401, 403], `${c.role} ${c.method} ${c.url}`).not.toContain(response.statusCode);
      else expect(response.statusCode, `${c.role} ${c.method} ${c.url}`).toBe(403);
    }
  });

  it('every route: 401 without credentials; 403 for roles without the permission; otherwise neither and never 5xx', async () => {
    for (const route of routes()) {
      expect(route.public, route.url).toBeUndefined();
      const anonymous = await call(route, {});
      expect([anonymous.statusCode, anonymous.json()], `${route.method} ${route.url}`).toEqual([401, expect.objectContaining({ error: expect.objectContaining({ code: 'AUTH_REQUIRED' }) })]);
      for (const role of ROLES) {
        const response = await call(route, { authorization: `Bearer ${callers.get(role)!.token}` });
        const label = `${role} ${route.method} ${route.url} → ${response.statusCode} ${response.body.slice(0, 200)}`;
        if (roleAllows(role, route.permission!)) {
          expect([401, 403], label).not.toContain(response.statusCode);
          expect(response.statusCode, label).toBeLessThan(500);
        } else {
          expect([response.statusCode, (response.json() as { error: { code: string } }).error.code], label).toEqual([403, 'AUTH_FORBIDDEN']);
        }
      }
    }
  }, MATRIX_TIMEOUT_MS);

  it('the OpenAPI document validates and lists every one of these routes with its responses', async () => {
    const doc = (await h.app.inject({ url: '/api/openapi.json' })).json() as { paths: Record<string, Record<string, { responses?: Record<string, unknown>; security?: unknown[] }>> };
    const result = await new Validator().validate(structuredClone(doc));
    expect(result.errors ?? []).toEqual([]);
    for (const route of routes()) {
      const operation = doc.paths[openApiPath(route.url)]?.[route.method.toLowerCase()];
      expect(operation, `${route.method} ${route.url}`).toBeDefined();
      expect(Object.keys(operation?.responses ?? {}), `${route.method} ${route.url}`).toEqual(expect.arrayContaining(['400', '401', '403']));
      expect(operation?.security).toEqual([{ bearerToken: [] }, { sessionCookie: [] }]);
    }
  });

  it('fuzzed bodies get 4xx with a code, never 500, and echo nothing huge', async () => {
    const admin = callers.get('admin')!;
    const huge = 'x'.repeat(1024 * 1024);
    const bodies: unknown[] = [
      { name: 42, channel: ['email'] },
      { name: huge },
      { name: 'a\r\nb', audience: { customerIds: ['1; drop table customers'] } },
      { name: 'ok', templateVersionId: -1, extra: true },
      { name: 'ok', audience: { customerIds: Array.from({ length: 30_001 }, (_, i) => i + 1) } },
      { name: 'ok', schedule: 'tomorrow' },
      { amountMinor: 1e300, reference: huge },
      { amountMinor: '5', reason: 'a\nb', priceMinor: null, thresholdMinor: 'x' },
      { customerIds: [1.5], template: { $ne: null } },
      [1, 2, 3],
      null,
    ];
    for (const route of routes().filter((r) => UNSAFE.has(r.method))) {
      for (const body of bodies) {
        const response = await h.app.inject({
          method: route.method as 'POST',
          url: concrete(route.url),
          headers: { authorization: `Bearer ${admin.token}`, 'content-type': 'application/json', 'idempotency-key': 'fuzz-key' },
          payload: JSON.stringify(body),
        });
        const label = `${route.method} ${route.url} ${JSON.stringify(body).slice(0, 80)} → ${response.statusCode} ${response.body.slice(0, 200)}`;
        expect(response.statusCode, label).toBeGreaterThanOrEqual(400);
        expect(response.statusCode, label).toBeLessThan(500);
        expect((response.json() as { error: { code: string } }).error.code, label).toMatch(/^[A-Z_]+$/);
        expect(response.body, label).not.toContain('xxxxxxxxxxxxxxxxxxxxxxxx');
        expect(response.body, label).not.toMatch(/at .+\.(ts|js):\d+/);
      }
    }
  }, MATRIX_TIMEOUT_MS);
});

import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { AuthService, defineRoutes } from '../../src/http/index.js';
import { installRouteGuard } from '../../src/http/route.guard.js';
import { makeSqliteStore } from '../helpers/store-contract.js';

/** A bare Fastify with only the guard, to see registration-time checks in isolation. */
async function guarded(register: Parameters<typeof defineRoutes>[0]) {
  const store = await makeSqliteStore();
  const app = Fastify();
  installRouteGuard(app, { ...new AuthService(store) });
  await app.register(defineRoutes(register), { context: { store } as never });
  return { app, store };
}

describe('route guard at registration', () => {
  const cases = [
    { name: 'neither permission nor public', config: {}, ok: false },
    { name: 'an empty permission list', config: { permission: [] }, ok: false },
    { name: 'public without a reason', config: { public: ' ' }, ok: false },
    { name: 'both permission and public', config: { permission: 'stats:read', public: 'why' }, ok: false },
    { name: 'a permission', config: { permission: 'stats:read' }, ok: true },
    { name: 'any of two permissions', config: { permission: ['customers:read', 'customers:own'] }, ok: true },
    { name: 'public with a reason', config: { public: 'callback signed by the provider' }, ok: true },
  ] as const;
  for (const c of cases) {
    it(`${c.ok ? 'accepts' : 'refuses'} a route with ${c.name}`, async () => {
      const attempt = guarded(async (app) => {
        app.get('/x', { config: c.config as never }, async () => 'x');
      });
      if (c.ok) {
        const { app, store } = await attempt;
        expect(app.declaredRoutes.map((r) => `${r.method} ${r.url}`)).toEqual(['GET /x', 'HEAD /x']);
        await app.close();
        await store.close();
      } else {
        await expect(attempt).rejects.toMatchObject({ code: 'API_ROUTE_UNDECLARED' });
      }
    });
  }
});

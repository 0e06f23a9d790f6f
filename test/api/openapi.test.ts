import { Validator } from '@seriousme/openapi-schema-validator';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildApi } from '../../src/http/index.js';
import { WEB_UI_PATHS } from '../../src/http/web/web.routes.js';
import { describeStoreContract } from '../helpers/store-contract.js';
import { makeContext } from './api.fixture.js';

/** Fastify `/a/:id` → OpenAPI `/a/{id}`. */
const openApiPath = (url: string) => url.replace(/:([A-Za-z_]+)/g, '{$1}');

describeStoreContract('OpenAPI document', (store) => {
  let app: FastifyInstance;
  let doc: { openapi: string; paths: Record<string, Record<string, { responses?: Record<string, unknown>; security?: unknown[] }>> };
  beforeAll(async () => {
    app = await buildApi(makeContext(store(), { LOG_LEVEL: 'warn' }));
    const response = await app.inject({ url: '/api/openapi.json' });
    expect(response.statusCode).toBe(200);
    doc = response.json();
  });
  afterAll(() => app?.close());

  it('validates against the OpenAPI 3.0 schema', async () => {
    const validator = new Validator();
    const result = await validator.validate(structuredClone(doc));
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(doc.openapi).toMatch(/^3\./);
  });

  it('lists every registered route with its method, responses and security', () => {
    const listed: string[] = [];
    for (const route of app.declaredRoutes) {
      // HEAD twins of GET routes and the docs page's own files are not API operations.
      if (route.method === 'HEAD' || route.url.startsWith('/api/docs') || WEB_UI_PATHS.includes(route.url)) continue;
      const operation = doc.paths[openApiPath(route.url)]?.[route.method.toLowerCase()];
      expect(operation, `${route.method} ${route.url}`).toBeDefined();
      expect(Object.keys(operation?.responses ?? {}).length, `${route.method} ${route.url} responses`).toBeGreaterThan(0);
      expect(operation?.security, `${route.method} ${route.url} security`).toEqual(route.public !== undefined ? [] : [{ bearerToken: [] }, { sessionCookie: [] }]);
      listed.push(`${route.method} ${route.url}`);
    }
    expect(listed).toEqual(
      expect.arrayContaining(['GET /health', 'GET /metrics', 'POST /api/auth/login', 'GET /api/auth/me', 'GET /api/users', 'DELETE /api/tokens/:id']),
    );
  });

  it('serves the docs page with its scripts from this server, not a CDN', async () => {
    const page = await app.inject({ url: '/api/docs/' });
    expect(page.statusCode).toBe(200);
    const html = page.body;
    const sources = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    expect(sources.length).toBeGreaterThan(0);
    for (const source of sources) expect(source, source).not.toMatch(/^(https?:)?\/\//);
    const script = sources.find((s) => s.endsWith('swagger-ui-bundle.js'))!;
    const asset = await app.inject({ url: new URL(script, 'http://x/api/docs/').pathname });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['content-type']).toMatch(/javascript/);
  });
});

import { randomBytes } from 'node:crypto';
import type { AppContext } from '../app/index.js';
import { loadConfig } from '../app/index.js';
import { SecretBox } from '../platform/crypto/index.js';
import { createLogger } from '../platform/logger/index.js';
import { openAppStore } from '../app/index.js';
import { createMetrics } from '../platform/metrics/index.js';
import { buildApi } from './app.js';
import { systemClock } from '../platform/clock/index.js';

/**
 * The OpenAPI document exactly as GET /api/openapi.json serves it, without listening or touching
 * a real store: the app is built in-process over an empty in-memory SQLite store and a default
 * configuration, so the document never depends on the caller's environment. The web client's
 * generated API types are made from it (scripts/gen-web-api-types.ts).
 */
export async function buildOpenApiDocument(): Promise<Record<string, unknown>> {
  const config = loadConfig({ LOG_LEVEL: 'silent', TIDINGS_DATA_DIR: '/nonexistent' });
  const store = await openAppStore({ target: { kind: 'sqlite', path: ':memory:' } });
  const context: AppContext = {
    config,
    logger: createLogger({ level: 'silent' }),
    store,
    secrets: new SecretBox(randomBytes(32)),
    redis: undefined,
    metrics: createMetrics(),
    clock: systemClock,
    async close() {},
  };
  try {
    const app = await buildApi(context);
    try {
      await app.ready();
      // A deep copy: the caller may change it, and swagger() hands out its cached object.
      return structuredClone(app.swagger()) as Record<string, unknown>;
    } finally {
      await app.close();
    }
  } finally {
    await store.close();
  }
}

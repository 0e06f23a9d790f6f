import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { AppContext } from '../../src/app/index.js';
import { loadConfig } from '../../src/app/index.js';
import { SecretBox } from '../../src/platform/crypto/index.js';
import { createLogger } from '../../src/platform/logger/index.js';
import { createMetrics } from '../../src/platform/metrics/index.js';
import type { Store } from '../../src/platform/db/index.js';
import { systemClock } from '../../src/platform/clock/index.js';

export const PUBLIC_URL = 'https://tidings.example.test';

/** An app context over an open store (closing it leaves the store and Redis to their owners). */
export function benchContext(store: Store, env: Record<string, string>, redis?: Redis): AppContext {
  const config = loadConfig({ LOG_LEVEL: 'error', TIDINGS_DATA_DIR: '/tmp', TIDINGS_PUBLIC_URL: PUBLIC_URL, TIDINGS_ALLOW_PRIVATE_HOSTS: '127.0.0.1', ...env, ...(redis ? {} : { REDIS_URL: '' }) });
  return {
    config,
    logger: createLogger({ level: config.LOG_LEVEL }),
    store,
    secrets: new SecretBox(randomBytes(32)),
    redis,
    metrics: createMetrics(),
    clock: systemClock,
    async close() {},
  };
}

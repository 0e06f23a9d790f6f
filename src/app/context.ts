import type { Redis } from 'ioredis';
import { upgradeSmsWebhookTokens } from '../modules/accounts/index.js';
import { systemClock, type Clock } from '../platform/clock/index.js';
import { loadSecretKey, PRIVATE_DIR_MODE, tightenMode, type OnTightened } from '../platform/config/index.js';
import { SecretBox } from '../platform/crypto/index.js';
import type { Logger } from '../platform/logger/index.js';
import { createMetrics, type Metrics } from '../platform/metrics/index.js';
import { createRedis } from '../platform/redis/index.js';
import type { CoreContext } from '../platform/runtime/index.js';
import { join } from 'node:path';
import type { Config } from './config.js';
import { openAppStore, type AppStore } from './store.js';

/**
 * Everything a command, the API or a worker needs, built once per process from the config. It
 * has what every module's context asks for (CoreContext and the module's settings), so it is
 * handed to modules as is.
 */
export interface AppContext extends CoreContext {
  readonly config: Config;
  readonly logger: Logger;
  readonly store: AppStore;
  /** Seals and opens credentials stored at rest. */
  readonly secrets: SecretBox;
  /** Present when REDIS_URL is set (BullMQ mode); shared by queue, limiter and health. */
  readonly redis: Redis | undefined;
  /** This process's metrics registry: the code doing the work counts on it, GET /metrics serves it. */
  readonly metrics: Metrics;
  /** The one time source of the process; tests put a fake one here. */
  readonly clock: Clock;
  /** Closes what this context opened, in reverse order. */
  close(): Promise<void>;
}

/** Options for {@link createContext}. */
export interface CreateContextOptions {
  readonly config: Config;
  readonly logger: Logger;
  /** PostgreSQL schema override; defaults to DATABASE_SCHEMA. */
  readonly schema?: string;
}

/**
 * Opens the store (migrating it and sealing legacy plain secrets), loads the secret key and
 * connects Redis if configured. The data dir, the key file and a SQLite database are private to
 * the service's user (0700 / 0600); an existing one others could read is tightened here, at
 * start, and the change is logged.
 */
export async function createContext(options: CreateContextOptions): Promise<AppContext> {
  const { config, logger } = options;
  const onTightened: OnTightened = (change) =>
    logger.warn(change, `tightened permissions of ${change.path} from ${change.from} to ${change.to}: others could read it`);
  const secrets = new SecretBox(
    loadSecretKey({
      envKey: config.TIDINGS_SECRET_KEY,
      keyFile: config.TIDINGS_KEY_FILE,
      dataDir: config.TIDINGS_DATA_DIR,
      onTightened,
    }),
  );
  const target = config.DATABASE_URL ?? { kind: 'sqlite' as const, path: join(config.TIDINGS_DATA_DIR, 'tidings.db') };
  const store = await openAppStore({ target, schema: options.schema ?? config.DATABASE_SCHEMA, onTightened });
  // Created 0700 by whichever of the above made it; one left from an older version may be looser.
  tightenMode(config.TIDINGS_DATA_DIR, PRIVATE_DIR_MODE, onTightened);
  // Needs the key, so it cannot be a migration: plain SMS callback tokens become sealed ones.
  const moved = await upgradeSmsWebhookTokens(store.db, secrets).catch(async (error: unknown) => {
    await store.close();
    throw error;
  });
  if (moved > 0) {
    logger.warn({ accounts: moved }, 'SMS webhook tokens moved from plain settings into sealed storage; make new webhook links (tidings sms-account rotate-webhook-token) to get 32-byte tokens');
  }
  const redis = config.REDIS_URL ? createRedis(config.REDIS_URL) : undefined;
  // ioredis reconnects on its own; an unhandled 'error' event would crash the process instead.
  redis?.on('error', (error) => logger.warn({ err: error.message }, 'redis connection error'));
  return {
    config,
    logger,
    store,
    secrets,
    redis,
    metrics: createMetrics(),
    clock: systemClock,
    async close() {
      redis?.disconnect();
      await store.close();
    },
  };
}

import type { Redis } from 'ioredis';
import type { SecretBox } from '../crypto/index.js';
import type { Store } from '../db/index.js';
import type { Clock } from '../clock/index.js';
import type { Logger } from '../logger/index.js';
import type { Metrics } from '../metrics/index.js';

/**
 * What the foundation gives every part of a process. A module states the context it needs as this
 * plus the settings it reads (`CoreContext & { config: SendConfig & … }`); the app's context has
 * all of it, so it is passed as is and no module imports the app.
 */
export interface CoreContext {
  readonly logger: Logger;
  readonly store: Store;
  /** Seals and opens credentials stored at rest. */
  readonly secrets: SecretBox;
  /** Present when REDIS_URL is set (BullMQ mode); shared by queue, limiter and health. */
  readonly redis: Redis | undefined;
  /** This process's metrics registry: the code doing the work counts on it, GET /metrics serves it. */
  readonly metrics: Metrics;
  /** The one time source of the process; tests put a fake one here. */
  readonly clock: Clock;
}

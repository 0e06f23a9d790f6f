import type { Redis } from 'ioredis';
import type { SecretBox } from '../../platform/crypto/index.js';
import type { Store } from '../../platform/db/index.js';
import type { Logger } from '../../platform/logger/index.js';
import type { QuietWindow } from '../schedule/index.js';
import type { SendEnv } from './send.config.js';

/**
 * The settings the send pipeline reads: its own (SEND_*) and the few shared ones it needs. The
 * app's parsed config has them all; this slice keeps the module free of the app layer.
 */
export interface SendConfig extends SendEnv {
  readonly REDIS_URL: string | undefined;
  /** Comma-separated allow list for the SSRF guard (TIDINGS_ALLOW_PRIVATE_HOSTS). */
  readonly TIDINGS_ALLOW_PRIVATE_HOSTS: string;
  readonly TIDINGS_PUBLIC_URL?: string | undefined;
  readonly TIDINGS_DEFAULT_TIMEZONE: string;
  readonly TIDINGS_DEFAULT_REGION: string;
  readonly SCHEDULE_QUIET_HOURS_SMS: QuietWindow | undefined;
  readonly SCHEDULE_QUIET_HOURS_EMAIL: QuietWindow | undefined;
}

/**
 * What the send pipeline is built from in one process: the slice of the app context it uses
 * (the app's `AppContext` satisfies it).
 */
export interface SendContext {
  readonly config: SendConfig;
  readonly logger: Logger;
  readonly store: Store;
  /** Seals and opens credentials stored at rest. */
  readonly secrets: SecretBox;
  /** Present when REDIS_URL is set (BullMQ mode). */
  readonly redis: Redis | undefined;
}

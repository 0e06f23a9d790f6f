import type { ErrorBudget } from './error-budget.js';

/** Tunables of the job processor. */
export interface SendSettings {
  /** Messages in flight at once per recipient domain, across workers sharing the limiter. */
  readonly domainConcurrency: number;
  /**
   * How long a domain slot outlives its holder's last heartbeat (the limiter renews the slots of
   * live sends every third of it): a killed worker's slots serve again after about this long.
   */
  readonly domainLeaseMs: number;
  /** First retry delay after a temporary failure; doubles per attempt up to `retryMaxMs`. */
  readonly retryBaseMs: number;
  readonly retryMaxMs: number;
  /** Attempts before a message that keeps getting temporary errors is given up as failed. */
  readonly maxAttempts: number;
  /** How long an account is held back after the server asked us to slow down. */
  readonly slowDownMs: number;
  readonly errorBudget: ErrorBudget;
  /** Public base URL for one-click unsubscribe links. */
  readonly publicUrl?: string | undefined;
}

export const DEFAULT_SEND_SETTINGS: SendSettings = {
  domainConcurrency: 10,
  domainLeaseMs: 10_000,
  retryBaseMs: 30_000,
  retryMaxMs: 3_600_000,
  maxAttempts: 10,
  slowDownMs: 10_000,
  errorBudget: { percent: 20, window: 50 },
};

import { z } from 'zod';
import type { SettingsOf } from '../../platform/config/index.js';

const positiveInt = (what: string, fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((value, ctx) => {
      const n = /^\d{1,9}$/.test(value.trim()) ? Number(value) : Number.NaN;
      if (!(n > 0)) {
        ctx.addIssue({ code: 'custom', message: `expected ${what} as a positive whole number` });
        return z.NEVER;
      }
      return n;
    });

/**
 * Environment variables read by src/inbox, merged into the one config schema (src/config).
 */
export const inboxEnv = {
  /** Seconds between two polls of a mailbox without IDLE (POP3, or IMAP servers without IDLE). */
  TIDINGS_INBOX_POLL_SECONDS: positiveInt('seconds between mailbox polls, e.g. 60', '60'),
  /** Soft bounces of one address (counted over all time) after which it is suppressed like a hard bounce. */
  TIDINGS_INBOX_SOFT_BOUNCE_LIMIT: positiveInt('a number of soft bounces, e.g. 3', '3'),
  /** Seconds a poller holds a mailbox's lease before another process may take it over. */
  TIDINGS_INBOX_LEASE_SECONDS: positiveInt('seconds, e.g. 120', '120'),
  /** Largest message (bytes) fetched and stored; bigger ones are stored truncated to headers. */
  TIDINGS_INBOX_MAX_MESSAGE_BYTES: positiveInt('a size in bytes, e.g. 26214400', String(25 * 1024 * 1024)),
};

/** The settings the inbox reads, parsed. */
export type InboxConfig = SettingsOf<typeof inboxEnv>;

/** The slice of config the inbox uses. */
export interface InboxSettings {
  readonly pollSeconds: number;
  readonly softBounceLimit: number;
  readonly leaseSeconds: number;
  readonly maxMessageBytes: number;
}

/** Picks the inbox settings out of the parsed config. */
export function inboxSettings(config: {
  TIDINGS_INBOX_POLL_SECONDS: number;
  TIDINGS_INBOX_SOFT_BOUNCE_LIMIT: number;
  TIDINGS_INBOX_LEASE_SECONDS: number;
  TIDINGS_INBOX_MAX_MESSAGE_BYTES: number;
}): InboxSettings {
  return {
    pollSeconds: config.TIDINGS_INBOX_POLL_SECONDS,
    softBounceLimit: config.TIDINGS_INBOX_SOFT_BOUNCE_LIMIT,
    leaseSeconds: config.TIDINGS_INBOX_LEASE_SECONDS,
    maxMessageBytes: config.TIDINGS_INBOX_MAX_MESSAGE_BYTES,
  };
}

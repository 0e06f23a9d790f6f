import { z } from 'zod';
import type { SettingsOf } from '../../platform/config/index.js';
import type { ComplaintLimit } from './complaints/complaint-limit.js';

/** A positive integer from an env string, with a message naming the expected form. */
const int = (fallback: number, min = 1) =>
  z
    .string()
    .default(String(fallback))
    .transform((value, ctx) => {
      const n = /^\d+$/.test(value) ? Number(value) : Number.NaN;
      if (!(n >= min)) {
        ctx.addIssue({ code: 'custom', message: `expected a whole number ≥ ${min}` });
        return z.NEVER;
      }
      return n;
    });

/**
 * Environment variables read by src/send, merged into the one config schema (src/config).
 */
export const sendEnv = {
  /** Jobs one worker process runs at once (each waits mostly on SMTP). */
  SEND_CONCURRENCY: int(10),
  /** BullMQ key prefix; tests use a unique one so queues never mix. */
  SEND_QUEUE_PREFIX: z
    .string()
    .default('tidings')
    .refine((v) => /^[A-Za-z0-9_.-]+$/.test(v), { message: 'expected letters, digits, _ . -' }),
  /** SMTP connections kept open per sending account and process. */
  SEND_SMTP_MAX_CONNECTIONS: int(5),
  /** Messages in flight at once to one recipient domain, across all workers. */
  SEND_DOMAIN_CONCURRENCY: int(10),
  /**
   * A recipient-domain slot lapses this long after its worker's last heartbeat (live workers renew
   * theirs every third of it, however slow the send), so a killed worker's slots serve again
   * within seconds instead of stalling that domain.
   */
  SEND_DOMAIN_LEASE_MS: int(10_000, 1_000),
  /** How often the sweeper re-enqueues orphaned rows, recovers stale ones and detects finished campaigns. */
  SEND_SWEEP_INTERVAL_MS: int(5_000, 100),
  /**
   * A row left `sending` and not renewed for this long belongs to a dead worker: it becomes
   * `unknown` and is never resent automatically. A live worker renews its in-flight rows every
   * third of this, so a slow send is never taken for a dead one.
   */
  SEND_STALE_AFTER_MS: int(10 * 60_000, 1_000),
  /** BullMQ job lock: a killed worker's jobs go to another worker after about this long. */
  SEND_JOB_LOCK_MS: int(30_000, 1_000),
  /** Error budget: pause a campaign when more than this percentage of its last window failed permanently. */
  SEND_ERROR_BUDGET_PERCENT: int(20, 1),
  /** Error budget window: how many of the most recent outcomes are looked at (and needed first). */
  SEND_ERROR_BUDGET_WINDOW: int(50, 1),
  /** First retry delay after a temporary SMTP failure; doubles per attempt (up to an hour). */
  SEND_RETRY_BASE_MS: int(30_000, 10),
  /** How long an account is held back after its server asked us to slow down (421, 450-454, "too many"). */
  SEND_SLOW_DOWN_MS: int(10_000, 10),
  /**
   * Complaint bound: a campaign pauses itself when more than this percentage of its delivered
   * messages were reported as spam (up to two decimals; 0.3 is the ceiling the large mailbox
   * providers publish for bulk senders).
   */
  SEND_COMPLAINT_MAX_PERCENT: z
    .string()
    .default('0.3')
    .transform((value, ctx) => {
      const match = /^(\d{1,3})(?:\.(\d{1,2}))?$/.exec(value.trim());
      const basisPoints = match ? Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0')) : Number.NaN;
      if (!(basisPoints > 0 && basisPoints <= 10_000)) {
        ctx.addIssue({ code: 'custom', message: 'expected a percentage above 0 and at most 100, with up to two decimals, e.g. 0.3' });
        return z.NEVER;
      }
      return basisPoints;
    }),
  /** Complaint bound: delivered messages a campaign needs before its complaint rate can pause it. */
  SEND_COMPLAINT_MIN_DELIVERED: int(500, 1),
  /** Accept self-signed SMTP certificates ("1"); for intranet relays and test servers only. */
  SEND_SMTP_ALLOW_SELF_SIGNED: z.enum(['0', '1'], { message: 'expected 0 or 1' }).default('0'),
};

/** The settings sending reads, parsed. */
export type SendConfig = SettingsOf<typeof sendEnv>;

/** The complaint bound the settings give (SEND_COMPLAINT_MAX_PERCENT is parsed into basis points). */
export function complaintLimitOf(config: Pick<SendConfig, 'SEND_COMPLAINT_MAX_PERCENT' | 'SEND_COMPLAINT_MIN_DELIVERED'>): ComplaintLimit {
  return { maxBasisPoints: config.SEND_COMPLAINT_MAX_PERCENT, minDelivered: config.SEND_COMPLAINT_MIN_DELIVERED };
}

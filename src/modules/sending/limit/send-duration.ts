import type { SendLimits } from '../ports.js';
import { windowsOf } from './rate-limiter.js';

/** A nightly quiet window on the recipients' wall clock, and when it next starts and ends. */
export interface QuietSpan {
  /** The next instant at or after `from` when sending may go on (`from` itself outside the window). */
  resumeAt(from: Date): Date;
  /** The next instant after `from` when a quiet window starts (sending stops). */
  nextStart(from: Date): Date;
}

/** What {@link estimateSendDuration} needs to know about a send. */
export interface SendDurationInput {
  /** Messages to send. */
  readonly messages: number;
  /** The account's limits (per second / minute / hour / day). */
  readonly limits: SendLimits;
  /** Email: messages per recipient domain, e.g. `{ 'qq.com': 900 }`; each domain has its own cap. */
  readonly perDomain?: ReadonlyMap<string, number> | undefined;
  /** Email: messages in flight at once to one domain (SEND_DOMAIN_CONCURRENCY). */
  readonly domainConcurrency?: number | undefined;
  /** How long one message takes to hand over (an SMTP transaction, a provider call); default 1 s. */
  readonly secondsPerMessage?: number | undefined;
  /** When sending starts. */
  readonly start: Date;
  /** Quiet hours that hold the send overnight (SMS always, email when the campaign opted in). */
  readonly quiet?: QuietSpan | undefined;
}

/** The estimate: how long the send takes, and when it ends. */
export interface SendDuration {
  readonly seconds: number;
  readonly endsAt: Date;
  /** Which limit decides the pace, for the person reading it. */
  readonly limitedBy: 'account' | 'domain' | 'none';
  /** Whether quiet hours stretch the send. */
  readonly heldByQuietHours: boolean;
}

/** Milliseconds to send `n` messages through one sliding window of `limit` per `ms`: the first batch at once. */
function windowMs(n: number, limit: number, ms: number): number {
  return n <= 0 ? 0 : Math.floor((n - 1) / limit) * ms;
}

/**
 * How long sending `messages` takes under the account's rate limits, the per-domain concurrency
 * cap and quiet hours: the time-left figure the campaign screens show. The pace is the slowest of
 * the account's windows (50/min for 1,000 messages is 19 minutes, whatever the per-second limit)
 * and each domain's cap; quiet hours then stop the clock overnight and start it again in the
 * morning. An estimate, not a promise: retries and provider slow-downs come on top.
 */
export function estimateSendDuration(input: SendDurationInput): SendDuration {
  const perMessageMs = Math.max(1, (input.secondsPerMessage ?? 1) * 1000);
  let accountMs = 0;
  for (const window of windowsOf(input.limits)) accountMs = Math.max(accountMs, windowMs(input.messages, window.limit, window.ms));
  let domainMs = 0;
  const concurrency = Math.max(1, input.domainConcurrency ?? Number.POSITIVE_INFINITY);
  if (input.perDomain && Number.isFinite(concurrency)) {
    for (const count of input.perDomain.values()) domainMs = Math.max(domainMs, Math.ceil(count / concurrency) * perMessageMs);
  }
  const activeMs = Math.max(accountMs, domainMs);
  const limitedBy = activeMs === 0 ? 'none' : domainMs > accountMs ? 'domain' : 'account';
  let at = input.start;
  let left = activeMs;
  let held = false;
  if (input.quiet) {
    // Walk the send forward: time only counts outside the quiet window. Bounded: a window per day.
    for (let i = 0; i < 3660 && (left > 0 || i === 0); i += 1) {
      const resume = input.quiet.resumeAt(at);
      if (resume.getTime() > at.getTime()) {
        held = true;
        at = resume;
      }
      if (left <= 0) break;
      const stop = input.quiet.nextStart(at);
      const run = Math.min(left, stop.getTime() - at.getTime());
      at = new Date(at.getTime() + run);
      left -= run;
    }
  } else {
    at = new Date(at.getTime() + left);
  }
  return { seconds: Math.ceil((at.getTime() - input.start.getTime()) / 1000), endsAt: at, limitedBy, heldByQuietHours: held };
}

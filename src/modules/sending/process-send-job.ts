import type { Kysely } from 'kysely';
import { isTidingsError } from '../../platform/errors/index.js';
import type { Logger } from '../../platform/logger/index.js';
import type { DatabaseSchema } from '../../platform/db/index.js';
import { runningCampaigns } from './campaign.cache.js';
import { finishIfDone, pauseCampaign } from './campaign.store.js';
import type { SendJobResult } from './dispatch/dispatcher.js';
import { errorBudgetSpent } from './error-budget.js';
import type { RateLimiter } from './limit/rate-limiter.js';
import { recordSentSubject } from './oneoff/sent-subject.js';
import { buildEmail } from './message.builder.js';
import { outboxGroupCommit } from './outbox.group-commit.js';
import {
  markDeferred,
  markFailed,
  markSuppressed,
  markUnknown,
  releaseClaim,
} from './outbox.store.js';
import type { MessageComposer, OutboxRow, SenderResolver } from './ports.js';
import { sendReads } from './send-reads.js';
import { SendFailure } from '../../adapters/mail/transport/email.transport.js';
import type { TransportProvider } from '../../adapters/mail/transport/transport-pool.js';
import type { UnsubscribeTokens } from './unsubscribe.token.js';
import { processSmsRow, type SmsChannel } from './channels/sms.channel.js';
import { deferForQuietHours, type QuietHoursPolicy } from './wiring/quiet-hours.policy.js';
import type { Metrics } from '../../platform/metrics/index.js';
import { counted } from './send.metrics.js';
import type { SendSettings } from './send.settings.js';
import { sendingDb } from './sending.db.js';
import { recordSmtpRejection, smtpRejectionOf } from './smtp-rejection.js';
import { systemClock, type Clock } from '../../platform/clock/index.js';

/** What the job processor works with. */
export interface SendDeps {
  readonly db: Kysely<DatabaseSchema>;
  readonly composer: MessageComposer;
  readonly senders: SenderResolver;
  readonly transports: TransportProvider;
  readonly limiter: RateLimiter;
  readonly logger: Logger;
  readonly settings: SendSettings;
  /** The SMS channel (a provider per SMS account, the template renderer); SMS rows go through it. */
  readonly sms?: SmsChannel | undefined;
  /** Signs each bulk message's unsubscribe link and List-Unsubscribe header. */
  readonly unsubscribe: UnsubscribeTokens;
  /** Holds marketing messages during the recipient's quiet hours (src/send/wiring); absent: never held. */
  readonly quietHours?: QuietHoursPolicy | undefined;
  /** The process's metrics: each message's outcome is counted where it is recorded. Absent: not counted. */
  readonly metrics?: Pick<Metrics, 'messageOutcome'> | undefined;
  /** The time source; defaults to the system clock. */
  readonly clock?: Clock;
}

/** Stored as the pause reason's prefix, like every code that pauses a campaign. */
const BUDGET_CODE = 'SEND_ERROR_BUDGET';

const done = (outcome: string): SendJobResult => ({ kind: 'done', outcome });

/** Backoff for the n-th attempt (1-based), with ±20 % jitter so retries don't arrive in lockstep. */
export function backoffMs(settings: SendSettings, attempt: number): number {
  const base = Math.min(settings.retryBaseMs * 2 ** Math.max(0, attempt - 1), settings.retryMaxMs);
  return Math.round(base * (0.8 + Math.random() * 0.4));
}

/**
 * The one job processor of both dispatchers: sends outbox row `outboxId` at most once.
 *
 * Order matters. Everything that can say "not now" (campaign paused, suppressed, rate limit,
 * domain busy) runs before the claim; the claim (queued/deferred → sending, only while the
 * campaign runs) is the last step before the message is handed over, so a crash after it leaves
 * a `sending` row that recovery turns into `unknown` — never a silent second copy.
 */
export async function processSendJob(deps: SendDeps, outboxId: number): Promise<SendJobResult> {
  // Read with the other jobs starting in this turn (one statement for all of them).
  const row = await sendReads(deps.db).row(outboxId);
  if (!row) return done('missing');
  if (row.state !== 'queued' && row.state !== 'deferred') return done(`already-${row.state}`);
  const now = (deps.clock ?? systemClock).now();
  if (row.state === 'deferred' && row.next_attempt_at !== null && row.next_attempt_at > now) {
    return { kind: 'later', delayMs: row.next_attempt_at - now, reason: 'not-due' };
  }
  // SMS rows have no recipient domain to cap and are charged per message: the SMS channel sends them.
  if (row.channel === 'sms') return processSmsRow(deps, row);
  // The per-domain cap comes first: a job that must wait for it should cost one query, not five.
  const domain = row.address.slice(row.address.lastIndexOf('@') + 1).toLowerCase();
  const lease = await leaseWithin(deps, `domain:${domain}`, 2_000);
  if (!lease) return { kind: 'later', delayMs: 200 + Math.round(Math.random() * 400), reason: 'domain-busy' };
  try {
    return await sendWithLease(deps, row);
  } finally {
    await deps.limiter.releaseLease(`domain:${domain}`, lease);
  }
}

/**
 * Waits up to `maxWaitMs` for a lease on a busy domain. Leases free up within one SMTP
 * round-trip, so a short poll here is far cheaper than re-running the whole job later.
 */
async function leaseWithin(deps: SendDeps, key: string, maxWaitMs: number): Promise<string | undefined> {
  const deadline = (deps.clock ?? systemClock).now() + maxWaitMs;
  for (;;) {
    const lease = await deps.limiter.acquireLease(key, deps.settings.domainConcurrency, deps.settings.domainLeaseMs);
    if (lease || (deps.clock ?? systemClock).now() >= deadline) return lease;
    await new Promise((resolve) => setTimeout(resolve, 20 + Math.random() * 40));
  }
}

/** The rest of {@link processSendJob}, run while holding the recipient domain's lease. */
async function sendWithLease(deps: SendDeps, row: OutboxRow): Promise<SendJobResult> {
  const { db, settings } = deps;
  // A running campaign's row is reused for a moment; the claim below re-checks the status.
  const campaign = await runningCampaigns(db).get(row.campaign_id);
  // Paused or cancelled: drop the job; resume re-enqueues what is still queued.
  if (!campaign || campaign.status !== 'running') return done(`campaign-${campaign?.status ?? 'missing'}`);

  const suppression = await sendReads(db).emailSuppression(row.address);
  if (suppression) {
    await markSuppressed(db, row.id, `${suppression.reason} (${suppression.scope} ${suppression.value})`);
    await finishIfDone(db, campaign.id, deps.clock);
    return done('suppressed');
  }

  // Quiet hours: the message waits for the window's end (deferred, never failed), before any
  // rate-limit slot is spent on it.
  const quietUntil = await deps.quietHours?.deferUntil(row, campaign);
  if (quietUntil !== undefined && (await deferForQuietHours(db, row.id, quietUntil, deps.clock))) {
    return { kind: 'later', delayMs: quietUntil - (deps.clock ?? systemClock).now(), reason: 'deferred' };
  }

  let account;
  try {
    account = await deps.senders.resolve(campaign);
  } catch (error) {
    if (isTidingsError(error) && error.retryable) throw error;
    await pauseCampaign(db, campaign.id, `SEND_NO_ACCOUNT: ${(error as Error).message}`);
    return done('campaign-paused');
  }

  // Cheap look before composing; the real slot is taken right before the hand-over below.
  const early = await deps.limiter.peek(account.key, account.limits);
  if (early > 0) return { kind: 'later', delayMs: early, reason: 'rate-limit' };

  let composed;
  try {
    composed = await deps.composer.compose(row, campaign);
  } catch (error) {
    const text = (error as Error).message;
    await db
      .updateTable('outbox')
      .set({ state: 'failed', error_code: 'SEND_COMPOSE_FAILED', error_text: text.slice(0, 2000), updated_at: (deps.clock ?? systemClock).now() })
      .where('id', '=', row.id)
      .where('state', 'in', ['queued', 'deferred'])
      .execute();
    await finishIfDone(db, campaign.id, deps.clock);
    return counted(deps.metrics, 'email', account.key, done('failed'));
  }
  const email = buildEmail(row, campaign, account, composed, { publicUrl: settings.publicUrl, unsubscribe: deps.unsubscribe });

  // The slot is taken as late as possible, right before the claim and the hand-over, so the
  // server sees messages spaced the way the limiter granted them.
  const wait = await deps.limiter.acquire(account.key, account.limits);
  if (wait > 0) return { kind: 'later', delayMs: wait, reason: 'rate-limit' };

  // Claims and sent marks of concurrent jobs are written together (group commit); each job
  // still waits for its own write, so the claim is durable before the hand-over.
  const writer = outboxGroupCommit(db);
  if (!(await writer.claim(row.id, campaign.id))) return done('not-claimed');
  // ── From here on the row is `sending`: the message may reach the server. ──
  // The writer counts the row open (its campaign's finish check waits) until the sent mark or
  // the settle below, on every path.
  let marking = false;
  try {
    const attempt = row.attempts + 1;
    try {
      await deps.transports.forAccount(account).send(email);
    } catch (error) {
      const failure = error instanceof SendFailure ? error : new SendFailure('ambiguous', (error as Error).message);
      return counted(deps.metrics, 'email', account.key, await recordFailure(deps, row, campaign.id, account.key, attempt, failure));
    }
    marking = true;
    await writer.markSent(row.id, campaign.id, email.messageId, (deps.clock ?? systemClock).now(), composed.language ?? null);
    // A personal letter's timeline shows the subject as the customer read it (bulk rows skip the write).
    if (campaign.kind === 'oneoff') await recordSentSubject(db, row.id, composed.subject);
    return counted(deps.metrics, 'email', account.key, done('sent'));
  } finally {
    if (!marking) await writer.settle(row.id);
  }
}

async function recordFailure(
  deps: SendDeps,
  row: OutboxRow,
  campaignId: number,
  accountKey: string,
  attempt: number,
  failure: SendFailure,
): Promise<SendJobResult> {
  const { db, settings, logger } = deps;
  const rowId = row.id;
  logger.info({ outboxId: rowId, kind: failure.kind, code: failure.responseCode, reply: failure.message }, 'send failed');
  switch (failure.kind) {
    case 'permanent': {
      // A 5xx refusal is a bounce told during the session: recorded with its reason, and a hard
      // one suppresses the address like a bounce filed from the inbox.
      const rejection = smtpRejectionOf(failure);
      if (rejection) await recordSmtpRejection(db, { id: rowId, address: row.address, campaignId }, failure, rejection, deps.clock);
      else await markFailed(db, rowId, 'SEND_SMTP_REJECTED', failure.message);
      if (await errorBudgetSpent(sendingDb(db), campaignId, settings.errorBudget)) {
        await pauseCampaign(
          db,
          campaignId,
          `${BUDGET_CODE}: more than ${settings.errorBudget.percent}% of the last ${settings.errorBudget.window} messages were rejected; last: ${failure.message}`,
        );
      }
      await finishIfDone(db, campaignId, deps.clock);
      return done('failed');
    }
    case 'auth': {
      // Nothing was handed over: the row goes back to the queue and the whole campaign stops,
      // since every other message would be refused the same way.
      await releaseClaim(db, rowId, 'SEND_SMTP_AUTH', failure.message, deps.clock);
      await pauseCampaign(db, campaignId, `SEND_SMTP_AUTH: the SMTP server refused the login: ${failure.message}`);
      return done('campaign-paused');
    }
    case 'ambiguous': {
      await markUnknown(db, rowId, 'SEND_SMTP_AMBIGUOUS', failure.message);
      await finishIfDone(db, campaignId, deps.clock);
      return done('unknown');
    }
    case 'slow-down':
    case 'retry': {
      if (failure.kind === 'slow-down') await deps.limiter.slowDown(accountKey, settings.slowDownMs);
      if (attempt >= settings.maxAttempts) {
        await markFailed(db, rowId, 'SEND_SMTP_TEMPORARY', `gave up after ${attempt} attempts; last reply: ${failure.message}`);
        await finishIfDone(db, campaignId, deps.clock);
        return done('failed');
      }
      const delay = Math.max(backoffMs(settings, attempt), failure.kind === 'slow-down' ? settings.slowDownMs : 0);
      await markDeferred(db, rowId, (deps.clock ?? systemClock).now() + delay, failure.kind === 'slow-down' ? 'SEND_RATE_LIMITED' : 'SEND_SMTP_TEMPORARY', failure.message);
      return { kind: 'later', delayMs: delay, reason: 'deferred' };
    }
  }
}

import type { Kysely } from 'kysely';
import type { HostGuardOptions } from '../../../platform/net/index.js';
import { sendSms, settleSms, type SendSmsResult } from '../../billing/index.js';
import type { SecretBox } from '../../../platform/crypto/index.js';
import { findSuppression, loadMergeCustomer } from '../../customers/index.js';
import { isTidingsError, type TidingsError } from '../../../platform/errors/index.js';
import type { Logger } from '../../../platform/logger/index.js';
import type { DatabaseSchema } from '../../../platform/db/index.js';
import { renderProviderParams, TemplateRenderer, type MergeContext } from '../../templates/index.js';
import { approvedBinding } from '../../sms-approval/index.js';
import { finishIfDone, getCampaign, pauseCampaign } from '../campaign.store.js';
import type { SendJobResult } from '../dispatch/dispatcher.js';
import { errorBudgetSpent } from '../error-budget.js';
import type { RateLimiter } from '../limit/rate-limiter.js';
import { unsubscribeUrl, UnsubscribeTokens } from '../unsubscribe.token.js';
import { claimForSending, markDeferred, markFailed, markSuppressed, markUnknown, releaseClaim } from '../outbox.store.js';
import type { Campaign, OutboxRow } from '../ports.js';
import type { SendSettings } from '../send.settings.js';
import { SmsProviderCache, type SmsAccountEntry } from './sms-provider.cache.js';
import { deferUntil, markSmsSent, tagWaitingRows } from './sms-outbox.js';
import type { Metrics } from '../../../platform/metrics/index.js';
import { textForProvider } from '../../../adapters/sms/index.js';
import { counted } from '../send.metrics.js';
import { sendingDb } from '../sending.db.js';
import { systemClock, type Clock } from '../../../platform/clock/index.js';

type Db = Kysely<DatabaseSchema>;

/** What the SMS channel keeps per process: providers per account and compiled templates. */
export interface SmsChannel {
  readonly providers: SmsProviderCache;
  readonly renderer: TemplateRenderer;
  /** Signs the recipient's unsubscribe link (never the reply token). */
  readonly unsubscribe: UnsubscribeTokens;
  /** Closes the providers (SMPP unbinds). */
  close(): Promise<void>;
}

/** Builds the SMS channel of one process (the send runtime owns and closes it). */
export function createSmsChannel(options: { db: Db; secrets: SecretBox; logger: Logger; renderer?: TemplateRenderer; guard?: HostGuardOptions }): SmsChannel {
  const providers = new SmsProviderCache({ db: options.db, secrets: options.secrets, logger: options.logger, ...(options.guard ? { guard: options.guard } : {}) });
  const renderer = options.renderer ?? new TemplateRenderer({ db: options.db, logger: options.logger });
  return { providers, renderer, unsubscribe: UnsubscribeTokens.fromSecrets(options.secrets), close: () => providers.close() };
}

/** The part of the job processor's dependencies an SMS row needs. */
export interface SmsRowDeps {
  readonly db: Db;
  readonly limiter: RateLimiter;
  readonly logger: Logger;
  readonly settings: SendSettings;
  readonly sms?: SmsChannel | undefined;
  /** Holds marketing SMS during the recipient's quiet hours (the pipeline's QuietHoursPolicy); absent: never held. */
  readonly quietHours?: { deferUntil(row: OutboxRow, campaign: Campaign): Promise<number | undefined> } | undefined;
  /** The process's metrics: each message's outcome is counted where it is recorded. */
  readonly metrics?: Pick<Metrics, 'messageOutcome'> | undefined;
  /** The time source; defaults to the system clock. */
  readonly clock?: Clock;
}

/** The idempotency key of an outbox row's SMS in the ledger and at providers that deduplicate. */
export const smsKeyFor = (outboxId: number): string => `sms:outbox:${outboxId}`;

/** Prefix of the pause reason when the wallet is empty; `tidings wallet topup` + `campaign resume` continue. */
export const BALANCE_PAUSE = 'BILLING_INSUFFICIENT_BALANCE: balance too low';

const done = (outcome: string): SendJobResult => ({ kind: 'done', outcome });

/** Errors after which the whole campaign stops: every other message would fail the same way. */
const PAUSING = new Set(['SMS_AUTH_FAILED', 'SMS_PROVIDER_FUNDS', 'SMS_PROVIDER_NOT_SUPPORTED', 'ACCOUNT_HOST_FORBIDDEN']);
/** Refused for good before or by the provider (nothing reserved, or the reservation voided). */
const PERMANENT = new Set([
  'SMS_REJECTED',
  'SMS_INVALID_NUMBER',
  'SMS_AUTH_FAILED',
  'SMS_PROVIDER_FUNDS',
  'SMS_PROVIDER_NOT_SUPPORTED',
  // The SSRF guard refused the provider endpoint before any connection: nothing was sent.
  'ACCOUNT_HOST_FORBIDDEN',
  'BILLING_INVALID_AMOUNT',
  'VALIDATION_FAILED',
]);
/** The message never reached the provider: retry later, the reservation stays for the retry. */
const RETRY = new Set(['SMS_RATE_LIMITED', 'SMS_PROVIDER_UNAVAILABLE']);

function backoff(settings: SendSettings, attempt: number): number {
  const base = Math.min(settings.retryBaseMs * 2 ** Math.max(0, attempt - 1), settings.retryMaxMs);
  return Math.round(base * (0.8 + Math.random() * 0.4));
}

/**
 * Sends one SMS outbox row (queued, or deferred and due) at most once — the SMS half of
 * processSendJob, with the same order of steps: everything that can say "not now" (campaign not
 * running, suppression, rate limit) before the claim; the claim (queued/deferred → sending, only
 * while the campaign runs) right before the charged hand-over (`sendSms`: reserve → provider →
 * post/void, keyed `sms:outbox:<id>` so no retry or replay is ever charged or sent twice).
 *
 * Outcomes: sent (provider id, parts, cost) · failed (refused for good, reservation voided) ·
 * deferred (rate limited / provider unreachable; reservation kept for the retry) · unknown (may
 * have gone; reservation kept until settled, never resent automatically) · queued again with the
 * campaign paused "balance too low" (nothing reserved) or on an account-wide failure.
 */
export async function processSmsRow(deps: SmsRowDeps, row: OutboxRow): Promise<SendJobResult> {
  const { db } = deps;
  const sms = deps.sms;
  if (!sms) throw new Error('the SMS channel is not wired into this send runtime');
  const campaign = await getCampaign(db, row.campaign_id);
  if (!campaign || campaign.status !== 'running') return done(`campaign-${campaign?.status ?? 'missing'}`);

  const suppression = await findSuppression(db, 'sms', row.address);
  if (suppression) {
    await markSuppressed(db, row.id, `${suppression.reason} (${suppression.scope} ${suppression.value})`);
    await finishIfDone(db, campaign.id, deps.clock);
    return done('suppressed');
  }

  // Quiet hours: the message waits for the window's end (deferred, never failed), before any
  // rate-limit slot or money is spent on it.
  const quietUntil = await deps.quietHours?.deferUntil(row, campaign);
  if (quietUntil !== undefined && (await deferUntil(sendingDb(db), row.id, quietUntil))) {
    return { kind: 'later', delayMs: Math.max(0, quietUntil - (deps.clock ?? systemClock).now()), reason: 'deferred' };
  }

  if (campaign.sms_account_id === null) {
    await pauseCampaign(db, campaign.id, 'SEND_NO_ACCOUNT: an SMS campaign needs an SMS account');
    return done('campaign-paused');
  }
  let entry: SmsAccountEntry;
  try {
    entry = await sms.providers.get(campaign.sms_account_id);
  } catch (error) {
    if (isTidingsError(error) && error.retryable) throw error;
    await pauseCampaign(db, campaign.id, `SEND_NO_ACCOUNT: ${(error as Error).message}`);
    return done('campaign-paused');
  }

  const early = await deps.limiter.peek(entry.limitKey, entry.limits);
  if (early > 0) return { kind: 'later', delayMs: early, reason: 'rate-limit' };

  let text: string;
  let language: string | undefined;
  let template: ProviderTemplate | undefined;
  try {
    ({ text, language, template } = await renderText(deps, sms, entry, campaign, row));
  } catch (error) {
    return counted(deps.metrics, 'sms', entry.limitKey, await renderFailed(deps, campaign, row, error));
  }

  const wait = await deps.limiter.acquire(entry.limitKey, entry.limits);
  if (wait > 0) return { kind: 'later', delayMs: wait, reason: 'rate-limit' };

  if (!(await claimForSending(db, row.id, (deps.clock ?? systemClock).now()))) return done('not-claimed');
  // ── From here on the row is `sending`: the provider may get the message. ──
  const attempt = row.attempts + 1;
  let result: SendSmsResult;
  try {
    result = await sendSms(
      db,
      entry.provider,
      {
        account: entry.ref,
        to: row.address,
        text,
        idempotencyKey: smsKeyFor(row.id),
        campaignId: campaign.id,
        outboxId: row.id,
        // An approved provider template: its code and this recipient's parameters. Without one,
        // Aliyun falls back to the account's single template code with the text as {content}.
        ...(template ? { templateCode: template.code, params: template.params } : entry.provider.kind === 'aliyun' ? { params: { content: text } } : {}),
      },
      {
        onLowBalance: (event) =>
          deps.logger.warn({ smsAccount: entry.account.name, balanceMinor: event.balanceMinor, thresholdMinor: event.thresholdMinor }, 'SMS balance below the alert threshold'),
      },
    );
  } catch (error) {
    return counted(deps.metrics, 'sms', entry.limitKey, await recordSmsFailure(deps, entry, campaign, row.id, attempt, error));
  }
  await markSmsSent(sendingDb(db), row.id, { providerMessageId: result.providerMessageId, parts: result.parts, costMinor: result.costMinor, at: (deps.clock ?? systemClock).now(), language }, deps.clock);
  await finishIfDone(db, campaign.id, deps.clock);
  return counted(deps.metrics, 'sms', entry.limitKey, done(result.replayed ? 'sent-replayed' : 'sent'));
}

/** The provider template a message goes out with: the approved binding's code and the recipient's values. */
interface ProviderTemplate {
  readonly code: string;
  /** Named providers by name; positional ones keyed "1", "2", … in order. */
  readonly params: Readonly<Record<string, string>>;
}

/**
 * Renders the campaign's SMS template for this recipient. Aliyun adds the sign name itself
 * (SignName), so it gets the body without 【signature】; Twilio and SMPP submit the full text.
 * When the variant has an approved provider template on this account, its parameters are
 * rendered too (the text stays what the recipient reads: parts are counted on it).
 */
async function renderText(deps: SmsRowDeps, sms: SmsChannel, entry: SmsAccountEntry, campaign: Campaign, row: OutboxRow): Promise<{ text: string; language: string; template?: ProviderTemplate }> {
  const compiled = await sms.renderer.compileVersion(campaign.template_version_id);
  const customer = await loadMergeCustomer(deps.db, row.customer_id);
  const ctx: MergeContext = {
    customer: { ...customer, mobile: row.address },
    account: entry.merge,
    campaign: { id: campaign.id, name: campaign.name },
    links: { unsubscribe: deps.settings.publicUrl ? unsubscribeUrl(deps.settings.publicUrl, sms.unsubscribe.sign({ id: Number(row.id), channel: row.channel, address: row.address })) : '' },
    now: (deps.clock ?? systemClock).date(),
  };
  const rendered = compiled.renderSms(ctx, 'send');
  const language = rendered.variant.language;
  const text = textForProvider(entry.provider.kind, rendered);
  const binding = await approvedBinding(deps.db, { versionId: campaign.template_version_id, language, smsAccountId: entry.account.id });
  // The variant's language is recorded on the row with the sent mark (outbox.language).
  if (!binding) return { text, language };
  return { text, language, template: { code: binding.code, params: renderProviderParams(binding.params, ctx, language) } };
}

/** A template that cannot serve the campaign at all pauses it; a per-recipient problem fails the row. */
async function renderFailed(deps: SmsRowDeps, campaign: Campaign, row: OutboxRow, error: unknown): Promise<SendJobResult> {
  const { db } = deps;
  const message = (error as Error).message;
  if (isTidingsError(error) && (error.code === 'TEMPLATE_CHANNEL_MISMATCH' || (error.code === 'NOT_FOUND' && !/customer/i.test(message)))) {
    await pauseCampaign(db, campaign.id, `${error.code}: ${message}`);
    return done('campaign-paused');
  }
  if (isTidingsError(error) && error.retryable) throw error;
  await db
    .updateTable('outbox')
    .set({ state: 'failed', error_code: 'SEND_COMPOSE_FAILED', error_text: message.slice(0, 2000), updated_at: (deps.clock ?? systemClock).now() })
    .where('id', '=', row.id)
    .where('state', 'in', ['queued', 'deferred'])
    .execute();
  await finishIfDone(db, campaign.id, deps.clock);
  return done('failed');
}

/** Maps what `sendSms` threw to the row's next state (see {@link processSmsRow}). */
async function recordSmsFailure(
  deps: SmsRowDeps,
  entry: SmsAccountEntry,
  campaign: Campaign,
  rowId: number,
  attempt: number,
  error: unknown,
): Promise<SendJobResult> {
  const { db, settings, logger } = deps;
  const tidings: TidingsError | undefined = isTidingsError(error) ? error : undefined;
  const code = tidings?.code ?? 'SMS_OUTCOME_UNKNOWN';
  const message = (error as Error).message;
  logger.info({ outboxId: rowId, code, reply: message }, 'SMS not sent');

  if (code === 'BILLING_INSUFFICIENT_BALANCE') {
    // Nothing was reserved or sent: the row waits for a top-up, and so does the whole campaign.
    await releaseClaim(db, rowId, code, message, deps.clock);
    const reason = `${BALANCE_PAUSE} on SMS account ${entry.account.name}: ${message} Top up with \`tidings wallet topup ${entry.account.name}\`, then \`tidings campaign resume ${campaign.id}\`.`;
    if (await pauseCampaign(db, campaign.id, reason)) logger.warn({ campaignId: campaign.id, smsAccount: entry.account.name }, 'campaign paused: SMS balance too low');
    await tagWaitingRows(sendingDb(db), campaign.id, code, `waiting for a top-up: ${message}`, deps.clock);
    return done('campaign-paused');
  }
  if (RETRY.has(code)) {
    const retryAfter = code === 'SMS_RATE_LIMITED' ? Number(tidings?.context.retryAfterMs ?? settings.slowDownMs) : 0;
    if (code === 'SMS_RATE_LIMITED') await deps.limiter.slowDown(entry.limitKey, retryAfter);
    if (attempt >= settings.maxAttempts) {
      // Never handed over (the provider said so), so the money held for the retries goes back.
      await settleSms(db, { idempotencyKey: smsKeyFor(rowId), accepted: false, reason: `${code}: gave up after ${attempt} attempts` });
      await markFailed(db, rowId, code, `gave up after ${attempt} attempts; last: ${message}`);
      await finishIfDone(db, campaign.id, deps.clock);
      return done('failed');
    }
    const delay = Math.max(backoff(settings, attempt), retryAfter);
    await markDeferred(db, rowId, (deps.clock ?? systemClock).now() + delay, code, message);
    return { kind: 'later', delayMs: delay, reason: 'deferred' };
  }
  if (code === 'BILLING_IDEMPOTENCY_CONFLICT') {
    // The row's earlier attempt holds its reservation on another SMS account (the campaign's
    // account was changed between attempts): nothing went out now, and that money stays held
    // where finance can see and settle it, not leaked and not sent twice.
    await markUnknown(
      db,
      rowId,
      code,
      `An earlier attempt holds this message's money on another SMS account (the campaign's SMS account changed). Nothing was sent now. Settle it in the wallet's held list or with \`tidings wallet settle ${smsKeyFor(rowId)} --accepted|--rejected\`; the message then counts as sent or failed.`,
    );
    await finishIfDone(db, campaign.id, deps.clock);
    return done('unknown');
  }
  if (!PERMANENT.has(code)) {
    // SMS_OUTCOME_UNKNOWN, or anything unexpected (a database error around the provider call):
    // the message may have gone, so the reservation stays until a person settles it.
    await markUnknown(db, rowId, code === 'SMS_OUTCOME_UNKNOWN' ? code : 'SMS_OUTCOME_UNKNOWN', tidings ? message : `${code}: ${message}`);
    await finishIfDone(db, campaign.id, deps.clock);
    return done('unknown');
  }
  // Refused for good (sendSms voided any reservation): SMS_REJECTED, SMS_INVALID_NUMBER, …
  await markFailed(db, rowId, code, message);
  if (PAUSING.has(code)) {
    await pauseCampaign(db, campaign.id, `${code}: ${message}`);
  } else if (await errorBudgetSpent(sendingDb(db), campaign.id, settings.errorBudget)) {
    await pauseCampaign(
      db,
      campaign.id,
      `SEND_ERROR_BUDGET: more than ${settings.errorBudget.percent}% of the last ${settings.errorBudget.window} messages were refused; last: ${message}`,
    );
  }
  await finishIfDone(db, campaign.id, deps.clock);
  return done('failed');
}

import type { SendContext } from './send.context.js';
import { loopRegistry } from '../../platform/runtime/loop-health.js';
import type { Logger } from '../../platform/logger/index.js';
import { createRedis } from '../../platform/redis/index.js';
import { assertNoEviction } from '../../platform/redis/index.js';
import { CampaignService } from './campaign.service.js';
import type { Dispatcher } from './dispatch/dispatcher.js';
import { nextDueRowIds } from './dispatch/due-rows.js';
import { InProcessDispatcher } from './dispatch/inprocess.dispatcher.js';
import { SendingLease } from './dispatch/sending-lease.js';
import type { LeaseObserver } from './limit/lease-heartbeat.js';
import { MemoryRateLimiter } from './limit/memory.limiter.js';
import type { RateLimiter } from './limit/rate-limiter.js';
import type { MessageComposer, RecipientSource, SenderResolver } from './ports.js';
import { processSendJob, type SendDeps } from './process-send-job.js';
import { DEFAULT_SEND_SETTINGS, type SendSettings } from './send.settings.js';
import { Sweeper } from './sweeper.js';
import { complaintLimitOf } from './send.config.js';
import { TrackingComposer, TrackingTokens } from './tracking/index.js';
import { createSmsChannel, type SmsChannel } from './channels/sms.channel.js';
import { SmtpTransportPool, type TransportProvider } from '../../adapters/mail/transport/transport-pool.js';
import type { QuietHoursPolicy } from './wiring/quiet-hours.policy.js';
import { realSendPorts } from './wiring/real.ports.js';
import { UnsubscribeTokens } from './unsubscribe.token.js';
import { sendingDb } from './sending.db.js';

/**
 * The ports the pipeline runs on. Each one left out is the real one (src/send/wiring): audiences
 * from src/customers, rendering from src/templates, accounts from src/accounts, quiet hours from
 * src/schedule.
 */
export interface SendPorts {
  readonly recipients?: RecipientSource;
  readonly composer?: MessageComposer;
  readonly senders?: SenderResolver;
  readonly transports?: TransportProvider;
  /** Default: an SMS channel over the context's store and secrets. The runtime closes it. */
  readonly sms?: SmsChannel;
  readonly quietHours?: QuietHoursPolicy;
}

/** Options for {@link createSendRuntime}. */
export interface SendRuntimeOptions extends SendPorts {
  /** Process jobs here (worker, `serve`); false for producers (CLI, `serve --no-workers`). */
  readonly work: boolean;
  /** Overrides of the job processor's tunables (tests shorten retry delays). */
  readonly settings?: Partial<SendSettings>;
  /** Allow self-signed SMTP certificates (test servers). */
  readonly allowSelfSigned?: boolean;
}

/** Everything the send pipeline is made of in one process. */
export interface SendRuntime {
  readonly dispatcher: Dispatcher;
  readonly campaigns: CampaignService;
  readonly sweeper: Sweeper | undefined;
  readonly deps: SendDeps;
  /** Starts processing and sweeping (when `work`). */
  start(): Promise<void>;
  /** Stops taking jobs, lets running ones finish, closes pools and queue connections. */
  close(): Promise<void>;
}

/** The log lines of the domain slots' lifecycle (operators and the kill -9 tests wait for "reclaimed"). */
export const SLOTS_RECLAIMED_MSG = 'sending slots of a stopped worker reclaimed';

function leaseLog(logger: Logger): LeaseObserver {
  return {
    reclaimed: (key, leases) => logger.warn({ key, leases }, SLOTS_RECLAIMED_MSG),
    lost: (key, lease) => logger.warn({ key, lease }, 'a sending slot lapsed while still in use (this process was frozen or the limiter unreachable)'),
    renewFailed: (error) => logger.warn({ err: error.message }, 'sending slots not renewed'),
  };
}

/**
 * Builds the pipeline for an app context: BullMQ + Redis limiter when REDIS_URL is set (refusing a
 * Redis that may evict keys), else the in-process queue and limiter.
 */
export async function createSendRuntime(context: SendContext, options: SendRuntimeOptions): Promise<SendRuntime> {
  const { config, logger, store } = context;
  const db = store.db;
  const settings: SendSettings = {
    ...DEFAULT_SEND_SETTINGS,
    domainConcurrency: config.SEND_DOMAIN_CONCURRENCY,
    domainLeaseMs: config.SEND_DOMAIN_LEASE_MS,
    errorBudget: { percent: config.SEND_ERROR_BUDGET_PERCENT, window: config.SEND_ERROR_BUDGET_WINDOW },
    publicUrl: config.TIDINGS_PUBLIC_URL,
    retryBaseMs: config.SEND_RETRY_BASE_MS,
    slowDownMs: config.SEND_SLOW_DOWN_MS,
    ...options.settings,
  };
  const redis = context.redis;
  const observer = leaseLog(logger);
  // BullMQ and the Redis limiter (~13 MB of modules) are loaded only when Redis is configured.
  const limiter: RateLimiter = redis
    ? new (await import('./limit/redis.limiter.js')).RedisRateLimiter({ redis, prefix: `${config.SEND_QUEUE_PREFIX}:limit`, observer })
    : new MemoryRateLimiter(Date.now, observer);
  // Every SMTP, IMAP (Sent copies) and SMS provider connection passes the SSRF guard with this allow list.
  const guard = { allowPrivateHosts: config.TIDINGS_ALLOW_PRIVATE_HOSTS };
  const transports = options.transports ?? new SmtpTransportPool({ maxConnections: config.SEND_SMTP_MAX_CONNECTIONS, logger, guard, metrics: context.metrics });
  const real = realSendPorts(context, options.allowSelfSigned === undefined ? {} : { allowSelfSigned: options.allowSelfSigned });
  const sms = options.sms ?? createSmsChannel({ db, secrets: context.secrets, logger, guard });
  const deps: SendDeps = {
    db,
    // Open/click tracking for the campaigns that ask for it (src/send/tracking).
    composer: new TrackingComposer(options.composer ?? real.composer, {
      db,
      tokens: TrackingTokens.fromSecrets(context.secrets),
      publicUrl: settings.publicUrl,
      logger,
    }),
    senders: options.senders ?? real.senders,
    unsubscribe: UnsubscribeTokens.fromSecrets(context.secrets),
    transports,
    limiter,
    logger,
    settings,
    clock: context.clock,
    sms,
    quietHours: options.quietHours ?? real.quietHours,
    metrics: context.metrics,
  };
  const process = (id: number) => processSendJob(deps, id);
  // A worker keeps the rows it is sending fresh, so sweepers (here and in other processes) recover
  // only the rows of a worker that stopped, however slow a live send is.
  const registry = loopRegistry(store);
  const lease = options.work ? new SendingLease({ db, staleAfterMs: config.SEND_STALE_AFTER_MS, logger, registry, clock: context.clock }) : undefined;
  let dispatcher: Dispatcher;
  if (redis && config.REDIS_URL) {
    if (options.work) await assertNoEviction(redis);
    const url = config.REDIS_URL;
    const { BullmqDispatcher } = await import('./dispatch/bullmq.dispatcher.js');
    dispatcher = new BullmqDispatcher({
      connection: redis,
      workerConnection: () => createRedis(url),
      prefix: config.SEND_QUEUE_PREFIX,
      process,
      concurrency: config.SEND_CONCURRENCY,
      lockDurationMs: config.SEND_JOB_LOCK_MS,
      logger,
      inFlight: lease,
      registry,
      clock: context.clock,
    });
  } else {
    // Bounded: pages through the outbox's due rows instead of holding every id of a campaign.
    dispatcher = new InProcessDispatcher({
      process,
      concurrency: config.SEND_CONCURRENCY,
      logger,
      due: (afterId, limit) => nextDueRowIds(sendingDb(db), afterId, limit, context.clock.now()),
      inFlight: lease,
      registry,
      clock: context.clock,
    });
  }
  const sweeper = options.work
    ? new Sweeper({ db, dispatcher, intervalMs: config.SEND_SWEEP_INTERVAL_MS, staleAfterMs: config.SEND_STALE_AFTER_MS, lease, logger, registry, complaintLimit: complaintLimitOf(config) })
    : undefined;
  const campaigns = new CampaignService({ db, recipients: options.recipients ?? real.recipients, dispatcher, logger, clock: context.clock });
  return {
    dispatcher,
    campaigns,
    sweeper,
    deps,
    async start() {
      if (!options.work) return;
      await dispatcher.start();
      sweeper?.start();
    },
    async close() {
      await sweeper?.stop();
      await dispatcher.close();
      // After the dispatcher: its running jobs finished, so nothing this process holds is sending.
      await lease?.close();
      await transports.close();
      await sms.close();
    },
  };
}

import type { Redis } from 'ioredis';
import { createSendRuntime, type OutboxState } from '../../src/modules/sending/index.js';
import type { Store } from '../../src/platform/db/index.js';
import { TemplateRenderer } from '../../src/modules/templates/index.js';
import { onCleanup } from './cleanup.js';
import { benchContext, PUBLIC_URL } from './context.js';
import { AudienceRecipientSource, TemplateComposer } from './template.composer.js';

/** What one campaign run needs. */
export interface CampaignRunOptions {
  readonly store: Store;
  readonly accountId: number;
  readonly versionId: number;
  /** Jobs in flight (SEND_CONCURRENCY; also the per-domain cap, since every recipient shares one domain). */
  readonly concurrency: number;
  /** SMTP pool size (SEND_SMTP_MAX_CONNECTIONS). */
  readonly connections: number;
  /** BullMQ over this Redis with this key prefix; the in-process queue when absent. */
  readonly redis?: { readonly client: Redis; readonly url: string; readonly prefix: string };
  /**
   * Compose with the bench's own TemplateComposer / AudienceRecipientSource instead of the
   * runtime's real ports (src/send/wiring). Both render through TemplateRenderer.
   */
  readonly benchPorts?: boolean;
  /** Longest the campaign may take before the run is declared failed. */
  readonly timeoutMs: number;
}

/** Outcome of a campaign run. */
export interface CampaignRun {
  /** From `campaigns.start` being called to the campaign's `finished_at` (the last state written). */
  readonly ms: number;
  readonly counts: Record<OutboxState, number>;
  readonly total: number;
  readonly compiles: number;
}

/**
 * Runs one real campaign to everybody in the store through the whole pipeline: the customers
 * module's audience, the campaign service materialising outbox rows, the dispatcher (p-queue or
 * a BullMQ worker in this process), the rate limiter, the templates module's compiled MJML merged
 * per recipient, nodemailer's SMTP pool, and the outbox state machine.
 */
export async function runCampaign(options: CampaignRunOptions): Promise<CampaignRun> {
  const { store } = options;
  const env: Record<string, string> = {
    SEND_CONCURRENCY: String(options.concurrency),
    SEND_DOMAIN_CONCURRENCY: String(options.concurrency),
    SEND_SMTP_MAX_CONNECTIONS: String(options.connections),
    ...(options.redis ? { REDIS_URL: options.redis.url, SEND_QUEUE_PREFIX: options.redis.prefix } : {}),
  };
  const context = benchContext(store, env, options.redis?.client);
  const renderer = new TemplateRenderer({ db: store.db, logger: context.logger });
  const runtime = await createSendRuntime(context, {
    work: true,
    ...(options.benchPorts ? { composer: new TemplateComposer(store.db, renderer, PUBLIC_URL), recipients: new AudienceRecipientSource(store.db) } : {}),
  });
  const closeRuntime = onCleanup('send runtime', () => runtime.close());
  try {
    await runtime.start();
    const campaign = await runtime.campaigns.create({ name: `bench ${new Date().toISOString()}`, mailAccountId: options.accountId, templateVersionId: options.versionId, audience: {} });
    const started = Date.now();
    await runtime.campaigns.start(campaign.id);
    const dispatcher = runtime.dispatcher as { onIdle?: () => Promise<void> };
    if (typeof dispatcher.onIdle === 'function') await dispatcher.onIdle();
    const finishedAt = await waitFinished(store, campaign.id, started + options.timeoutMs);
    const progress = await runtime.campaigns.progress(campaign.id);
    return { ms: finishedAt - started, counts: progress.counts, total: progress.total, compiles: options.benchPorts ? renderer.stats.compiles : -1 };
  } finally {
    await closeRuntime();
  }
}

/** Polls (every 50 ms, bounded) until the campaign is finished; its `finished_at`. */
async function waitFinished(store: Store, id: number, deadline: number): Promise<number> {
  for (;;) {
    const row = await store.db.selectFrom('campaigns').select(['status', 'finished_at', 'status_reason']).where('id', '=', id).executeTakeFirstOrThrow();
    if (row.status === 'finished' && row.finished_at !== null) return Number(row.finished_at);
    if (row.status !== 'running') throw new Error(`campaign ${id} is ${row.status}: ${row.status_reason ?? ''}`);
    if (Date.now() > deadline) throw new Error(`campaign ${id} did not finish in time`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Deletes every Redis key under `prefix:` (the bench's BullMQ queue and limiter keys). */
export async function deleteRedisPrefix(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length > 0) await redis.del(...keys);
  } while (cursor !== '0');
}

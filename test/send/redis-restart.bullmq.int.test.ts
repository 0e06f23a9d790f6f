import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createRedis } from '../../src/queue/index.js';
import { createSendRuntime, type SendRuntime } from '../../src/send/index.js';
import type { Store } from '../../src/store/index.js';
import { describeWithServices, POSTGRES_URL } from '../helpers/services.js';
import { testContext, waitUntil } from '../fixtures/send/harness.js';
import { openSchemaStore } from '../fixtures/send/pg-schema.js';
import { seedAccount, seedCustomers, seedTemplateVersion } from '../fixtures/send/seed.js';
import { startSink, type Sink } from '../fixtures/send/smtp-sink.js';
import { startWorkerProcess, stopWorkerProcess } from '../fixtures/send/worker-process.js';
import { freePort, killProcess, startRedisServer } from '../fixtures/send/redis-process.js';

const TOTAL = 2000;

await describeWithServices(['postgres'], 'send: BullMQ survives a Redis restart mid-run (own redis-server)', () => {
  let pgStore: Awaited<ReturnType<typeof openSchemaStore>>;
  let store: Store;
  let sink: Sink;
  let producer: SendRuntime;
  let redisServer: ChildProcess;
  let redisPort: number;
  let redisUrl: string;
  let redis: ReturnType<typeof createRedis>;
  const workers: ChildProcess[] = [];
  let env: Record<string, string>;

  beforeAll(async () => {
    redisPort = await freePort();
    redisServer = await startRedisServer(redisPort);
    redisUrl = `redis://127.0.0.1:${redisPort}`;
    redis = createRedis(redisUrl);
    redis.on('error', () => undefined);
    pgStore = await openSchemaStore();
    store = pgStore.store;
    sink = await startSink();
    const prefix = `tq-${randomBytes(4).toString('hex')}`;
    env = {
      DATABASE_URL: POSTGRES_URL,
      DATABASE_SCHEMA: pgStore.schema,
      REDIS_URL: redisUrl,
      SEND_QUEUE_PREFIX: prefix,
      TIDINGS_DATA_DIR: mkdtempSync(join(tmpdir(), 'tidings-send-')),
      TIDINGS_SECRET_KEY: randomBytes(32).toString('base64'),
      SEND_STALE_AFTER_MS: '3000',
      SEND_SWEEP_INTERVAL_MS: '500',
      SEND_CONCURRENCY: '20',
      SEND_DOMAIN_CONCURRENCY: '100',
      LOG_LEVEL: 'error',
    };
    producer = await createSendRuntime(testContext(store, { REDIS_URL: redisUrl, SEND_QUEUE_PREFIX: prefix }, redis), { work: false });
  });
  afterAll(async () => {
    for (const w of workers) await stopWorkerProcess(w);
    await producer?.close();
    redis.disconnect();
    await sink?.close();
    await pgStore?.drop();
    if (redisServer) await killProcess(redisServer);
  });

  it(`sends ${TOTAL} messages exactly once when Redis restarts empty mid-run`, async () => {
    const { db } = store;
    const account = await seedAccount(db, { port: sink.port });
    const version = await seedTemplateVersion(db);
    await seedCustomers(db, TOTAL, (i) => `c${i}@restart.test`);
    workers.push(...(await Promise.all([startWorkerProcess(env), startWorkerProcess(env)])));
    const campaign = await producer.campaigns.create({ name: 'redis-restart', mailAccountId: account, templateVersionId: version });
    await producer.campaigns.start(campaign.id);

    await sink.waitFor(TOTAL / 4, 90_000);
    // Redis dies and comes back empty (no persistence): every queued job is gone. The workers
    // reconnect; their sweepers find the queued rows in the store and queue them again.
    await killProcess(redisServer);
    redisServer = await startRedisServer(redisPort);

    await waitUntil(async () => (await producer.campaigns.get(campaign.id)).status === 'finished', 150_000, 250);
    const rows = await db.selectFrom('outbox').select(['state', 'message_id', 'address']).where('campaign_id', '=', campaign.id).execute();
    expect(rows).toHaveLength(TOTAL);
    const states = new Set(rows.map((r) => r.state));
    expect([...states].every((s) => s === 'sent' || s === 'unknown')).toBe(true);

    const seen = sink.messages.map((m) => m.messageId);
    expect(new Set(seen).size).toBe(seen.length); // no Message-ID twice
    const seenSet = new Set(seen);
    const sent = rows.filter((r) => r.state === 'sent');
    expect(sent.every((r) => r.message_id && seenSet.has(r.message_id))).toBe(true); // nothing missing
    const unknown = rows.filter((r) => r.state === 'unknown').length;
    // Jobs lost with Redis were never claimed; only sends cut off mid-way may be unknown.
    expect(unknown).toBeLessThanOrEqual(40);
    expect(seen.length).toBeGreaterThanOrEqual(sent.length);
    expect(seen.length).toBeLessThanOrEqual(sent.length + unknown);
  });
});

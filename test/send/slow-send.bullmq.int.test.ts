// A live worker whose send outlasts SEND_STALE_AFTER_MS keeps its row: the SMTP server holds its
// reply to the final "." for three stale bounds while sweepers (the worker's own and one in this
// process, standing for another worker's) look for lost rows; then it accepts, and the row is
// `sent`, never `unknown`.
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createRedis } from '../../src/platform/redis/index.js';
import { createSendRuntime, type SendRuntime } from '../../src/modules/sending/index.js';
import { recoverStaleSending } from '../../src/modules/sending/outbox.store.js';
import { testContext, waitUntil } from '../fixtures/send/harness.js';
import { openSchemaStore } from '../fixtures/send/pg-schema.js';
import { seedAccount, seedCustomers, seedTemplateVersion } from '../fixtures/send/seed.js';
import { startWorkerProcess, stopWorkerProcess } from '../fixtures/send/worker-process.js';
import { describeWithServices, POSTGRES_URL, REDIS_URL } from '../helpers/services.js';
import { waitFor } from '../helpers/wait.js';

const STALE_MS = 2_000;

/** An SMTP server that reads a whole message, then answers only when told to. */
async function startHoldingServer() {
  let arrived!: () => void;
  const dataArrived = new Promise<void>((resolve) => (arrived = resolve));
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  const accepted: string[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, cb) {
      stream.resume();
      stream.on('end', () => {
        arrived();
        void released.then(() => {
          accepted.push(session.envelope.rcptTo[0]?.address ?? '');
          cb();
        });
      });
    },
  });
  server.on('error', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.server.address() as { port: number }).port;
  return { port, dataArrived, release, accepted, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

await describeWithServices(['postgres', 'redis'], 'send: a slow send by a live BullMQ worker is not taken for a lost one', () => {
  const redis = createRedis(REDIS_URL);
  let pg: Awaited<ReturnType<typeof openSchemaStore>>;
  let smtp: Awaited<ReturnType<typeof startHoldingServer>>;
  let producer: SendRuntime;
  let worker: ChildProcess | undefined;
  let env: Record<string, string>;

  beforeAll(async () => {
    pg = await openSchemaStore();
    smtp = await startHoldingServer();
    const prefix = `tslow-${randomBytes(4).toString('hex')}`;
    env = {
      DATABASE_URL: POSTGRES_URL,
      DATABASE_SCHEMA: pg.schema,
      REDIS_URL,
      SEND_QUEUE_PREFIX: prefix,
      TIDINGS_DATA_DIR: mkdtempSync(join(tmpdir(), 'tidings-slow-')),
      TIDINGS_SECRET_KEY: randomBytes(32).toString('base64'),
      SEND_STALE_AFTER_MS: String(STALE_MS),
      SEND_SWEEP_INTERVAL_MS: '200',
      LOG_LEVEL: 'error',
    };
    producer = await createSendRuntime(testContext(pg.store, { REDIS_URL, SEND_QUEUE_PREFIX: prefix }, redis), { work: false });
  });
  afterAll(async () => {
    smtp?.release();
    if (worker) await stopWorkerProcess(worker);
    await producer?.close();
    await smtp?.close();
    await pg?.drop();
    redis.disconnect();
  });

  it(`keeps the row sending while the server holds its reply for ${(3 * STALE_MS) / 1000} s, then records it sent`, async () => {
    const { db } = pg.store;
    const account = await seedAccount(db, { port: smtp.port });
    const version = await seedTemplateVersion(db);
    await seedCustomers(db, 1, () => 'slow@slow.test');
    worker = await startWorkerProcess(env);
    const campaign = await producer.campaigns.create({ name: 'slow', mailAccountId: account, templateVersionId: version });
    await producer.campaigns.start(campaign.id);

    await smtp.dataArrived;
    const rowNow = () => db.selectFrom('outbox').select(['state', 'updated_at']).where('campaign_id', '=', campaign.id).executeTakeFirstOrThrow();
    const claimedAt = Number((await rowNow()).updated_at);
    // Another worker's sweeper sweeps with the same bound, poll after poll, until the worker has
    // renewed the row twice the bound past its claim: an unrenewed row would have been taken by then.
    let recovered = 0;
    const states = new Set<string>();
    let latestRenewal = claimedAt;
    await waitFor(
      async () => {
        recovered += await recoverStaleSending(db, STALE_MS);
        const row = await rowNow();
        states.add(row.state);
        latestRenewal = Math.max(latestRenewal, Number(row.updated_at));
        return latestRenewal - claimedAt > 2 * STALE_MS || recovered > 0 || row.state !== 'sending';
      },
      { timeoutMs: 60_000, intervalMs: 100, what: 'the worker to renew its claim past the bound' },
    );
    expect(recovered).toBe(0);
    expect([...states]).toEqual(['sending']);

    smtp.release();
    await waitUntil(async () => (await rowNow()).state !== 'sending', 60_000, 50);
    expect((await rowNow()).state).toBe('sent');
    expect(smtp.accepted).toEqual(['slow@slow.test']);
    await waitUntil(async () => (await producer.campaigns.get(campaign.id)).status === 'finished', 30_000, 100);
  });
});

// Shared set-up of the SMS BullMQ acceptance tests: a fresh PostgreSQL schema, the Twilio-wire
// fake, an SMS account pointed at it, customers with mobile numbers, a producer-side pipeline, and
// `node bin/tidings.js worker` processes configured like production ones (env only).
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadSecretKey } from '../../../src/platform/config/index.js';
import { SecretBox } from '../../../src/platform/crypto/index.js';
import { createRedis } from '../../../src/platform/redis/index.js';
import { createSendRuntime, type SendRuntime } from '../../../src/modules/sending/index.js';
import { testContext } from '../../fixtures/send/harness.js';
import { openSchemaStore } from '../../fixtures/send/pg-schema.js';
import { AudienceSource, mobile, seedPhoneCustomers, seedSmsTemplate, seedTwilioAccount, TWILIO_SID, TWILIO_TOKEN } from '../../fixtures/sms/sms-campaign.seed.js';
import { startTwilioFake, type TwilioFake } from '../../fixtures/sms/twilio-server.js';
import { REDIS_URL, POSTGRES_URL } from '../../helpers/services.js';

const BIN = fileURLToPath(new URL('../../../bin/tidings.js', import.meta.url));
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export interface SmsHarness {
  readonly pg: Awaited<ReturnType<typeof openSchemaStore>>;
  readonly fake: TwilioFake;
  readonly producer: SendRuntime;
  readonly env: Record<string, string>;
  readonly account: { id: number; name: string };
  readonly version: number;
  readonly customers: number[];
  readonly phones: string[];
  startWorker(): Promise<ChildProcess>;
  close(): Promise<void>;
}

/**
 * Everything up to (not including) creating the campaign. `overrides` go into the workers'
 * environment: a test that kills a worker shortens SEND_JOB_LOCK_MS so the dead worker's unclaimed
 * jobs move to the others soon.
 */
export async function openSmsHarness(count: number, overrides: Record<string, string> = {}): Promise<SmsHarness> {
  const pg = await openSchemaStore();
  const fake = await startTwilioFake(TWILIO_SID, TWILIO_TOKEN);
  const key = randomBytes(32).toString('base64');
  const dataDir = mkdtempSync(join(tmpdir(), 'tidings-sms-'));
  const secrets = new SecretBox(loadSecretKey({ envKey: key, dataDir }));
  const prefix = `tsms-${randomBytes(4).toString('hex')}`;
  const env: Record<string, string> = {
    DATABASE_URL: POSTGRES_URL,
    DATABASE_SCHEMA: pg.schema,
    TIDINGS_DB_SCHEMA: pg.schema,
    REDIS_URL,
    SEND_QUEUE_PREFIX: prefix,
    TIDINGS_DATA_DIR: dataDir,
    TIDINGS_SECRET_KEY: key,
    // The Twilio fake listens on loopback: allowed as in every other suite's config.
    TIDINGS_ALLOW_PRIVATE_HOSTS: '127.0.0.1/8,::1',
    // The sweeper declares a `sending` row lost (unknown) once no worker renewed it for this long.
    // A live worker renews its in-flight rows every third of it, however long a send (reserve,
    // provider call to the fake in this process, post) takes on a loaded machine, so a short
    // bound only hurries the recovery of a killed worker's rows.
    SEND_STALE_AFTER_MS: '5000',
    SEND_SWEEP_INTERVAL_MS: '300',
    SEND_JOB_LOCK_MS: '30000',
    SEND_CONCURRENCY: '16',
    LOG_LEVEL: 'error',
    ...overrides,
  };
  const { db } = pg.store;
  const account = await seedTwilioAccount(db, secrets, { apiBaseUrl: fake.url });
  const version = await seedSmsTemplate(db);
  const phones = Array.from({ length: count }, (_, i) => mobile(i));
  const customers = await seedPhoneCustomers(db, phones);
  const redis = createRedis(REDIS_URL);
  const producer = await createSendRuntime(testContext(pg.store, { REDIS_URL, SEND_QUEUE_PREFIX: prefix }, redis), {
    work: false,
    recipients: new AudienceSource(db),
  });
  const children: ChildProcess[] = [];
  return {
    pg,
    fake,
    producer,
    env,
    account,
    version,
    customers,
    phones,
    async startWorker() {
      const child = await startCliWorker(env);
      children.push(child);
      return child;
    },
    async close() {
      for (const child of children) await stopProcess(child);
      await producer.close();
      redis.disconnect();
      await fake.close();
      await pg.drop();
    },
  };
}

/** `node bin/tidings.js worker`; resolves once it printed "worker ready". */
export async function startCliWorker(env: Record<string, string>): Promise<ChildProcess> {
  const child = spawn(process.execPath, [BIN, 'worker'], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (c: Buffer) => {
    stderr += c.toString();
  });
  await new Promise<void>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`worker not ready within 60 s: ${stderr.slice(-2000)}`)), 60_000);
    child.stdout?.on('data', (c: Buffer) => {
      out += c.toString();
      if (out.includes('worker ready')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`worker exited with ${code}: ${stderr.slice(-2000)}`));
    });
  });
  return child;
}

/**
 * SIGTERM and wait for the exit; SIGKILL after `graceMs`. `tidings worker` closes its runtime on
 * SIGTERM but (as of this writing) the CLI entry does not exit afterwards, so the bound matters.
 */
export async function stopProcess(child: ChildProcess, graceMs = 5_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

/** kill -9. */
export async function killProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}

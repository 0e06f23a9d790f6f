// Issue #16, item 8: a worker killed with `kill -9` kept its per-domain sending slots in Redis for
// five minutes, so a campaign's recipient domain stalled with rows queued and the other workers
// idle. Slots are short leases renewed by their holder's heartbeat now: once the dead worker's
// heartbeat lapses, the remaining worker reclaims them (an event it logs, awaited here; no timed
// assertion) and finishes the campaign, every recipient sent exactly once at the real Postfix
// (or, for the killed worker's messages in flight, `unknown`).
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createRedis } from '../../src/platform/redis/index.js';
import { createSendRuntime, type SendRuntime } from '../../src/modules/sending/index.js';
import { SLOTS_RECLAIMED_MSG } from '../../src/modules/sending/send.runtime.js';
import { testContext, waitUntil } from '../fixtures/send/harness.js';
import { openSchemaStore } from '../fixtures/send/pg-schema.js';
import { seedAccount, seedCustomers, seedTemplateVersion } from '../fixtures/send/seed.js';
import { killWorkerProcess, startWorkerProcess, stopWorkerProcess } from '../fixtures/send/worker-process.js';
import { inboxSources } from '../helpers/mailbox.js';
import { describeWithServices, POSTGRES_URL, REDIS_URL, SERVICES } from '../helpers/services.js';

const TOTAL = 300;
const DOMAIN = 'example.test';
/** Generous bound of each wait: it never decides the outcome, only how long a broken build hangs. */
const BOUND = 120_000;
/** Jobs per worker: the most rows a killed worker can leave `unknown`. */
const CONCURRENCY = 4;

/** The JSON log entries a worker writes on stderr, with a way to await one. */
class LogWatch {
  readonly entries: Record<string, unknown>[] = [];
  private waiters: { match: (e: Record<string, unknown>) => boolean; resolve: (e: Record<string, unknown>) => void }[] = [];

  constructor(child: ChildProcess) {
    createInterface({ input: child.stderr! }).on('line', (line) => {
      if (!line.startsWith('{')) return;
      const entry = JSON.parse(line) as Record<string, unknown>;
      this.entries.push(entry);
      this.waiters = this.waiters.filter((w) => !(w.match(entry) && (w.resolve(entry), true)));
    });
  }

  waitFor(match: (e: Record<string, unknown>) => boolean, timeoutMs: number, what: string): Promise<Record<string, unknown>> {
    const seen = this.entries.find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no log line ${what} within ${timeoutMs} ms`)), timeoutMs);
      this.waiters.push({ match, resolve: (e) => (clearTimeout(timer), resolve(e)) });
    });
  }
}

await describeWithServices(['postgres', 'redis', 'smtp', 'imap'], 'security 08: a worker killed with kill -9 gives its domain slots back within seconds', () => {
  const redis = createRedis(REDIS_URL);
  const run = randomBytes(3).toString('hex');
  const prefix = `tq08-${run}`;
  const box = `slots-${run}`;
  let pg: Awaited<ReturnType<typeof openSchemaStore>>;
  let producer: SendRuntime;
  let env: Record<string, string>;
  const workers: ChildProcess[] = [];

  beforeAll(async () => {
    pg = await openSchemaStore();
    env = {
      DATABASE_URL: POSTGRES_URL,
      DATABASE_SCHEMA: pg.schema,
      REDIS_URL,
      SEND_QUEUE_PREFIX: prefix,
      TIDINGS_DATA_DIR: mkdtempSync(join(tmpdir(), 'tidings-08-')),
      TIDINGS_SECRET_KEY: randomBytes(32).toString('base64'),
      // Two slots for the domain, four jobs per worker: the workers contend for the slots, so a
      // killed worker holds one; a dead slot is visible as a stall of half the domain's capacity.
      SEND_DOMAIN_CONCURRENCY: '2',
      SEND_CONCURRENCY: String(CONCURRENCY),
      SEND_DOMAIN_LEASE_MS: '6000',
      // As the crash tests: the killed worker's `sending` rows become `unknown` soon, and its
      // BullMQ jobs move on soon, so the campaign can finish.
      SEND_STALE_AFTER_MS: '5000',
      SEND_SWEEP_INTERVAL_MS: '500',
      SEND_JOB_LOCK_MS: '10000',
      LOG_LEVEL: 'warn',
    };
    producer = await createSendRuntime(testContext(pg.store, { REDIS_URL, SEND_QUEUE_PREFIX: prefix }, redis), { work: false });
  });
  afterAll(async () => {
    for (const w of workers) await stopWorkerProcess(w);
    await producer?.close();
    await pg?.drop();
    redis.disconnect();
  });

  it('the remaining worker reclaims the killed worker’s slots once its heartbeat lapses and finishes the campaign', { timeout: 4 * BOUND }, async () => {
    const { db } = pg.store;
    const account = await seedAccount(db, { port: SERVICES.smtp.port, email: `sender-${run}@${DOMAIN}` });
    const version = await seedTemplateVersion(db);
    // One mailbox (Postfix's recipient_delimiter "+"): one domain, and every copy countable.
    await seedCustomers(db, TOTAL, (i) => `${box}+${i}@${DOMAIN}`);
    const [victim, survivor] = await Promise.all([startWorkerProcess(env), startWorkerProcess(env)]);
    workers.push(victim!, survivor!);
    const survivorLog = new LogWatch(survivor!);

    const campaign = await producer.campaigns.create({ name: 'slots', mailAccountId: account, templateVersionId: version });
    await producer.campaigns.start(campaign.id);
    const sentCount = async () =>
      Number((await db.selectFrom('outbox').select(db.fn.countAll<number>().as('n')).where('campaign_id', '=', campaign.id).where('state', '=', 'sent').executeTakeFirstOrThrow()).n);
    await waitUntil(async () => (await sentCount()) >= 20, BOUND, 50);

    // Freeze the victim (SIGSTOP: it can release nothing) and look at the domain's slots; kill it
    // when it holds one, else let it go on and look again once another message went out.
    const slotsKey = `${prefix}:limit:lease:domain:${DOMAIN}`;
    const mine = `${hostname()}:${victim!.pid}/`;
    let held: string[] = [];
    for (let attempt = 0; attempt < 200; attempt++) {
      victim!.kill('SIGSTOP');
      held = (await redis.zrange(slotsKey, '0', '-1')).filter((lease) => lease.startsWith(mine));
      if (held.length > 0) break;
      victim!.kill('SIGCONT');
      const before = await sentCount();
      expect(before).toBeLessThan(TOTAL);
      await waitUntil(async () => (await sentCount()) > before, BOUND, 20);
    }
    expect(held.length).toBeGreaterThan(0);
    await killWorkerProcess(victim!); // kill -9 (a stopped process dies too)

    // The survivor reclaims exactly the dead worker's slots, once their heartbeat lapsed.
    const reclaimed = await survivorLog.waitFor(
      (e) => e.msg === SLOTS_RECLAIMED_MSG && Array.isArray(e.leases) && (e.leases as string[]).some((l) => held.includes(l)),
      BOUND,
      `"${SLOTS_RECLAIMED_MSG}" naming the killed worker's slots`,
    );
    expect(reclaimed.key).toBe(`domain:${DOMAIN}`);
    expect((reclaimed.leases as string[]).every((l) => l.startsWith(mine))).toBe(true);

    await waitUntil(async () => (await producer.campaigns.get(campaign.id)).status === 'finished', BOUND, 250);
    const rows = await db.selectFrom('outbox').select(['state', 'message_id']).where('campaign_id', '=', campaign.id).execute();
    expect(rows).toHaveLength(TOTAL);
    expect(rows.every((r) => r.state === 'sent' || r.state === 'unknown')).toBe(true);
    const sent = rows.filter((r) => r.state === 'sent');
    const unknown = rows.length - sent.length;
    expect(unknown).toBeLessThanOrEqual(CONCURRENCY); // only the killed worker's sends in flight

    // At the server: every sent message once, no Message-ID twice, nothing beyond sent + unknown.
    const messageIds = async () =>
      (await inboxSources(`${box}@${DOMAIN}`)).map((source) => /^Message-ID:\s*(<[^>\r\n]+>)/im.exec(source.toString('utf8'))?.[1] ?? '');
    await waitUntil(async () => (await messageIds()).length >= sent.length, BOUND, 500);
    const seen = await messageIds();
    expect(new Set(seen).size).toBe(seen.length);
    const seenSet = new Set(seen);
    expect(sent.every((r) => r.message_id && seenSet.has(r.message_id))).toBe(true);
    expect(seen.length).toBeLessThanOrEqual(sent.length + unknown);
  });
});

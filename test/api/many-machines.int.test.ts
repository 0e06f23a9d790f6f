// The many-machine deployment as separate processes: one `tidings serve --no-workers` (the API)
// and two `tidings worker`s, sharing one PostgreSQL schema, one Redis (BullMQ) and one secret key.
// A campaign is created and started over the API's HTTP interface and delivered by the workers
// through Postfix; the messages are read back from Dovecot.
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createMailAccount } from '../../src/modules/accounts/index.js';
import { SecretBox } from '../../src/platform/crypto/index.js';
import type { Store } from '../../src/platform/db/index.js';
import { waitUntil } from '../fixtures/send/harness.js';
import { openSchemaStore } from '../fixtures/send/pg-schema.js';
import { seedCustomers, seedTemplateVersion } from '../fixtures/send/seed.js';
import { inboxSources } from '../helpers/mailbox.js';
import { firstAdminPassword, servingAddress, stop, tidings, waitForLine } from '../helpers/processes.js';
import { replaceOneTimePassword } from '../helpers/web-server.js';
import { describeWithServices, POSTGRES_URL, REDIS_URL, SERVICES } from '../helpers/services.js';

const CUSTOMERS = 30;

/** Message-IDs and subjects in `address`'s INBOX. */
async function readInbox(address: string): Promise<{ messageId: string | undefined; subject: string | undefined }[]> {
  const mails = await Promise.all((await inboxSources(address)).map((source) => simpleParser(source)));
  return mails.map((mail) => ({ messageId: mail.messageId, subject: mail.subject }));
}

interface Progress {
  status: string;
  total: number;
  counts: Record<string, number>;
  remaining: number;
  materialized: boolean;
}

await describeWithServices(['postgres', 'redis', 'smtp', 'imap'], 'many machines: serve --no-workers + two tidings workers on PostgreSQL and Redis', () => {
  const run = randomBytes(4).toString('hex');
  const children: ChildProcess[] = [];
  let pg: Awaited<ReturnType<typeof openSchemaStore>>;
  let store: Store;
  let dataDir: string;
  let env: Record<string, string>;
  let api: string;
  let token: string;
  let workerPids: number[] = [];

  beforeAll(async () => {
    pg = await openSchemaStore();
    store = pg.store;
    dataDir = mkdtempSync(join(tmpdir(), 'tidings-many-'));
    const key = randomBytes(32).toString('base64');
    env = {
      DATABASE_URL: POSTGRES_URL,
      DATABASE_SCHEMA: pg.schema,
      REDIS_URL,
      SEND_QUEUE_PREFIX: `tm-${run}`,
      TIDINGS_SECRET_KEY: key,
      TIDINGS_ALLOW_PRIVATE_HOSTS: '127.0.0.1/8,::1',
      TIDINGS_DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
    };

    // The API first: on the empty store it creates the admin and prints the password once.
    const apiProcess = tidings(['serve', '--no-workers'], { ...env, PORT: '0', LOG_LEVEL: 'info' });
    children.push(apiProcess.child);
    const serving = waitForLine(apiProcess, servingAddress);
    const workers = [0, 1].map(() => tidings(['worker'], env));
    children.push(...workers.map((w) => w.child));
    const ready = workers.map((w) => waitForLine(w, (line) => /^worker ready bullmq (\d+)$/.exec(line)?.[1]));
    const [{ value: address, plain }, ...readyLines] = await Promise.all([serving, ...ready]);
    workerPids = readyLines.map((r) => Number(r.value));
    if (!address) throw new Error('the API logged no address');
    api = address;
    // The printed password is a one-time password: replace it first, as the admin would.
    const password = await replaceOneTimePassword(api, 'admin', firstAdminPassword(plain));

    // Sign in as that admin (cookie + CSRF), then mint the bearer token a calling system would use.
    const login = await fetch(`${api}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password }) });
    expect(login.status).toBe(200);
    const me = (await login.json()) as { user: { id: number }; csrfToken: string };
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
    const created = await fetch(`${api}/api/tokens`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': me.csrfToken },
      body: JSON.stringify({ userId: me.user.id, name: `many-machines-${run}` }),
    });
    expect(created.status).toBe(201);
    token = ((await created.json()) as { token: string }).token;
  }, 60_000);

  afterAll(async () => {
    await Promise.all(children.map(stop));
    await pg?.drop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  const call = async <T>(method: string, path: string, body?: unknown): Promise<{ status: number; json: T }> => {
    const response = await fetch(`${api}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, json: (await response.json()) as T };
  };

  it('sends a campaign created and started over HTTP exactly once, delivered to every mailbox', async () => {
    const { db } = store;
    const sender = `sender-${run}@example.test`;
    // The key is the one every process shares; this account needs no secret, but seal with it anyway.
    const secrets = new SecretBox(Buffer.from(env.TIDINGS_SECRET_KEY!, 'base64'));
    const account = await createMailAccount(db, secrets, {
      name: `many-${run}`,
      displayName: 'Tidings Many Machines',
      email: sender,
      tlsVerify: false,
      smtp: { host: '127.0.0.1', port: SERVICES.smtp.port, security: 'none', auth: false },
    });
    const subject = `Many machines ${run} for {{customer.displayName}}`;
    const versionId = await seedTemplateVersion(db, subject);
    const address = (i: number) => `t-${run}-${i}@example.test`;
    const customerIds = await seedCustomers(db, CUSTOMERS, address);

    const create = await call<{ id: number; status: string }>('POST', '/api/campaigns', {
      name: `many machines ${run}`,
      mailAccount: account.id,
      templateVersionId: versionId,
      audience: { customerIds },
    });
    expect(create.status, JSON.stringify(create.json)).toBe(201);
    const campaignId = create.json.id;
    const start = await call<unknown>('POST', `/api/campaigns/${campaignId}/start`);
    expect(start.status, JSON.stringify(start.json)).toBeLessThan(300);

    let progress: Progress | undefined;
    await waitUntil(
      async () => {
        const detail = await call<{ status: string; progress: Progress }>('GET', `/api/campaigns/${campaignId}`);
        expect(detail.status).toBe(200);
        progress = detail.json.progress;
        return progress.status === 'finished' || progress.status === 'failed';
      },
      60_000,
      250,
    );
    expect(progress).toMatchObject({ status: 'finished', total: CUSTOMERS, remaining: 0, materialized: true });
    expect(progress!.counts.sent).toBe(CUSTOMERS);

    // Exactly once: one outbox row per customer, all sent, each with its own Message-ID.
    const rows = await db.selectFrom('outbox').select(['state', 'message_id', 'address', 'attempts']).where('campaign_id', '=', campaignId).execute();
    expect(rows).toHaveLength(CUSTOMERS);
    expect(rows.map((r) => r.state)).toEqual(Array(CUSTOMERS).fill('sent'));
    expect(new Set(rows.map((r) => r.address)).size).toBe(CUSTOMERS);
    const messageIds = rows.map((r) => r.message_id);
    expect(messageIds.every((id) => typeof id === 'string' && id.length > 0)).toBe(true);
    expect(new Set(messageIds).size).toBe(CUSTOMERS);

    // Delivered by Postfix into Dovecot: each mailbox holds exactly one copy, with the row's Message-ID.
    const byAddress = new Map(rows.map((r) => [r.address, r.message_id]));
    for (let i = 0; i < CUSTOMERS; i += 1) {
      let inbox: Awaited<ReturnType<typeof readInbox>> = [];
      // Postfix hands over to Dovecot asynchronously; wait for the delivery rather than sleeping.
      await waitUntil(async () => (inbox = await readInbox(address(i))).length > 0, 20_000, 200);
      expect(inbox, address(i)).toHaveLength(1);
      expect(inbox[0]!.subject).toBe(`Many machines ${run} for Customer ${i}`);
      expect(inbox[0]!.messageId).toBe(byAddress.get(address(i)));
    }

    // The API reports the shared store and queue it runs on.
    const health = await fetch(`${api}/health`);
    expect(health.status).toBe(200);
    const healthBody = (await health.json()) as { workers: { alive: number } };
    expect(healthBody).toMatchObject({ status: 'ok', store: { ok: true, dialect: 'postgres' }, queue: { ok: true } });
    // Both worker processes record heartbeats in the shared store.
    expect(healthBody.workers.alive).toBeGreaterThanOrEqual(2);

    // The workers are still up, and the API process only queued: the sending happened elsewhere.
    expect(workerPids).toHaveLength(2);
    for (const child of children) expect(child.exitCode).toBeNull();
  }, 90_000);
});

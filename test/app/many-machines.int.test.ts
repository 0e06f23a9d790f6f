// The README's many-machine set-up as real processes: `tidings serve --no-workers` (the API only)
// and two `tidings worker`s (every role), sharing a fresh PostgreSQL schema, one Redis and one
// secret key. Everything is done over the HTTP API: a mail account on the local Postfix/Dovecot,
// a customer, a template, a campaign, started. Once it is sent, the customer answers it over SMTP
// (In-Reply-To/References, quoting it), and the reply must be filed under the customer. Only the
// workers run the inbox pollers, so this fails when no worker takes the inbox role (checked once
// by running the workers with `--roles send,schedule`: the reply is never filed).
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { waitUntil } from '../fixtures/send/harness.js';
import { openSchemaStore } from '../fixtures/send/pg-schema.js';
import { deliverLocally, inboxSources, MAILBOX_PASSWORD } from '../helpers/mailbox.js';
import { firstAdminPassword, servingAddress, stop, tidings, waitForLine } from '../helpers/processes.js';
import { replaceOneTimePassword } from '../helpers/web-server.js';
import { describeWithServices, POSTGRES_URL, REDIS_URL } from '../helpers/services.js';

/** The roles each worker takes (all of them, as `tidings worker` does by default). */
const WORKER_ARGS = ['worker'];

interface TimelineEntry {
  direction: 'in' | 'out';
  id: number;
  campaignId: number | null;
  subject: string | null;
  address: string | null;
  status: string;
}

await describeWithServices(['postgres', 'redis', 'smtp', 'submission', 'imap'], 'many machines: a reply is filed when only the workers run the inbox pollers', () => {
  const run = randomBytes(4).toString('hex');
  const children: ChildProcess[] = [];
  let pg: Awaited<ReturnType<typeof openSchemaStore>> | undefined;
  let dataDir: string | undefined;
  let api: string;
  let token: string;

  beforeAll(async () => {
    pg = await openSchemaStore();
    // The test talks to the service over HTTP only: its own connection is not needed.
    await pg.store.close();
    dataDir = mkdtempSync(join(tmpdir(), 'tidings-roles-'));
    const env = {
      DATABASE_URL: POSTGRES_URL,
      DATABASE_SCHEMA: pg.schema,
      REDIS_URL,
      SEND_QUEUE_PREFIX: `tr-${run}`,
      TIDINGS_SECRET_KEY: randomBytes(32).toString('base64'),
      TIDINGS_ALLOW_PRIVATE_HOSTS: '127.0.0.1/8,::1',
      SEND_SMTP_ALLOW_SELF_SIGNED: '1',
      // New mailboxes are found, and IDLE-less waits end, within a second.
      TIDINGS_INBOX_POLL_SECONDS: '1',
      TIDINGS_DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
    };
    const apiProcess = tidings(['serve', '--no-workers'], { ...env, PORT: '0', LOG_LEVEL: 'info' });
    children.push(apiProcess.child);
    const serving = waitForLine(apiProcess, servingAddress);
    const workers = [0, 1].map(() => tidings(WORKER_ARGS, env));
    children.push(...workers.map((w) => w.child));
    const ready = workers.map((w) => waitForLine(w, (line) => /^worker ready bullmq (\d+)$/.exec(line)?.[1]));
    const [{ value: address, plain }] = await Promise.all([serving, ...ready]);
    if (!address) throw new Error('the API logged no address');
    api = address;

    const login = await fetch(`${api}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      // The printed password is a one-time password: replace it first, as the admin would.
      body: JSON.stringify({ username: 'admin', password: await replaceOneTimePassword(api, 'admin', firstAdminPassword(plain)) }),
    });
    expect(login.status).toBe(200);
    const me = (await login.json()) as { user: { id: number }; csrfToken: string };
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
    const created = await fetch(`${api}/api/tokens`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': me.csrfToken },
      body: JSON.stringify({ userId: me.user.id, name: `roles-${run}` }),
    });
    expect(created.status).toBe(201);
    token = ((await created.json()) as { token: string }).token;
  }, 60_000);

  afterAll(async () => {
    await Promise.all(children.map(stop));
    await pg?.drop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  /** One API call with the bearer token; fails the test on an unexpected status. */
  const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const response = await fetch(`${api}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const json = (await response.json()) as T;
    expect(response.status, `${method} ${path}: ${JSON.stringify(json)}`).toBeLessThan(300);
    return json;
  };

  it('sends a campaign through the workers and files the customer’s reply under the customer', async () => {
    const sales = `roles-sales-${run}@example.test`;
    const customerAddress = `roles-customer-${run}@example.test`;
    const account = await call<{ id: number }>('POST', '/api/accounts', {
      name: `roles-${run}`,
      displayName: 'Tidings Roles',
      email: sales,
      tlsVerify: false,
      smtp: { host: '127.0.0.1', port: 587, security: 'starttls', auth: true, username: sales, password: MAILBOX_PASSWORD },
      incoming: { protocol: 'imap', host: '127.0.0.1', port: 143, security: 'starttls', username: sales, password: MAILBOX_PASSWORD },
    });
    const customer = await call<{ id: number }>('POST', '/api/customers', { name: `Rui Roles ${run}`, emails: [customerAddress] });
    const subject = `Roles ${run}`;
    const template = await call<{ versions: { id: number }[] }>('POST', '/api/templates', {
      name: `roles-${run}`,
      channel: 'email',
      version: { subject, bodyFormat: 'text', body: 'Hello {{customer.displayName}}, the spring tea is in.', isMarketing: false },
    });
    const campaign = await call<{ id: number }>('POST', '/api/campaigns', {
      name: `roles ${run}`,
      mailAccount: account.id,
      templateVersionId: template.versions[0]!.id,
      audience: { customerIds: [customer.id] },
    });
    await call('POST', `/api/campaigns/${campaign.id}/start`, {});

    let status = '';
    await waitUntil(
      async () => {
        status = (await call<{ progress: { status: string } }>('GET', `/api/campaigns/${campaign.id}`)).progress.status;
        return status === 'finished' || status === 'failed';
      },
      60_000,
      250,
    );
    expect(status).toBe('finished');

    // The message as the customer received it (Postfix hands it to Dovecot asynchronously).
    let sent: { messageId?: string | undefined; text?: string | undefined } | undefined;
    await waitUntil(
      async () => {
        const mails = await Promise.all((await inboxSources(customerAddress)).map((source) => simpleParser(source)));
        sent = mails.find((m) => m.subject === subject);
        return sent !== undefined;
      },
      30_000,
      250,
    );
    expect(sent?.messageId).toBeTruthy();
    const quoted = (sent!.text ?? '')
      .trim()
      .split('\n')
      .map((line) => `> ${line}`)
      .join('\n');
    await deliverLocally({
      from: customerAddress,
      to: sales,
      subject: `Re: ${subject}`,
      inReplyTo: sent!.messageId,
      references: sent!.messageId,
      text: `Two boxes, please.\n\n${quoted}`,
    });

    // Filed under the customer, as an answer to the campaign, by whichever worker holds the mailbox.
    let reply: TimelineEntry | undefined;
    await waitUntil(
      async () => {
        const timeline = await call<TimelineEntry[]>('GET', `/api/customers/${customer.id}/timeline`);
        reply = timeline.find((e) => e.direction === 'in');
        return reply !== undefined;
      },
      45_000,
      250,
    ).catch((error: Error) => {
      throw new Error(`the reply was not filed under the customer (does a worker take the inbox role?): ${error.message}`);
    });
    expect(reply).toMatchObject({ subject: `Re: ${subject}`, status: 'reply', campaignId: campaign.id, address: customerAddress });
    expect(await call('GET', `/api/inbox/messages/${reply!.id}`)).toMatchObject({ customerId: customer.id, kind: 'reply' });

    for (const child of children) expect(child.exitCode).toBeNull();

    // Graceful shutdown: on SIGTERM each process stops its roles, closes its connections and
    // ends by itself with 0 (stop() would SIGKILL one that hangs, and the code would be null).
    await Promise.all(children.map(stop));
    expect(children.map((child) => [child.exitCode, child.signalCode])).toEqual(children.map(() => [0, null]));
  }, 150_000);
});

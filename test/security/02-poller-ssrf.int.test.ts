// Issue #16, item 2: the inbox poller and the SMS providers never applied the SSRF guard. An
// account whose server is a loopback address that the allow list does not cover (only ::1 is
// allowed here) is put straight into the store, bypassing any save check, as an old row or a
// direct write would. Polling it, verifying it over the API and sending an SMS through its
// provider endpoint must all be refused with ACCOUNT_HOST_FORBIDDEN, and the listeners sitting on
// those addresses must see no connection at all (no password sent, no request made).
import { randomBytes } from 'node:crypto';
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { assertConsistent, balance, topUp } from '../../src/modules/billing/index.js';
import { createLogger } from '../../src/platform/logger/index.js';
import { inboxServiceFactory, loadIncomingAccount, pollMailbox, readerFor } from '../../src/modules/inbox/index.js';
import { createSmsChannel, processSmsRow, type SmsChannel } from '../../src/modules/sending/channels/index.js';
import { CampaignService, DEFAULT_SEND_SETTINGS, MemoryRateLimiter } from '../../src/modules/sending/index.js';
import { AudienceSource, seedPhoneCustomers, seedSmsTemplate, TWILIO_FROM, TWILIO_SID, TWILIO_TOKEN } from '../fixtures/sms/sms-campaign.seed.js';
import { seedAccount } from '../inbox/seed.js';
import { describeStoreContract } from '../helpers/store-contract.js';
import { useLiveApi } from './harness.js';

/** Only IPv6 loopback is allowed: every listener below sits on 127.0.0.1, outside the list. */
const ALLOW = '::1';
const logger = createLogger({ level: 'silent' });

/** A TCP listener on 127.0.0.1 that greets like a mail server and counts the connections it gets. */
interface Listener {
  readonly port: number;
  connections: number;
  close(): Promise<void>;
}

async function greetingListener(greeting: string): Promise<Listener> {
  const sockets = new Set<Socket>();
  const state = { connections: 0 };
  const server: Server = createServer((socket) => {
    state.connections += 1;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    socket.write(greeting);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    get connections() {
      return state.connections;
    },
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** An HTTP listener on 127.0.0.1 that would answer like Twilio/Aliyun, counting requests. */
async function httpListener(): Promise<{ url: string; requests: () => number; close(): Promise<void> }> {
  let requests = 0;
  const server: HttpServer = createHttpServer((request, response) => {
    requests += 1;
    request.resume();
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ sid: `SM${'0'.repeat(32)}`, status: 'queued', num_segments: '1', Code: 'OK', BizId: '1' }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests: () => requests,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

let imap: Listener;
let pop3: Listener;
let smtp: Listener;
let smpp: Listener;
let http: Awaited<ReturnType<typeof httpListener>>;
beforeAll(async () => {
  [imap, pop3, smtp, smpp, http] = await Promise.all([
    greetingListener('* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] ready\r\n'),
    greetingListener('+OK POP3 ready\r\n'),
    greetingListener('220 mail.attacker.test ESMTP\r\n'),
    greetingListener(''),
    httpListener(),
  ]);
});
afterAll(async () => {
  await Promise.all([imap, pop3, smtp, smpp, http].map((l) => l?.close()));
});

describeStoreContract('security 02: the poller, verify and SMS providers refuse a non-allow-listed loopback host', (store) => {
  const live = useLiveApi(store, { TIDINGS_ALLOW_PRIVATE_HOSTS: ALLOW });
  const run = randomBytes(3).toString('hex');
  const channels: SmsChannel[] = [];
  afterAll(async () => {
    for (const c of channels) await c.close();
  });

  let seeded = 0;
  const mailAccount = async (protocol: 'imap' | 'pop3') => {
    const { context } = live();
    seeded += 1;
    const email = `victim-${protocol}-${seeded}-${run}@example.test`;
    return seedAccount(store().db, {
      name: `victim-${protocol}-${seeded}-${run}`,
      email,
      smtp_host: '127.0.0.1',
      smtp_port: smtp.port,
      smtp_security: 'none',
      incoming_protocol: protocol,
      incoming_host: '127.0.0.1',
      incoming_port: protocol === 'imap' ? imap.port : pop3.port,
      incoming_security: 'none',
      incoming_username: email,
      incoming_password_enc: context.secrets.seal('the-real-mailbox-password'),
    });
  };

  it('one poll of each protocol through the poll path is refused before any connection', async () => {
    const { context } = live();
    for (const protocol of ['imap', 'pop3'] as const) {
      const id = await mailAccount(protocol);
      const account = await loadIncomingAccount(store().db, context.secrets, id);
      const reader = readerFor(account, { guard: { allowPrivateHosts: context.config.TIDINGS_ALLOW_PRIVATE_HOSTS } });
      try {
        await expect(pollMailbox({ db: store().db, reader, accountId: id, softBounceLimit: 3 })).rejects.toMatchObject({ code: 'ACCOUNT_HOST_FORBIDDEN' });
      } finally {
        await reader.close();
      }
    }
    expect(imap.connections).toBe(0);
    expect(pop3.connections).toBe(0);
    expect(await store().db.selectFrom('inbox_messages').select('id').execute()).toEqual([]);
  });

  // The two accounts of the test above are in the store: the service polls every mailbox it finds.
  it("the server's own inbox poller service refuses it too (the password never reaches the listener)", async () => {
    const { context, logs } = live();
    const service = await inboxServiceFactory(context);
    if (!service) throw new Error('the inbox poller service factory made no service');
    await service.start();
    try {
      await expect.poll(() => logs.lines.filter((l) => l.includes('ACCOUNT_HOST_FORBIDDEN')).length).toBeGreaterThanOrEqual(2);
    } finally {
      await service.stop();
    }
    expect(imap.connections).toBe(0);
    expect(pop3.connections).toBe(0);
  });

  it('POST /api/accounts/:id/verify reports ACCOUNT_HOST_FORBIDDEN for both servers and connects to neither', async () => {
    const api = live();
    const admin = await api.actor('admin');
    const id = await mailAccount('imap');
    const reply = await api.request('POST', `/api/accounts/${id}/verify`, { actor: admin, body: {} });
    expect(reply.status).toBe(200);
    const report = reply.body as { ok: boolean; checks: { protocol: string; ok: boolean; error?: { code: string } }[] };
    expect(report.ok).toBe(false);
    expect(report.checks.map((c) => [c.protocol, c.error?.code])).toEqual([
      ['smtp', 'ACCOUNT_HOST_FORBIDDEN'],
      ['imap', 'ACCOUNT_HOST_FORBIDDEN'],
    ]);
    expect(smtp.connections).toBe(0);
    expect(imap.connections).toBe(0);
  });

  it('an SMS campaign whose Twilio API base URL is loopback: refused, nothing requested, no money moved, campaign paused', async () => {
    const { context } = live();
    const { db } = store();
    // Straight into the table, as an old row would be: no save check on the way.
    const now = Date.now();
    const inserted = await db
      .insertInto('sms_accounts')
      .values({
        name: `sms-twilio-${run}`,
        provider: 'twilio',
        credentials_enc: context.secrets.seal(JSON.stringify({ accountSid: TWILIO_SID, authToken: TWILIO_TOKEN })),
        settings: JSON.stringify({ apiBaseUrl: http.url }),
        sender_id: TWILIO_FROM,
        signature: null,
        currency: 'CNY',
        time_zone: 'Asia/Shanghai',
        is_default: 0,
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const accountId = Number(inserted.id);
    await topUp(db, { accountId, idempotencyKey: `topup:${run}`, amountMinor: 100, reference: 'T1', operator: 'finance' });
    const version = await seedSmsTemplate(db);
    const customers = await seedPhoneCustomers(db, ['+8613800000001']);
    const campaigns = new CampaignService({ db, recipients: new AudienceSource(db) });
    const campaign = await campaigns.create({ name: `sms-${run}`, channel: 'sms', smsAccountId: accountId, templateVersionId: version, audience: { customerIds: customers } });
    await campaigns.start(campaign.id);
    // The channel as the send runtime builds it: the allow list from the server's config.
    const sms = createSmsChannel({ db, secrets: context.secrets, logger, guard: { allowPrivateHosts: context.config.TIDINGS_ALLOW_PRIVATE_HOSTS } });
    channels.push(sms);
    const [row] = await db.selectFrom('outbox').selectAll().where('campaign_id', '=', campaign.id).execute();
    const result = await processSmsRow({ db, limiter: new MemoryRateLimiter(), logger, settings: DEFAULT_SEND_SETTINGS, sms }, row!);
    expect(result).toEqual({ kind: 'done', outcome: 'failed' });
    expect(http.requests()).toBe(0);
    const after = await db.selectFrom('outbox').select(['state', 'error_code']).where('id', '=', row!.id).executeTakeFirstOrThrow();
    expect(after).toEqual({ state: 'failed', error_code: 'ACCOUNT_HOST_FORBIDDEN' });
    expect((await campaigns.get(campaign.id)).status).toBe('paused');
    expect((await balance(db, accountId)).balanceMinor).toBe(100);
    expect((await assertConsistent(db, accountId)).ok).toBe(true);
  });

  it('Aliyun endpoint and SMPP host on loopback: each provider refuses before connecting', async () => {
    const { context } = live();
    const { db } = store();
    const now = Date.now();
    const insert = async (name: string, provider: 'aliyun' | 'smpp', credentials: object, settings: object) =>
      Number(
        (
          await db
            .insertInto('sms_accounts')
            .values({
              name,
              provider,
              credentials_enc: context.secrets.seal(JSON.stringify(credentials)),
              settings: JSON.stringify(settings),
              sender_id: '1069',
              signature: '【某某公司】',
              currency: 'CNY',
              time_zone: 'Asia/Shanghai',
              is_default: 0,
              created_at: now,
              updated_at: now,
            })
            .returning('id')
            .executeTakeFirstOrThrow()
        ).id,
      );
    const aliyun = await insert(`sms-aliyun-${run}`, 'aliyun', { accessKeyId: 'id', accessKeySecret: 'secret' }, { endpoint: `${http.url}/`, templateCode: 'SMS_1' });
    const smppId = await insert(`sms-smpp-${run}`, 'smpp', { systemId: 'tidings', password: 'secret' }, { host: '127.0.0.1', port: smpp.port });
    const sms = createSmsChannel({ db, secrets: context.secrets, logger, guard: { allowPrivateHosts: context.config.TIDINGS_ALLOW_PRIVATE_HOSTS } });
    channels.push(sms);
    for (const id of [aliyun, smppId]) {
      const { provider } = await sms.providers.get(id);
      await expect(provider.send({ to: '+8613800000001', text: 'hi', params: { content: 'hi' }, idempotencyKey: `k-${id}` })).rejects.toMatchObject({
        code: 'ACCOUNT_HOST_FORBIDDEN',
      });
    }
    expect(http.requests()).toBe(0);
    expect(smpp.connections).toBe(0);
  });

  it('creating an SMS account whose endpoint is that loopback address is refused with a clear error', async () => {
    const api = live();
    const admin = await api.actor('admin');
    const reply = await api.request('POST', '/api/sms-accounts', {
      actor: admin,
      body: { provider: 'smpp', name: `sms-new-${run}`, credentials: { systemId: 'tidings', password: 'secret' }, settings: { host: '127.0.0.1', port: smpp.port } },
    });
    expect(reply.status).toBe(400);
    expect(reply.text).toContain('ACCOUNT_HOST_FORBIDDEN');
    expect(reply.text).toContain('TIDINGS_ALLOW_PRIVATE_HOSTS');
    expect(await store().db.selectFrom('sms_accounts').select('id').where('name', '=', `sms-new-${run}`).execute()).toEqual([]);
    expect(smpp.connections).toBe(0);
  });
});

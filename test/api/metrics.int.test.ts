import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildApi } from '../../src/http/index.js';
import { topUp } from '../../src/modules/billing/index.js';
import { createInboxService } from '../../src/modules/inbox/index.js';
import { createSendRuntime, type SendRuntime } from '../../src/modules/sending/index.js';
import type { Store } from '../../src/platform/db/index.js';
import { testContext, waitUntil } from '../fixtures/send/harness.js';
import { seedAccount, seedCustomers, seedTemplateVersion } from '../fixtures/send/seed.js';
import { mobile, seedPhoneCustomers, seedSmsTemplate, seedTwilioAccount, TWILIO_SID, TWILIO_TOKEN } from '../fixtures/sms/sms-campaign.seed.js';
import { startTwilioFake, TWILIO_SERVER_ERROR, type TwilioFake } from '../fixtures/sms/twilio-server.js';
import { latestSource } from '../helpers/mailbox.js';
import { seedAccount as seedMailbox } from '../inbox/seed.js';
import { describeWithServices, SERVICES } from '../helpers/services.js';
import { makeSqliteStore } from '../helpers/store-contract.js';
import { bearer, userWithToken } from './api.fixture.js';

const PRICE = 10; // DEFAULT_PRICE_MINOR per SMS part

/** One sample of a Prometheus text exposition, or 0 when the series is absent (a counter never incremented). */
function sample(text: string, name: string, labels: Record<string, string>): number {
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  for (const line of text.split('\n')) {
    const match = /^(\w+)\{([^}]*)\} (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const have = match[2]!.split(',');
    if (wanted.every((pair) => have.includes(pair)) && have.length === wanted.length) return Number(match[3]);
  }
  return 0;
}

await describeWithServices(['smtp', 'imap'], 'metrics: GET /metrics of a listening API counts what its own send pipeline did', () => {
  let store: Store;
  let runtime: SendRuntime;
  let app: FastifyInstance;
  let fake: TwilioFake;
  let url: string;
  let token: string;
  let context: ReturnType<typeof testContext>;
  const run = randomBytes(3).toString('hex');

  beforeAll(async () => {
    store = await makeSqliteStore();
    fake = await startTwilioFake(TWILIO_SID, TWILIO_TOKEN);
    // One context, as `tidings serve` has: the API and the send pipeline share its metrics.
    context = testContext(store);
    runtime = await createSendRuntime(context, { work: true });
    await runtime.start();
    app = await buildApi(context);
    await app.listen({ host: '127.0.0.1', port: 0 });
    url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    ({ token } = await userWithToken(store, 'admin'));
  });
  afterAll(async () => {
    await app?.close();
    await runtime?.close();
    await fake?.close();
    await store?.close();
  });

  const scrape = async () => {
    const response = await fetch(`${url}/metrics`, { headers: bearer(token) });
    expect(response.status).toBe(200);
    return response.text();
  };

  it('counts each email handed to the local Postfix once, under its channel and sending account', async () => {
    const COUNT = 3;
    const { db } = store;
    const account = await seedAccount(db, { port: SERVICES.smtp.port, email: `metrics-${run}@example.test` });
    const labels = { channel: 'email', account: `mail:${account}`, result: 'sent' };
    const before = sample(await scrape(), 'tidings_messages_total', labels);
    const version = await seedTemplateVersion(db);
    const customers = await seedCustomers(db, COUNT, (i) => `m-${run}-${i}@example.test`);
    const campaign = await runtime.campaigns.create({ name: 'metrics', mailAccountId: account, templateVersionId: version, audience: { customerIds: customers } });
    await runtime.campaigns.start(campaign.id);
    await waitUntil(async () => (await runtime.campaigns.get(campaign.id)).status === 'finished', 60_000, 100);
    // Postfix really took them: each mailbox received its message.
    for (let i = 0; i < COUNT; i += 1) await waitUntil(async () => (await latestSource(`m-${run}-${i}@example.test`)) !== undefined, 30_000, 200);

    const text = await scrape();
    expect(sample(text, 'tidings_messages_total', labels) - before).toBe(COUNT);
    expect(sample(text, 'tidings_messages_total', { ...labels, result: 'failed' })).toBe(0);
    expect(sample(text, 'tidings_queue_depth', { channel: 'email' })).toBe(0);
  });

  it('counts SMS outcomes per SMS account and reports its balance and the reservation still held', async () => {
    const { db } = store;
    const account = await seedTwilioAccount(db, context.secrets, { apiBaseUrl: fake.url });
    await topUp(db, { accountId: account.id, idempotencyKey: `topup:${account.id}`, amountMinor: 3 * PRICE, reference: 'T1', operator: 'finance' });
    // The fake answers 500 for this number: the message may have gone, so it is `unknown` and its money stays held.
    const customers = await seedPhoneCustomers(db, [mobile(1), TWILIO_SERVER_ERROR]);
    const version = await seedSmsTemplate(db);
    const campaign = await runtime.campaigns.create({ name: 'metrics-sms', channel: 'sms', smsAccountId: account.id, templateVersionId: version, audience: { customerIds: customers } });
    await runtime.campaigns.start(campaign.id);
    await waitUntil(async () => (await runtime.campaigns.get(campaign.id)).status === 'finished', 60_000, 100);

    const text = await scrape();
    const key = `sms:${account.id}`;
    expect(sample(text, 'tidings_messages_total', { channel: 'sms', account: key, result: 'sent' })).toBe(1);
    expect(sample(text, 'tidings_messages_total', { channel: 'sms', account: key, result: 'unknown' })).toBe(1);
    expect(sample(text, 'tidings_sms_reservations_held', { account: key })).toBe(1);
    expect(sample(text, 'tidings_sms_reserved_minor', { account: key, currency: 'CNY' })).toBe(PRICE);
    // 3 parts' worth topped up, one posted, one held.
    expect(sample(text, 'tidings_sms_balance_minor', { account: key, currency: 'CNY' })).toBe(PRICE);
  });

  it('reports the poller lag of a mailbox this process reads, and forgets it when its poller stops', async () => {
    const user = `lag-${run}@example.test`;
    const accountId = await seedMailbox(store.db, {
      name: `lag-${run}`,
      email: user,
      incoming_protocol: 'imap',
      incoming_host: '127.0.0.1',
      incoming_port: SERVICES.imap.port,
      incoming_security: 'starttls',
      incoming_username: user,
      incoming_password_enc: context.secrets.seal('tidings-test'),
    });
    const labels = { account: `mail:${accountId}` };
    const inbox = createInboxService({
      context,
      metrics: context.metrics,
      settings: { pollSeconds: 60, softBounceLimit: 3, leaseSeconds: 30, maxMessageBytes: 1_000_000 },
      reader: { tls: { rejectUnauthorized: false }, guard: { allowPrivateHosts: '127.0.0.1/8,::1' } },
    });
    expect(await scrape()).not.toContain(`tidings_inbox_poller_lag_seconds{account="mail:${accountId}"}`);
    await inbox.start();
    try {
      // Present once the first read succeeded; small, since that read just happened.
      await expect.poll(async () => (await scrape()).includes(`tidings_inbox_poller_lag_seconds{account="mail:${accountId}"}`)).toBe(true);
      expect(sample(await scrape(), 'tidings_inbox_poller_lag_seconds', labels)).toBeLessThan(60);
    } finally {
      await inbox.stop();
    }
    expect(await scrape()).not.toContain(`tidings_inbox_poller_lag_seconds{account="mail:${accountId}"}`);
  });
});

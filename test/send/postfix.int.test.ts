import { randomBytes } from 'node:crypto';
import Fastify from 'fastify';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { installErrorHandler } from '../../src/http/error-handler.js';
import { unsubscribeRoutes } from '../../src/http/routes/unsubscribe.routes.js';
import { isSuppressed } from '../../src/modules/customers/index.js';
import { createSendRuntime, TRACE_HEADER, UnsubscribeTokens, type SendRuntime } from '../../src/modules/sending/index.js';
import type { Store } from '../../src/platform/db/index.js';
import { makeSqliteStore } from '../helpers/store-contract.js';
import { describeWithServices, SERVICES } from '../helpers/services.js';
import { testContext, waitUntil } from '../fixtures/send/harness.js';
import { seedAccount, seedCustomers, seedTemplateVersion } from '../fixtures/send/seed.js';
import { latestSource } from '../helpers/mailbox.js';

const COUNT = 200;
const PUBLIC_URL = 'https://tidings.example.test';

const fetchLatest = async (address: string) => (await latestSource(address))?.toString('utf8');

await describeWithServices(['smtp', 'imap'], 'send: a campaign to 200 mailboxes on the local Postfix/Dovecot', () => {
  let store: Store;
  let runtime: SendRuntime;
  let context: ReturnType<typeof testContext>;
  const run = randomBytes(3).toString('hex');
  const address = (i: number) => `t-${run}-${i}@example.test`;

  beforeAll(async () => {
    store = await makeSqliteStore();
    context = testContext(store, { TIDINGS_PUBLIC_URL: PUBLIC_URL, SEND_CONCURRENCY: '10' });
    runtime = await createSendRuntime(context, { work: true });
    await runtime.start();
  });
  afterAll(async () => {
    await runtime?.close();
    await store?.close();
  });

  it('delivers every message personalised, with Message-ID, trace and unsubscribe headers; one-click unsubscribes', async () => {
    const { db } = store;
    const signer = UnsubscribeTokens.fromSecrets(context.secrets);
    const unsubscribeToken = (row: { id: number; address: string }) => signer.sign({ id: Number(row.id), channel: 'email', address: row.address });
    const account = await seedAccount(db, { port: SERVICES.smtp.port, email: `sender-${run}@example.test`, plus: true });
    const version = await seedTemplateVersion(db, 'Happy holidays, {{customer.displayName}}', 'Dear {{customer.displayName}}, thank you for this year.');
    await seedCustomers(db, COUNT, address);
    const campaign = await runtime.campaigns.create({ name: 'holidays', mailAccountId: account, templateVersionId: version });
    await runtime.campaigns.start(campaign.id);
    await waitUntil(async () => (await runtime.campaigns.get(campaign.id)).status === 'finished', 60_000, 200);
    const rows = await db
      .selectFrom('outbox')
      .innerJoin('customers', 'customers.id', 'outbox.customer_id')
      .select(['outbox.id', 'outbox.address', 'outbox.state', 'outbox.message_id', 'outbox.reply_token', 'customers.display_name', 'outbox.customer_id'])
      .where('campaign_id', '=', campaign.id)
      .execute();
    expect(rows.filter((r) => r.state === 'sent')).toHaveLength(COUNT);

    // Read every mailbox back over IMAP, ten at a time; Postfix delivers asynchronously.
    const queue = [...rows];
    const check = async () => {
      for (let row = queue.shift(); row; row = queue.shift()) {
        let source: string | undefined;
        await waitUntil(async () => (source = await fetchLatest(row!.address)) !== undefined, 30_000, 250);
        const mail = await simpleParser(source!);
        expect(mail.subject).toBe(`Happy holidays, ${row.display_name}`);
        expect(mail.text).toContain(`Dear ${row.display_name}, thank you`);
        expect(mail.messageId).toBe(row.message_id);
        expect(mail.headers.get(TRACE_HEADER.toLowerCase())).toBe(row.reply_token);
        expect(mail.replyTo?.text).toBe(`sender-${run}+t-${row.reply_token}@example.test`);
        // Long enough to be folded right after the colon: the value may start on the next line.
        const unsubscribe = String(source!.match(/^List-Unsubscribe:[ \t]*(.*(?:\r?\n[ \t].+)*)/m)?.[1] ?? '').replace(/\r?\n[ \t]+/g, ' ');
        expect(unsubscribe).toContain(`<${PUBLIC_URL}/u/${unsubscribeToken(row)}>`);
        expect(unsubscribe).not.toContain(row.reply_token);
        expect(unsubscribe).toContain('<mailto:');
        expect(source).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click/m);
      }
    };
    await Promise.all(Array.from({ length: 10 }, check));

    // One-click: the mail client POSTs to the URL from the header; the address is suppressed at once.
    const app = Fastify();
    installErrorHandler(app);
    await app.register(unsubscribeRoutes, { context });
    const target = rows[0]!;
    // The reply token (quoted back in every reply) is not an unsubscribe credential.
    const old = await app.inject({ method: 'POST', url: `/u/${target.reply_token}` });
    expect(old.statusCode).toBe(404);
    expect(await isSuppressed(db, 'email', target.address)).toBe(false);
    const page = await app.inject({ method: 'GET', url: `/u/${unsubscribeToken(target)}` });
    expect(page.statusCode).toBe(200);
    expect(await isSuppressed(db, 'email', target.address)).toBe(false); // GET only asks
    const click = await app.inject({
      method: 'POST',
      url: `/u/${unsubscribeToken(target)}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'List-Unsubscribe=One-Click',
    });
    expect(click.statusCode).toBe(200);
    expect(await isSuppressed(db, 'email', target.address)).toBe(true);
    const bad = await app.inject({ method: 'POST', url: '/u/aaaaaaaaaaaaaaaaaaaa' });
    expect(bad.statusCode).toBe(404);
    expect(bad.json()).toMatchObject({ error: { code: 'SEND_UNSUBSCRIBE_TOKEN' } });
    await app.close();
  });
});

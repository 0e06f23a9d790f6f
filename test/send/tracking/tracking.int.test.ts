import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { simpleParser, type ParsedMail } from 'mailparser';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildApi } from '../../../src/http/index.js';
import { campaignRoutesWith } from '../../../src/http/routes/campaigns.routes.js';
import { SYSTEM_ACTOR } from '../../../src/modules/accounts/index.js';
import { createSendRuntime, sendOneoff, UnsubscribeTokens, type SendRuntime } from '../../../src/modules/sending/index.js';
import { trackingRoutes } from '../../../src/http/routes/tracking.routes.js';
import type { DatabaseSchema, Store } from '../../../src/platform/db/index.js';
import { bearer, userWithToken } from '../../api/api.fixture.js';
import { testContext, waitUntil } from '../../fixtures/send/harness.js';
import { seedAccount, seedCustomers } from '../../fixtures/send/seed.js';
import { describeWithServices, SERVICES } from '../../helpers/services.js';
import { makeSqliteStore } from '../../helpers/store-contract.js';
import { latestSource } from '../../helpers/mailbox.js';

const PUBLIC_URL = 'https://tidings.example.test';
const SHOP_URL = 'https://shop.example/autumn?utm_source=mail&utm_campaign=autumn';

/** The newest message in `address`'s INBOX, parsed; undefined while it has none. */
async function latestMail(address: string): Promise<ParsedMail | undefined> {
  const source = await latestSource(address);
  return source ? simpleParser(source) : undefined;
}

/** A marketing HTML template (the templates module appends the unsubscribe link). */
async function seedHtmlVersion(db: Kysely<DatabaseSchema>): Promise<number> {
  const now = Date.now();
  const t = await db
    .insertInto('templates')
    .values({ name: `tracked-${randomBytes(4).toString('hex')}`, channel: 'email', builtin: null, current_version: 1, created_at: now, updated_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  const body =
    '<html><body><p>Dear {{customer.displayName}},</p>' +
    `<p>Our <a href="${SHOP_URL.replaceAll('&', '&amp;')}">autumn sale</a> starts today. Questions? <a href="mailto:shop@example.test">Write to us</a>.</p></body></html>`;
  const v = await db
    .insertInto('template_versions')
    .values({ template_id: t.id, version: 1, subject: 'Autumn sale', body_format: 'html', body, text_body: null, attachments: '[]', is_marketing: 1, created_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return v.id;
}

await describeWithServices(['smtp', 'imap'], 'send: open and click tracking through Postfix and Dovecot', () => {
  let store: Store;
  let runtime: SendRuntime;
  let app: FastifyInstance;
  let context: ReturnType<typeof testContext>;
  const run = randomBytes(3).toString('hex');
  const address = (i: number) => `trk-${run}-${i}@example.test`;

  beforeAll(async () => {
    store = await makeSqliteStore();
    context = testContext(store, { TIDINGS_PUBLIC_URL: PUBLIC_URL });
    runtime = await createSendRuntime(context, { work: true });
    await runtime.start();
    app = await buildApi(context, { plugins: [trackingRoutes, campaignRoutesWith({ campaigns: runtime.campaigns })] });
  });
  afterAll(async () => {
    await app?.close();
    await runtime?.close();
    await store?.close();
  });

  it('a tracked campaign carries a pixel and redirect links that count per message; an untracked one is untouched', async () => {
    const { db } = store;
    const account = await seedAccount(db, { port: SERVICES.smtp.port, email: `shop-${run}@example.test` });
    const version = await seedHtmlVersion(db);
    const customers = await seedCustomers(db, 4, address);
    const tracked = await runtime.campaigns.create({
      name: 'autumn (tracked)',
      mailAccountId: account,
      templateVersionId: version,
      audience: { customerIds: customers.slice(0, 3) },
      tracking: true,
    });
    const plain = await runtime.campaigns.create({ name: 'autumn (plain)', mailAccountId: account, templateVersionId: version, audience: { customerIds: [customers[3]!] } });
    await runtime.campaigns.start(tracked.id);
    await runtime.campaigns.start(plain.id);
    for (const id of [tracked.id, plain.id]) await waitUntil(async () => (await runtime.campaigns.get(id)).status === 'finished', 60_000, 200);

    const mails: ParsedMail[] = [];
    for (let i = 0; i < 4; i += 1) {
      let mail: ParsedMail | undefined;
      await waitUntil(async () => (mail = await latestMail(address(i))) !== undefined, 30_000, 250);
      mails.push(mail!);
    }
    const rows = await db.selectFrom('outbox').select(['id', 'address', 'reply_token']).where('campaign_id', '=', tracked.id).orderBy('id').execute();
    expect(rows).toHaveLength(3);

    // What arrived: the shop link goes through /t/c/, the pixel sits before </body>, the rest is as written.
    const pixelOf = (html: string) => html.match(/<img src="https:\/\/tidings\.example\.test(\/t\/o\/[A-Za-z0-9_-]+)" alt="" width="1" height="1"[^>]*><\/body>/)?.[1];
    const clickOf = (html: string) => html.match(/<a href="https:\/\/tidings\.example\.test(\/t\/c\/[A-Za-z0-9_-]+)">autumn sale<\/a>/)?.[1];
    const seen = [];
    for (let i = 0; i < 3; i += 1) {
      const html = String(mails[i]!.html);
      const row = rows.find((r) => r.address === address(i))!;
      expect(pixelOf(html), html).toBeDefined();
      expect(clickOf(html), html).toBeDefined();
      expect(html).toContain('<a href="mailto:shop@example.test">Write to us</a>');
      const unsubscribe = UnsubscribeTokens.fromSecrets(context.secrets).sign({ id: Number(row.id), channel: 'email', address: row.address });
      expect(html).toContain(`<a href="${PUBLIC_URL}/u/${unsubscribe}"`);
      expect(html).not.toContain('shop.example/autumn');
      // The plain-text part keeps the real link: there a tracking URL is all the reader would see.
      expect(mails[i]!.text).toContain('https://shop.example/autumn');
      seen.push({ row, pixel: pixelOf(html)!, click: clickOf(html)! });
    }
    const untracked = String(mails[3]!.html);
    expect(untracked).toContain(`<a href="${SHOP_URL.replaceAll('&', '&amp;')}">autumn sale</a>`);
    expect(untracked).not.toContain('/t/o/');
    expect(untracked).not.toContain('/t/c/');

    // Reader 0 opens twice and clicks; reader 1 clicks without loading images; reader 2 does nothing.
    const [first, second] = seen as [(typeof seen)[0], (typeof seen)[0]];
    for (let k = 0; k < 2; k += 1) {
      const pixel = await app.inject({ url: first.pixel, headers: { 'user-agent': 'Thunderbird/128' } });
      expect(pixel.statusCode).toBe(200);
      expect(pixel.headers['content-type']).toBe('image/gif');
    }
    for (const { click } of [first, second]) {
      const response = await app.inject({ url: click });
      expect(response.statusCode).toBe(302);
      expect(response.headers.location).toBe(SHOP_URL);
    }
    // A different ending, whatever the token ends with (a fixed 'abc' could be its own ending).
    const broken = await app.inject({ url: `${first.click.slice(0, -3)}${first.click.endsWith('abc') ? 'abd' : 'abc'}` });
    expect(broken.statusCode).toBe(404);

    const counters = await db.selectFrom('send_tracking_messages').select(['outbox_id', 'opens', 'clicks']).orderBy('outbox_id').execute();
    expect(counters.map((c) => ({ ...c, outbox_id: Number(c.outbox_id) }))).toEqual([
      { outbox_id: first.row.id, opens: 2, clicks: 1 },
      { outbox_id: second.row.id, opens: 0, clicks: 1 },
    ]);

    // The campaign's totals, through the API's progress, and none on the untracked campaign.
    const { token } = await userWithToken(store, 'marketer');
    const detail = await app.inject({ url: `/api/campaigns/${tracked.id}`, headers: bearer(token) });
    expect(detail.statusCode, detail.body).toBe(200);
    expect(detail.json().progress.tracking).toEqual({ opened: 1, clicked: 2, opens: 2, clicks: 2 });
    const plainDetail = await app.inject({ url: `/api/campaigns/${plain.id}`, headers: bearer(token) });
    expect(plainDetail.json().progress.tracking).toBeUndefined();
    const messages = await app.inject({ url: `/api/campaigns/${tracked.id}/messages`, headers: bearer(token) });
    expect((messages.json().items as { id: number; opens: number; clicks: number }[]).map((m) => [m.opens, m.clicks])).toEqual([
      [2, 1],
      [0, 1],
      [0, 0],
    ]);
  });

  it('one-off emails are untracked unless the sender asks', async () => {
    const { db } = store;
    const account = await seedAccount(db, { port: SERVICES.smtp.port, email: `rep-${run}@example.test` });
    const [customer] = await seedCustomers(db, 1, (i) => `trk-${run}-oneoff-${i}@example.test`);
    const quiet = await sendOneoff(runtime.campaigns, SYSTEM_ACTOR, { message: { subject: 'Hello', text: 'Hi there' }, account, customerIds: [customer!] });
    expect(quiet.campaign.tracking).toBe(0);
    const asked = await sendOneoff(runtime.campaigns, SYSTEM_ACTOR, { message: { subject: 'Hello', text: 'Hi there' }, account, customerIds: [customer!], tracking: true });
    expect(asked.campaign.tracking).toBe(1);
  });
});

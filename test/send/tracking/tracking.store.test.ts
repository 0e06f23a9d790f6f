import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildApi } from '../../../src/http/index.js';
import { PIXEL_GIF, trackingRoutes } from '../../../src/http/routes/tracking.routes.js';
import type { AppContext } from '../../../src/app/index.js';
import { newReplyToken, type Campaign, type ComposedMessage, type MessageComposer, type OutboxRow } from '../../../src/modules/sending/index.js';
import {
  clickTarget,
  EVENT_CAP,
  recordHit,
  registerLinks,
  TrackingComposer,
  TrackingTokens,
  trackingByMessage,
  trackingStats,
} from '../../../src/modules/sending/tracking/index.js';
import type { DatabaseSchema } from '../../../src/platform/db/index.js';
import { testContext } from '../../fixtures/send/harness.js';
import { seedAccount, seedCustomers, seedTemplateVersion } from '../../fixtures/send/seed.js';
import { describeStoreContract } from '../../helpers/store-contract.js';

type Db = Kysely<DatabaseSchema>;
const PUBLIC_URL = 'https://tidings.example.test';

/** A campaign with `n` sent outbox rows, written straight into the store. */
async function seedCampaign(db: Db, options: { n: number; tracking: boolean; kind?: 'bulk' | 'oneoff' }): Promise<{ campaign: Campaign; rows: OutboxRow[] }> {
  const account = await seedAccount(db, { port: 25 });
  const version = await seedTemplateVersion(db);
  const run = randomBytes(4).toString('hex');
  const customers = await seedCustomers(db, options.n, (i) => `trk-${run}-${i}@example.test`);
  const now = Date.now();
  const campaign = await db
    .insertInto('campaigns')
    .values({
      name: `tracked ${run}`,
      channel: 'email',
      kind: options.kind ?? 'bulk',
      mail_account_id: account,
      sms_account_id: null,
      template_version_id: version,
      audience: '{}',
      schedule: null,
      status: 'running',
      status_reason: null,
      tracking: options.tracking ? 1 : 0,
      created_by: null,
      created_at: now,
      started_at: now,
      finished_at: null,
      updated_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  const rows = await db
    .insertInto('outbox')
    .values(
      customers.map((customerId, i) => ({
        campaign_id: campaign.id,
        customer_id: customerId,
        channel: 'email' as const,
        address: `trk-${run}-${i}@example.test`,
        state: 'sent' as const,
        attempts: 1,
        next_attempt_at: null,
        message_id: null,
        reply_token: newReplyToken(),
        error_code: null,
        error_text: null,
        parts: null,
        cost_minor: null,
        created_at: now,
        updated_at: now,
        sent_at: now,
      })),
    )
    .returningAll()
    .execute();
  return { campaign, rows };
}

/** A composer that renders fixed HTML with the row's unsubscribe link, like a marketing template. */
const fixedComposer = (html: (row: OutboxRow) => string): MessageComposer => ({
  async compose(row: OutboxRow): Promise<ComposedMessage> {
    return { subject: 'Sale', text: 'See https://shop.example/sale', html: html(row) };
  },
});

const templateHtml = (row: OutboxRow) =>
  '<html><body><p>Dear customer, <a href="https://shop.example/sale?utm=mail&amp;c=1">our sale</a>, ' +
  `<a href="https://shop.example/u/${row.id}">your page</a>, <a href="mailto:shop@example.test">write</a>, <a href="#top">top</a></p>` +
  `<p><a href="${PUBLIC_URL}/u/${row.reply_token}">退订 Unsubscribe</a></p></body></html>`;

describeStoreContract('open/click tracking in the store', (store) => {
  let context: AppContext;
  let tokens: TrackingTokens;
  let app: FastifyInstance;
  const db = () => store().db;

  beforeAll(async () => {
    context = testContext(store());
    tokens = TrackingTokens.fromSecrets(context.secrets);
    app = await buildApi(context, { plugins: [trackingRoutes] });
  });
  afterAll(() => app?.close());

  it('registers a campaign\'s links once, concurrently, with ids per campaign', async () => {
    const a = await seedCampaign(db(), { n: 1, tracking: true });
    const b = await seedCampaign(db(), { n: 1, tracking: true });
    const urls = ['https://shop.example/1', 'https://shop.example/2', `https://shop.example/${'long/'.repeat(800)}`];
    const results = await Promise.all(Array.from({ length: 8 }, () => registerLinks(db(), a.campaign.id, urls)));
    const first = results[0]!;
    expect([...first.keys()].sort()).toEqual([...urls].sort());
    for (const r of results) expect(r).toEqual(first);
    const count = await db().selectFrom('send_tracking_links').select((eb) => eb.fn.countAll<number>().as('n')).where('campaign_id', '=', a.campaign.id).executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(3);
    const other = await registerLinks(db(), b.campaign.id, [urls[0]!]);
    expect(other.get(urls[0]!)).not.toBe(first.get(urls[0]!));
    // A link id only resolves together with a message of its own campaign.
    expect(await clickTarget(db(), a.rows[0]!.id, first.get(urls[1]!)!)).toEqual({ url: urls[1], campaignId: a.campaign.id });
    expect(await clickTarget(db(), b.rows[0]!.id, first.get(urls[1]!)!)).toBeUndefined();
    expect(await clickTarget(db(), a.rows[0]!.id, 99_999_999)).toBeUndefined();
  });

  it('counts opens and clicks per message, stamps the first of each, and caps the event log', async () => {
    const { campaign, rows } = await seedCampaign(db(), { n: 3, tracking: true });
    const [r1, r2, r3] = rows as [OutboxRow, OutboxRow, OutboxRow];
    const link = (await registerLinks(db(), campaign.id, ['https://shop.example/x'])).get('https://shop.example/x')!;
    await recordHit(db(), { outboxId: r1.id, kind: 'open', at: 1_000, userAgent: `Mail/1.0 ${'x'.repeat(500)}` });
    await Promise.all(Array.from({ length: 5 }, (_, i) => recordHit(db(), { outboxId: r1.id, kind: 'open', at: 2_000 + i })));
    await recordHit(db(), { outboxId: r1.id, kind: 'click', linkId: link, at: 3_000 });
    await recordHit(db(), { outboxId: r2.id, kind: 'click', linkId: link, at: 4_000 });
    await recordHit(db(), { outboxId: r2.id, kind: 'click', linkId: link, at: 5_000 });
    expect(await recordHit(db(), { outboxId: 987_654_321, kind: 'open' })).toBe(false);

    const per = await trackingByMessage(db(), rows.map((r) => r.id));
    expect(per.get(r1.id)).toEqual({ opens: 6, clicks: 1, firstOpenedAt: 1_000, firstClickedAt: 3_000 });
    expect(per.get(r2.id)).toEqual({ opens: 0, clicks: 2, firstOpenedAt: null, firstClickedAt: 4_000 });
    expect(per.has(r3.id)).toBe(false);
    expect(await trackingStats(db(), [campaign.id])).toEqual({ opened: 1, clicked: 2, opens: 6, clicks: 3 });
    expect(await trackingStats(db(), [])).toEqual({ opened: 0, clicked: 0, opens: 0, clicks: 0 });

    const events = await db().selectFrom('send_tracking_events').selectAll().where('outbox_id', '=', r1.id).orderBy('at').execute();
    expect(events.map((e) => e.kind)).toEqual(['open', 'open', 'open', 'open', 'open', 'open', 'click']);
    expect(events[0]!.user_agent).toHaveLength(256);
    expect(Number(events.at(-1)!.link_id)).toBe(link);

    for (let i = 0; i < EVENT_CAP + 5; i += 1) await recordHit(db(), { outboxId: r3.id, kind: 'open', at: 10_000 + i });
    const logged = await db().selectFrom('send_tracking_events').select((eb) => eb.fn.countAll<number>().as('n')).where('outbox_id', '=', r3.id).executeTakeFirstOrThrow();
    expect(Number(logged.n)).toBe(EVENT_CAP);
    expect((await trackingByMessage(db(), [r3.id])).get(r3.id)?.opens).toBe(EVENT_CAP + 5);
  });

  it('composer: rewrites links and adds the pixel on tracked campaigns only; the unsubscribe link stays', async () => {
    const tracked = await seedCampaign(db(), { n: 2, tracking: true });
    const plain = await seedCampaign(db(), { n: 1, tracking: false });
    const oneoff = await seedCampaign(db(), { n: 1, tracking: false, kind: 'oneoff' });
    const composer = new TrackingComposer(fixedComposer(templateHtml), { db: db(), tokens, publicUrl: `${PUBLIC_URL}/` });
    const [row1, row2] = tracked.rows as [OutboxRow, OutboxRow];
    const html1 = (await composer.compose(row1, tracked.campaign)).html!;
    const html2 = (await composer.compose(row2, tracked.campaign)).html!;

    const clicks = [...html1.matchAll(/href="https:\/\/tidings\.example\.test\/t\/c\/([A-Za-z0-9_-]+)"/g)].map((m) => m[1]!);
    expect(clicks).toHaveLength(2);
    const targets = clicks.map((t) => tokens.verify(t));
    expect(targets.every((t) => t?.kind === 'click' && t.outboxId === row1.id)).toBe(true);
    const urls = await Promise.all(targets.map((t) => (t?.kind === 'click' ? clickTarget(db(), row1.id, t.linkId) : undefined)));
    expect(urls.map((u) => u?.url)).toEqual(['https://shop.example/sale?utm=mail&c=1', `https://shop.example/u/${row1.id}`]);
    expect(html1).toContain(`<a href="${PUBLIC_URL}/u/${row1.reply_token}">退订 Unsubscribe</a>`);
    expect(html1).toContain('<a href="mailto:shop@example.test">write</a>, <a href="#top">top</a>');
    const pixel = html1.match(/<img src="https:\/\/tidings\.example\.test\/t\/o\/([A-Za-z0-9_-]+)" alt="" width="1" height="1"[^>]*><\/body><\/html>$/);
    expect(tokens.verify(pixel![1]!)).toEqual({ kind: 'open', outboxId: row1.id });
    // The shared link is one row for the campaign; the personalised one is one per message.
    const links = await db().selectFrom('send_tracking_links').select('url').where('campaign_id', '=', tracked.campaign.id).orderBy('id').execute();
    expect(links.map((l) => l.url)).toEqual(['https://shop.example/sale?utm=mail&c=1', `https://shop.example/u/${row1.id}`, `https://shop.example/u/${row2.id}`]);
    expect(html2).not.toContain(clicks[0]!); // tokens differ per message

    for (const [row, campaign] of [
      [plain.rows[0]!, plain.campaign],
      [oneoff.rows[0]!, oneoff.campaign],
    ] as const) {
      expect((await composer.compose(row, campaign)).html).toBe(templateHtml(row));
    }
    // No public URL: nothing could be fetched, so nothing is rewritten.
    const unreachable = new TrackingComposer(fixedComposer(templateHtml), { db: db(), tokens, publicUrl: undefined });
    expect((await unreachable.compose(row1, tracked.campaign)).html).toBe(templateHtml(row1));
    // A text-only message has nothing to rewrite.
    const textOnly = new TrackingComposer({ compose: async () => ({ subject: 's', text: 'https://shop.example/' }) }, { db: db(), tokens, publicUrl: PUBLIC_URL });
    expect(await textOnly.compose(row1, tracked.campaign)).toEqual({ subject: 's', text: 'https://shop.example/' });
  });

  it('routes: the pixel counts a valid open and answers any token with the GIF; a click redirects to the stored URL', async () => {
    const { campaign, rows } = await seedCampaign(db(), { n: 1, tracking: true });
    const row = rows[0]!;
    const link = (await registerLinks(db(), campaign.id, ['https://shop.example/offer?x=1&y=2'])).get('https://shop.example/offer?x=1&y=2')!;
    const open = tokens.sign({ kind: 'open', outboxId: row.id });
    const click = tokens.sign({ kind: 'click', outboxId: row.id, linkId: link });

    const pixel = await app.inject({ url: `/t/o/${open}`, headers: { 'user-agent': 'TestMail/2' } });
    expect(pixel.statusCode).toBe(200);
    expect(pixel.headers['content-type']).toBe('image/gif');
    expect(pixel.headers['cache-control']).toContain('no-store');
    expect(pixel.rawPayload.equals(PIXEL_GIF)).toBe(true);

    const tampered = `${open.slice(0, -2)}${open.endsWith('AA') ? 'BA' : 'AA'}`;
    for (const bad of [tampered, 'nonsense', click]) {
      const response = await app.inject({ url: `/t/o/${bad}` });
      expect(response.statusCode, bad).toBe(200);
      expect(response.rawPayload.equals(PIXEL_GIF)).toBe(true);
    }
    expect((await app.inject({ method: 'HEAD', url: `/t/o/${open}` })).statusCode).toBe(200);

    const go = await app.inject({ url: `/t/c/${click}` });
    expect(go.statusCode).toBe(302);
    expect(go.headers.location).toBe('https://shop.example/offer?x=1&y=2');
    expect(go.headers['referrer-policy']).toBe('no-referrer');
    // Query strings never steer the redirect.
    const steered = await app.inject({ url: `/t/c/${click}?url=https://evil.example/&to=https://evil.example/` });
    expect(steered.headers.location).toBe('https://shop.example/offer?x=1&y=2');

    const forgedLink = tokens.sign({ kind: 'click', outboxId: row.id, linkId: link + 1_000_000 });
    for (const bad of [`${click.slice(0, -1)}${click.endsWith('A') ? 'B' : 'A'}`, 'x', open, forgedLink, 'A'.repeat(46)]) {
      const response = await app.inject({ url: `/t/c/${bad}` });
      expect(response.statusCode, bad).toBe(404);
      expect(response.headers['content-type']).toContain('text/html');
      expect(response.body).toContain('This link does not work');
    }

    // One open (the HEAD and the bad tokens did not count) and two clicks.
    expect((await trackingByMessage(db(), [row.id])).get(row.id)).toMatchObject({ opens: 1, clicks: 2 });
    const events = await db().selectFrom('send_tracking_events').select(['kind', 'user_agent']).where('outbox_id', '=', row.id).orderBy('id').execute();
    expect(events).toEqual([
      { kind: 'open', user_agent: 'TestMail/2' },
      { kind: 'click', user_agent: 'lightMyRequest' },
      { kind: 'click', user_agent: 'lightMyRequest' },
    ]);
  });
});

import { afterAll, beforeAll, expect, it } from 'vitest';
import { importMessages, inboxSettings } from '../../../src/modules/inbox/index.js';
import { describeStoreContract } from '../../helpers/store-contract.js';
import { campaignHarness, codeOf, unique, type Caller, type CampaignHarness } from './campaigns.harness.js';

const eml = (from: string, subject: string, date: string) =>
  Buffer.from(
    [`From: <${from}>`, 'To: news@example.test', `Subject: ${subject}`, `Message-ID: <${unique()}@example.test>`, `Date: ${date}`, 'MIME-Version: 1.0', 'Content-Type: text/plain', '', 'Hello', ''].join(
      '\r\n',
    ),
  );

describeStoreContract('inbox per campaign routes', (store) => {
  let h: CampaignHarness;
  let marketer: Caller;
  let sales: Caller;
  let spring: number;
  let autumn: number;
  const ids: Record<string, number> = {};

  beforeAll(async () => {
    h = await campaignHarness(store());
    [marketer, sales] = await Promise.all([h.caller('marketer'), h.caller('sales')]);
    const { db } = store();
    const [account, template] = await Promise.all([h.mailAccount(), h.template('email')]);
    const campaign = async (name: string) => {
      const now = Date.now();
      const row = await db
        .insertInto('campaigns')
        .values({ name, channel: 'email', kind: 'bulk', mail_account_id: account, sms_account_id: null, template_version_id: template.versionId, audience: '{}', schedule: null, status: 'finished', status_reason: null, tracking: 0, created_by: null, created_at: now, started_at: now, finished_at: now, updated_at: now })
        .returning('id')
        .executeTakeFirstOrThrow();
      return Number(row.id);
    };
    spring = await campaign(`春节问候 ${unique()}`);
    autumn = await campaign(`Mid-Autumn ${unique()}`);
    const settings = inboxSettings(h.context.config);
    const messages: [string, number, 'reply' | 'bounce' | 'auto-reply', string][] = [
      ['s-reply-1', spring, 'reply', 'Mon, 01 Feb 2027 10:00:00 +0800'],
      ['s-reply-2', spring, 'reply', 'Tue, 02 Feb 2027 10:00:00 +0800'],
      ['s-bounce', spring, 'bounce', 'Wed, 03 Feb 2027 10:00:00 +0800'],
      ['a-auto', autumn, 'auto-reply', 'Fri, 01 Oct 2027 10:00:00 +0800'],
    ];
    for (const [subject, campaignId, kind, date] of messages) {
      await importMessages(db, eml(`${subject}.${unique()}@example.test`, subject, date), settings);
      const row = await db.selectFrom('inbox_messages').select('id').where('subject', '=', subject).executeTakeFirstOrThrow();
      ids[subject] = Number(row.id);
      await db.updateTable('inbox_messages').set({ campaign_id: campaignId, kind, bounce_type: kind === 'bounce' ? 'hard' : null }).where('id', '=', row.id).execute();
    }
    const wang = await h.customer({ name: `王芳 ${unique()}` });
    await db.updateTable('inbox_messages').set({ customer_id: wang }).where('id', '=', ids['s-reply-1']!).execute();
    // A message filed to no campaign is not counted anywhere.
    await importMessages(db, eml(`loose.${unique()}@example.test`, 'loose', 'Sat, 02 Oct 2027 10:00:00 +0800'), settings);
  });
  afterAll(() => h?.app.close());

  it('counts replies, bounces and auto-replies per campaign, newest answer first', async () => {
    const response = await h.call(marketer, 'GET', '/api/inbox/campaigns');
    expect(response.statusCode, response.body).toBe(200);
    const rows = (response.json() as { campaignId: number }[]).filter((r) => r.campaignId === spring || r.campaignId === autumn);
    expect(rows).toEqual([
      expect.objectContaining({ campaignId: autumn, channel: 'email', replies: 0, bounces: 0, autoReplies: 1, unsubscribes: 0, lastAt: Date.parse('2027-10-01T02:00:00Z') }),
      expect.objectContaining({ campaignId: spring, name: expect.stringMatching(/^春节问候/), replies: 2, bounces: 1, autoReplies: 0, lastAt: Date.parse('2027-02-03T02:00:00Z') }),
    ]);
  });

  it("lists one campaign's messages, narrowed by kind", async () => {
    const all = (await h.call(marketer, 'GET', `/api/inbox/campaigns/${spring}/messages`)).json() as { id: number }[];
    expect(all.map((m) => m.id)).toEqual([ids['s-bounce'], ids['s-reply-2'], ids['s-reply-1']]);
    expect(all[2]).toMatchObject({ customerId: expect.any(Number), customerName: expect.stringMatching(/^王芳 /) });
    expect(all[0]).toMatchObject({ customerId: null, customerName: null });
    const bounces = (await h.call(marketer, 'GET', `/api/inbox/campaigns/${spring}/messages?kind=bounce`)).json();
    expect(bounces).toEqual([expect.objectContaining({ id: ids['s-bounce'], kind: 'bounce', bounceType: 'hard', campaignId: spring, subject: 's-bounce' })]);
    expect((await h.call(marketer, 'GET', `/api/inbox/campaigns/${autumn}/messages?kind=reply`)).json()).toEqual([]);
  });

  it('refuses roles without inbox:read and bad queries', async () => {
    expect(codeOf(await h.call(sales, 'GET', '/api/inbox/campaigns'))).toBe('AUTH_FORBIDDEN');
    expect(codeOf(await h.call(sales, 'GET', `/api/inbox/campaigns/${spring}/messages`))).toBe('AUTH_FORBIDDEN');
    expect(codeOf(await h.call(marketer, 'GET', `/api/inbox/campaigns/${spring}/messages?kind=spam`))).toBe('VALIDATION_FAILED');
    expect(codeOf(await h.call(marketer, 'GET', '/api/inbox/campaigns?limit=0'))).toBe('VALIDATION_FAILED');
  });
});

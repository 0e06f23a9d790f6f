// Issue "journeys": the campaign plan (next send, waves per time zone with counts, time to send
// under the account's limits), the campaign defaults (company zone), customer names in results,
// a readable error when the wizard names a mail account as the SMS account, and time left that
// honours the account's rate limit. The server's clock is pinned.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createLogger } from '../../../src/platform/logger/index.js';
import { AudienceRecipientSource, CampaignService, InProcessDispatcher } from '../../../src/modules/sending/index.js';
import { FakeClock } from '../../helpers/clock.js';
import { describeStoreContract } from '../../helpers/store-contract.js';
import { campaignHarness, codeOf, unique, type CampaignHarness, type Caller } from './campaigns.harness.js';

interface Plan {
  next: string | null;
  perZone: boolean;
  recipients: number;
  waves: { zone: string; recipients: number; at: string; localDate: string; localTime: string }[];
  duration: { seconds: number; limitedBy: string; heldByQuietHours: boolean };
}

describeStoreContract('campaign plan routes', (store) => {
  let h: CampaignHarness;
  const clock = new FakeClock(Date.UTC(2026, 11, 7, 6, 0));
  const dispatcher = new InProcessDispatcher({ process: async () => ({ kind: 'done', outcome: 'unused' }), concurrency: 1, logger: createLogger({ level: 'silent' }) });
  let marketer: Caller;
  let slowAccount: number;
  let emailTemplate: { versionId: number };
  let customers: number[];

  beforeAll(async () => {
    const db = store().db;
    const campaigns = new CampaignService({ db, recipients: new AudienceRecipientSource(db, { timeZone: 'Asia/Shanghai', region: 'CN' }), dispatcher, clock });
    h = await campaignHarness(store(), { campaigns });
    // The routes read the clock per request: pin it.
    (h.context as { clock: unknown }).clock = clock;
    marketer = await h.caller('marketer');
    slowAccount = await h.mailAccount();
    await db.updateTable('mail_accounts').set({ limit_per_minute: 2 }).where('id', '=', slowAccount).execute();
    emailTemplate = await h.template('email');
    const zones = ['Asia/Shanghai', 'Asia/Shanghai', 'Asia/Shanghai', 'Europe/Berlin', null];
    customers = [];
    for (const [i, zone] of zones.entries()) {
      const id = await h.customer({ email: `w${i}-${unique()}@example.test`, name: `客户${i}号` });
      await db.updateTable('customers').set({ time_zone: zone }).where('id', '=', id).execute();
      customers.push(id);
    }
  });
  afterAll(async () => {
    await h?.app.close();
    await dispatcher.close();
  });

  const holidayOnce = { kind: 'holiday', holiday: 'spring-festival', time: '09:00', everyYear: false, year: 2027, localPerRecipient: true };

  it('POST /api/campaigns/plan: the next send and a wave per zone with counts (no zone → the default zone)', async () => {
    const response = await h.call(marketer, 'POST', '/api/campaigns/plan', { channel: 'email', mailAccount: slowAccount, audience: { customerIds: customers }, schedule: holidayOnce });
    expect(response.statusCode, response.body).toBe(200);
    const plan = response.json() as Plan;
    expect(plan).toMatchObject({ next: '2027-02-06T01:00:00.000Z', perZone: true, recipients: 5 });
    expect(plan.waves.map((w) => [w.zone, w.recipients, w.at, `${w.localDate} ${w.localTime}`])).toEqual([
      ['Asia/Shanghai', 4, '2027-02-06T01:00:00.000Z', '2027-02-06 09:00'],
      ['Europe/Berlin', 1, '2027-02-06T08:00:00.000Z', '2027-02-06 09:00'],
    ]);
    // 4 messages at 2 a minute: the second pair a minute after the first.
    expect(plan.duration).toMatchObject({ seconds: 60, limitedBy: 'account' });
  });

  it('GET /api/campaigns/{id}/plan: the same for a saved campaign; a past one-off has no next send', async () => {
    const created = await h.call(marketer, 'POST', '/api/campaigns', { name: `plan-${unique()}`, mailAccount: slowAccount, templateVersionId: emailTemplate.versionId, audience: { customerIds: customers }, schedule: holidayOnce });
    expect(created.statusCode, created.body).toBe(201);
    const id = (created.json() as { id: number }).id;
    const plan = (await h.call(marketer, 'GET', `/api/campaigns/${id}/plan`)).json() as Plan;
    expect(plan.next).toBe('2027-02-06T01:00:00.000Z');
    expect(plan.waves.map((w) => [w.zone, w.recipients])).toEqual([['Asia/Shanghai', 4], ['Europe/Berlin', 1]]);
    const past = await h.call(marketer, 'POST', '/api/campaigns/plan', { channel: 'email', audience: { customerIds: customers }, schedule: { ...holidayOnce, year: 2026 } });
    expect((past.json() as Plan)).toMatchObject({ next: null, waves: [] });
  });

  it("GET /api/campaigns/defaults: the company's time zone", async () => {
    const response = await h.call(marketer, 'GET', '/api/campaigns/defaults');
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toEqual({ timeZone: 'Asia/Shanghai' });
  });

  it('a mail account named as the SMS account is refused with a message that says what to do', async () => {
    const sms = await h.template('sms');
    await h.smsAccount();
    const response = await h.call(marketer, 'POST', '/api/campaigns/estimate', { smsAccount: 999_999, templateVersionId: sms.versionId, audience: { customerIds: customers } });
    expect([response.statusCode, codeOf(response)]).toEqual([404, 'NOT_FOUND']);
    const message = (response.json() as { error: { message: string } }).error.message;
    expect(message).toMatch(/SMS account chosen for this campaign/);
    expect(message).toMatch(/pick an SMS account/);
  });

  it('results name the customers, with their time zone; time left is paced by the account limit', async () => {
    const created = await h.call(marketer, 'POST', '/api/campaigns', { name: `names-${unique()}`, mailAccount: slowAccount, templateVersionId: emailTemplate.versionId, audience: { customerIds: customers } });
    const id = (created.json() as { id: number }).id;
    const started = await h.call(marketer, 'POST', `/api/campaigns/${id}/start`);
    expect(started.statusCode, started.body).toBe(200);
    // Nothing sent yet: 5 left at 2 a minute is 2 minutes, not "unknown".
    expect(started.json()).toMatchObject({ remaining: 5, etaSeconds: 120 });
    const page = (await h.call(marketer, 'GET', `/api/campaigns/${id}/messages`)).json() as { items: { customerId: number; customerName: string; customerTimeZone: string }[] };
    expect(page.items.map((m) => [m.customerName, m.customerTimeZone])).toEqual([
      ['客户0号', 'Asia/Shanghai'],
      ['客户1号', 'Asia/Shanghai'],
      ['客户2号', 'Asia/Shanghai'],
      ['客户3号', 'Europe/Berlin'],
      ['客户4号', 'Asia/Shanghai'],
    ]);
  });
});

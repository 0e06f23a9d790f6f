import { afterAll, beforeAll, expect, it } from 'vitest';
import { createSmsAccount } from '../../../src/modules/accounts/index.js';
import { setPrice, topUp } from '../../../src/modules/billing/index.js';
import { installBuiltins, TemplateRepository } from '../../../src/modules/templates/index.js';
import { FakeClock } from '../../helpers/clock.js';
import { describeStoreContract } from '../../helpers/store-contract.js';
import { MORNING, seedBirthdayCustomer } from '../../reminders/reminders.fixture.js';
import { campaignHarness, codeOf, unique, type CampaignHarness } from './campaigns.harness.js';

interface OverviewBody {
  today: string;
  holidays: { key: string; inDays: number; campaigns: { id: number }[] | null; greeting: { path: string } | null; warnings: unknown[] }[];
  birthdays: { daysAhead: number; items: { customerId: number; greeting: { templateId: number | null; path: string } | null }[] } | null;
  campaigns: { id: number; status: string; statusReason: string | null; nextAt: string | null; warnings: unknown[] }[] | null;
  inbox: { mineUnread: number; unfiled: number | null } | null;
  sms: { accounts: { smsAccountId: number; balanceMinor: number; neededMinor: number; shortMinor: number; topUpBy: string | null; campaigns: { sends: number; costMinor: number }[] }[] } | null;
}

const DAY = 86_400_000;

describeStoreContract('GET /api/overview and /api/me/settings', (store) => {
  let h: CampaignHarness;
  const clock = new FakeClock(MORNING); // 2027-03-01 08:00 Asia/Shanghai
  beforeAll(async () => {
    h = await campaignHarness(store());
    // The routes read the process clock per request: this overview is on 1 March 2027.
    Object.assign(h.context, { clock });
    await installBuiltins(new TemplateRepository({ db: store().db }));
  });
  afterAll(() => h?.app.close());

  it('gives each role only the sections it may open, with its own birthdays and greeting links', async () => {
    const sales = await h.caller('sales');
    const marketer = await h.caller('marketer');
    const finance = await h.caller('finance');
    const readonly = await h.caller('readonly');
    const mine = await seedBirthdayCustomer(store().db, { name: '李雷', owner: sales.username, month: 3, day: 3 });
    const unowned = await seedBirthdayCustomer(store().db, { name: '韩梅梅', owner: null, month: 3, day: 5 });

    const get = async (who: typeof sales) => {
      const response = await h.call(who, 'GET', '/api/overview');
      expect(response.statusCode, response.body).toBe(200);
      return response.json() as OverviewBody;
    };
    const s = await get(sales);
    expect(s.today).toBe('2027-03-01');
    expect(s.birthdays?.items.map((b) => b.customerId)).toEqual([mine]);
    expect(s.birthdays?.items[0]?.greeting?.path).toMatch(new RegExp(`^/customers/${mine}\\?compose=1&template=\\d+$`));
    expect([s.campaigns, s.sms]).toEqual([null, null]);
    expect(s.inbox).toEqual({ mineUnread: 0, unfiled: null });
    expect(s.holidays[0]).toMatchObject({ key: 'womens-day', inDays: 7, campaigns: null, warnings: [] });

    const m = await get(marketer);
    expect(m.birthdays?.items.map((b) => b.customerId)).toEqual([unowned]);
    expect(m.campaigns).toEqual([]);
    expect(m.sms).toBeNull();
    expect(m.inbox).toEqual({ mineUnread: 0, unfiled: 0 });

    const f = await get(finance);
    expect([f.birthdays, f.inbox]).toEqual([null, null]);
    expect(f.sms).toEqual({ accounts: [], notCounted: [] });
    expect(f.holidays[0]?.greeting).toBeNull();

    // Read-only sees the birthdays it may read, but no greeting to send.
    const r = await get(readonly);
    expect(r.birthdays?.items.map((b) => b.greeting)).toEqual([null]);
  });

  it('lists campaigns running, scheduled (next send) and paused (why), marks the holiday a campaign is scheduled for, and says how much SMS to top up by when', async () => {
    const marketer = await h.caller('marketer');
    const finance = await h.caller('finance');
    const account = await h.smsAccount('aliyun');
    await setPrice(store().db, { accountId: account.id, priceMinor: 45 }); // 0.045 yuan a part
    await topUp(store().db, { accountId: account.id, idempotencyKey: `t-${unique()}`, amountMinor: 100, reference: 'bank-1', operator: 'test' });
    const phones = await Promise.all(['+8613800138001', '+8613800138002'].map((phone) => h.customer({ phone })));
    const template = await h.template('sms', '您好，节日快乐。');
    const sms = (name: string, schedule: Record<string, unknown>) =>
      h.call(marketer, 'POST', '/api/campaigns', { name, channel: 'sms', smsAccount: account.name, template: template.name, audience: { customerIds: phones }, schedule });
    // Two sends in the next 30 days: 2 recipients × 1 part × 45 厘 = 90 厘 each, 180 against a balance of 100.
    const first = await sms('womens-day sms', { kind: 'holiday', holiday: 'womens-day', time: '09:00' });
    expect(first.statusCode, first.body).toBe(201);
    const second = await sms('spring sale', { kind: 'at', at: new Date(MORNING + 10 * DAY).toISOString() });
    expect(second.statusCode, second.body).toBe(201);
    const far = await sms('later', { kind: 'at', at: new Date(MORNING + 40 * DAY).toISOString() });
    const paused = await sms('to pause', { kind: 'at', at: new Date(MORNING + 20 * DAY).toISOString() });
    const pausedId = (paused.json() as { id: number }).id;
    expect((await h.call(marketer, 'POST', `/api/campaigns/${pausedId}/pause`)).statusCode).toBe(200);

    const overview = (await h.call(finance, 'GET', '/api/overview')).json() as OverviewBody;
    const firstId = (first.json() as { id: number }).id;
    expect(overview.holidays.find((x) => x.key === 'womens-day')?.campaigns?.map((c) => c.id)).toEqual([firstId]);
    const listed = new Map(overview.campaigns?.map((c) => [c.id, c]));
    expect(listed.get(firstId)).toMatchObject({ status: 'scheduled', nextAt: '2027-03-08T01:00:00.000Z', statusReason: null, warnings: [] });
    expect(listed.get(pausedId)).toMatchObject({ status: 'paused', statusReason: `paused by ${marketer.username}`, nextAt: null });
    expect(listed.has((far.json() as { id: number }).id)).toBe(true);
    expect(overview.sms?.accounts).toEqual([
      {
        smsAccountId: account.id,
        name: account.name,
        currency: 'CNY',
        balanceMinor: 100,
        neededMinor: 180,
        shortMinor: 80,
        // The first send (妇女节, 90 厘) fits; the second (10 days on) does not.
        topUpBy: '2027-03-11',
        // Soonest send first.
        campaigns: [
          { id: firstId, name: 'womens-day sms', sends: 1, costMinor: 90 },
          { id: (second.json() as { id: number }).id, name: 'spring sale', sends: 1, costMinor: 90 },
        ],
      },
    ]);
  });

  it("warns on the holiday and on its campaign when the SMS template is not approved by the provider yet", async () => {
    const marketer = await h.caller('marketer');
    // A sandbox account reviews templates like Aliyun and has no legacy template code to fall back on.
    const account = await createSmsAccount(store().db, h.context.secrets, { name: `sandbox-${unique()}`, provider: 'sandbox', credentials: {}, signature: '某某公司' });
    const template = await h.template('sms', '妇女节快乐！');
    // Scheduled before the rule (or while the account had a legacy code): written as stored.
    const row = await store()
      .db.insertInto('campaigns')
      .values({ name: '妇女节问候', channel: 'sms', kind: 'bulk', mail_account_id: null, sms_account_id: account.id, template_version_id: template.versionId, audience: '{}', schedule: JSON.stringify({ kind: 'holiday', holiday: 'womens-day', time: '09:00' }), status: 'scheduled', status_reason: null, tracking: 0, created_by: null, created_at: 0, started_at: null, finished_at: null, updated_at: 0 } as never)
      .returning('id')
      .executeTakeFirstOrThrow();
    const overview = (await h.call(marketer, 'GET', '/api/overview')).json() as OverviewBody;
    const warning = { code: 'sms-template-missing', message: '妇女节 in 7 days, template not submitted for approval', messageZh: '妇女节还有 7 天，模板尚未提交审核' };
    expect(overview.holidays.find((x) => x.key === 'womens-day')?.warnings).toEqual([warning]);
    expect(overview.campaigns?.find((c) => c.id === Number(row.id))?.warnings).toEqual([warning]);
  });

  it('lets anyone set their own email and digest options, refusing bad ones, and says when no digest goes out', async () => {
    const sales = await h.caller('sales');
    const before = await h.call(sales, 'GET', '/api/me/settings');
    expect(before.json()).toMatchObject({ email: null, reminders: { digestEnabled: true, daysAhead: 7, sendTime: '08:00', timeZone: null, language: null }, digest: { status: 'no-email', last: null, noDefaultMailbox: true } });
    const saved = await h.call(sales, 'PATCH', '/api/me/settings', { email: 'rep@example.test', reminders: { daysAhead: 3, sendTime: '07:30', language: 'en' } });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json()).toMatchObject({ email: 'rep@example.test', reminders: { daysAhead: 3, sendTime: '07:30', language: 'en' }, effective: { language: 'en' }, digest: { status: 'on' } });
    const bad = await h.call(sales, 'PATCH', '/api/me/settings', { reminders: { daysAhead: 100 } });
    expect([bad.statusCode, codeOf(bad)]).toEqual([400, 'VALIDATION_FAILED']);
    const badEmail = await h.call(sales, 'PATCH', '/api/me/settings', { email: 'nope' });
    expect([badEmail.statusCode, codeOf(badEmail)]).toEqual([400, 'VALIDATION_FAILED']);
    // Someone else's settings are not reachable: the route is always the caller's own.
    const other = await h.caller('marketer');
    expect(((await h.call(other, 'GET', '/api/me/settings')).json() as { email: string | null }).email).toBeNull();
    // An admin sets it on the Users screen.
    const admin = await h.caller('admin');
    const patched = await h.call(admin, 'PATCH', `/api/users/${other.userId}`, { email: 'mk@example.test' });
    expect([patched.statusCode, (patched.json() as { email: string }).email]).toEqual([200, 'mk@example.test']);
  });
});

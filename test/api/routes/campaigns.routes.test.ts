import { afterAll, beforeAll, expect, it } from 'vitest';
import { setPrice, topUp } from '../../../src/modules/billing/index.js';
import { suppress } from '../../../src/modules/customers/index.js';
import { createLogger } from '../../../src/platform/logger/index.js';
import { AudienceRecipientSource, CampaignService, InProcessDispatcher, messageIdFor } from '../../../src/modules/sending/index.js';
import { describeStoreContract } from '../../helpers/store-contract.js';
import { campaignHarness, codeOf, unique, type CampaignHarness, type Caller } from './campaigns.harness.js';

interface Progress {
  status: string;
  total: number;
  remaining: number;
  counts: Record<string, number>;
  etaSeconds: number | null;
  materialized: boolean;
}
interface CampaignBody {
  id: number;
  status: string;
  kind: string;
  channel: string;
  schedule: Record<string, unknown> | null;
  audience: Record<string, unknown>;
  mailAccountId: number | null;
  smsAccountId: number | null;
  templateVersionId: number;
  createdBy: string | null;
  progress?: Progress;
}

describeStoreContract('campaign routes', (store) => {
  let h: CampaignHarness;
  // A queue whose workers run elsewhere: started campaigns' rows are handed to it, nothing is sent here.
  const dispatcher = new InProcessDispatcher({ process: async () => ({ kind: 'done', outcome: 'unused' }), concurrency: 1, logger: createLogger({ level: 'silent' }) });
  let marketer: Caller;
  let finance: Caller;
  let readonly: Caller;
  let mailAccount: number;
  let emailTemplate: { id: number; name: string; versionId: number };
  let smsTemplate: { id: number; name: string; versionId: number };

  beforeAll(async () => {
    const db = store().db;
    const campaigns = new CampaignService({ db, recipients: new AudienceRecipientSource(db, { timeZone: 'Asia/Shanghai', region: 'CN' }), dispatcher });
    h = await campaignHarness(store(), { campaigns });
    [marketer, finance, readonly] = await Promise.all([h.caller('marketer'), h.caller('finance'), h.caller('readonly')]);
    mailAccount = await h.mailAccount();
    emailTemplate = await h.template('email');
    smsTemplate = await h.template('sms');
  });
  afterAll(async () => {
    await h?.app.close();
    await dispatcher.close();
  });

  const create = (caller: Caller, body: Record<string, unknown>) =>
    h.call(caller, 'POST', '/api/campaigns', { name: `c-${unique()}`, mailAccount, templateVersionId: emailTemplate.versionId, ...body });

  it('creates a draft by template name (current version) or version id; shows it with zero progress; lists by status', async () => {
    const customer = await h.customer({ email: `a-${unique()}@example.test` });
    const byName = await create(marketer, { templateVersionId: undefined, template: emailTemplate.name, audience: { customerIds: [customer] } });
    expect(byName.statusCode, byName.body).toBe(201);
    const campaign = byName.json() as CampaignBody;
    expect(campaign).toMatchObject({ status: 'draft', kind: 'bulk', channel: 'email', mailAccountId: mailAccount, templateVersionId: emailTemplate.versionId, schedule: null, audience: { customerIds: [customer] } });
    expect(campaign.createdBy).toBe(marketer.username);

    const shown = await h.call(readonly, 'GET', `/api/campaigns/${campaign.id}`);
    expect(shown.statusCode, shown.body).toBe(200);
    expect((shown.json() as CampaignBody).progress).toMatchObject({ status: 'draft', total: 0, remaining: 0, etaSeconds: 0, materialized: false, counts: { queued: 0, sent: 0 } });

    const drafts = (await h.call(finance, 'GET', '/api/campaigns?status=draft')).json() as CampaignBody[];
    expect(drafts.map((c) => c.id)).toContain(campaign.id);
    const running = (await h.call(finance, 'GET', '/api/campaigns?status=running')).json() as CampaignBody[];
    expect(running.map((c) => c.id)).not.toContain(campaign.id);
    expect((await h.call(readonly, 'GET', '/api/campaigns/999999')).statusCode).toBe(404);
  });

  it('validation: schedule and filter errors carry their module codes and say what to fix; template choice and channel are checked', async () => {
    const cases: { name: string; body: Record<string, unknown>; status: number; code: string; says?: RegExp }[] = [
      { name: 'bad schedule kind', body: { schedule: { kind: 'sometime' } }, status: 400, code: 'SCHEDULE_INVALID', says: /kind/ },
      { name: 'bad schedule time', body: { schedule: { kind: 'holiday', holiday: 'mid-autumn', time: '25:00' } }, status: 400, code: 'SCHEDULE_INVALID', says: /time: expected a wall-clock time/ },
      { name: 'bad filter', body: { audience: { filter: { field: 'birthday', op: 'explodes' } } }, status: 400, code: 'CUSTOMER_FILTER_INVALID' },
      { name: 'list file path (server files are not for the API)', body: { audience: { listFile: '/etc/passwd' } }, status: 400, code: 'VALIDATION_FAILED', says: /listFile/ },
      { name: 'both template choices', body: { template: emailTemplate.name }, status: 400, code: 'VALIDATION_FAILED', says: /either templateVersionId or template/ },
      { name: 'no template', body: { templateVersionId: undefined }, status: 400, code: 'VALIDATION_FAILED' },
      { name: 'sms template on an email campaign', body: { templateVersionId: smsTemplate.versionId }, status: 409, code: 'TEMPLATE_CHANNEL_MISMATCH' },
      { name: 'unknown template', body: { templateVersionId: undefined, template: `nope-${unique()}` }, status: 404, code: 'NOT_FOUND' },
      { name: 'unknown account', body: { mailAccount: `nope-${unique()}` }, status: 404, code: 'NOT_FOUND' },
      { name: 'CR/LF in the name', body: { name: 'a\r\nBcc: x@example.test' }, status: 400, code: 'VALIDATION_FAILED', says: /body\.name/ },
      { name: 'unknown field', body: { priority: 'high' }, status: 400, code: 'VALIDATION_FAILED', says: /priority/ },
      { name: 'wrong channel', body: { channel: 'fax' }, status: 400, code: 'VALIDATION_FAILED', says: /body\.channel/ },
    ];
    for (const c of cases) {
      const response = await create(marketer, c.body);
      expect([response.statusCode, codeOf(response)], `${c.name}: ${response.body}`).toEqual([c.status, c.code]);
      if (c.says) expect((response.json() as { error: { message: string } }).error.message, c.name).toMatch(c.says);
    }
  });

  it('roles: finance and read-only can look but not create or control; sales cannot even list', async () => {
    const sales = await h.caller('sales');
    expect([(await create(finance, {})).statusCode, codeOf(await create(finance, {}))]).toEqual([403, 'AUTH_FORBIDDEN']);
    expect((await create(readonly, {})).statusCode).toBe(403);
    expect((await h.call(sales, 'GET', '/api/campaigns')).statusCode).toBe(403);
    const campaign = (await create(marketer, {})).json() as CampaignBody;
    for (const verb of ['start', 'pause', 'resume', 'cancel', 'resend-unknown']) {
      const denied = await h.call(finance, 'POST', `/api/campaigns/${campaign.id}/${verb}`);
      expect([denied.statusCode, codeOf(denied)], verb).toEqual([403, 'AUTH_FORBIDDEN']);
    }
    expect((await h.call(finance, 'GET', `/api/campaigns/${campaign.id}/messages`)).statusCode).toBe(200);
  });

  it('start → pause → resume → cancel with progress; per-message list pages, filters by state, never shows reply tokens', async () => {
    const domain = `d${unique()}.example.test`;
    const customers: number[] = [];
    // One after another: ids (and so outbox rows) in address order.
    for (const i of [1, 2, 3, 4, 5]) customers.push(await h.customer({ email: `p${i}@${domain}` }));
    const noEmail = await h.customer({ phone: '+8613800138000' });
    await suppress(store().db, { channel: 'email', value: `p5@${domain}`, scope: 'address', reason: 'unsubscribed', detail: null });
    const campaign = (await create(marketer, { audience: { customerIds: [...customers, noEmail] } })).json() as CampaignBody;

    const backlogBefore = await dispatcher.backlog();
    const started = await h.call(marketer, 'POST', `/api/campaigns/${campaign.id}/start`);
    expect(started.statusCode, started.body).toBe(200);
    // Suppressed and address-less customers never get a row.
    expect(started.json()).toMatchObject({ status: 'running', total: 4, remaining: 4, materialized: true, counts: { queued: 4, sent: 0 } });
    expect(await dispatcher.backlog()).toBe(backlogBefore + 4);
    // Starting again never adds rows (the send module either refuses or just reports).
    const again = await h.call(marketer, 'POST', `/api/campaigns/${campaign.id}/start`);
    expect([200, 409], again.body).toContain(again.statusCode);
    expect((await h.call(readonly, 'GET', `/api/campaigns/${campaign.id}`)).json()).toMatchObject({ progress: { total: 4 } });

    // What a worker would have written for the first row: sent with our Message-ID.
    const rows = await store().db.selectFrom('outbox').selectAll().where('campaign_id', '=', campaign.id).orderBy('id').execute();
    const first = rows[0]!;
    await store()
      .db.updateTable('outbox')
      .set({ state: 'sent', attempts: 1, sent_at: Date.now(), message_id: messageIdFor(first.reply_token, `x@${domain}`) })
      .where('id', '=', first.id)
      .execute();

    const paused = await h.call(marketer, 'POST', `/api/campaigns/${campaign.id}/pause`);
    expect(paused.json()).toMatchObject({ status: 'paused', counts: { sent: 1, queued: 3 } });
    expect((paused.json() as { statusReason: string }).statusReason).toContain(marketer.username);
    const pausedTwice = await h.call(marketer, 'POST', `/api/campaigns/${campaign.id}/pause`);
    expect([pausedTwice.statusCode, codeOf(pausedTwice)]).toEqual([409, 'SEND_CAMPAIGN_STATE']);
    expect((await h.call(marketer, 'POST', `/api/campaigns/${campaign.id}/resume`)).json()).toMatchObject({ status: 'running', remaining: 3 });

    const page1 = await h.call(readonly, 'GET', `/api/campaigns/${campaign.id}/messages?limit=3`);
    expect(page1.statusCode, page1.body).toBe(200);
    const p1 = page1.json() as { items: { id: number; customerId: number; address: string; state: string; attempts: number; messageId: string | null; sentAt: number | null }[]; nextAfter: number | null };
    expect(p1.items).toHaveLength(3);
    expect(p1.nextAfter).toBe(p1.items[2]!.id);
    expect(p1.items[0]).toMatchObject({ customerId: customers[0], address: `p1@${domain}`, state: 'sent', attempts: 1, messageId: `<tid.••••@${domain}>` });
    expect(p1.items[0]!.sentAt).toEqual(expect.any(Number));
    const p2 = (await h.call(readonly, 'GET', `/api/campaigns/${campaign.id}/messages?limit=3&after=${p1.nextAfter}`)).json() as typeof p1;
    expect(p2.items.map((i) => i.address)).toEqual([`p4@${domain}`]);
    expect(p2.nextAfter).toBeNull();
    const sentOnly = (await h.call(readonly, 'GET', `/api/campaigns/${campaign.id}/messages?state=sent`)).json() as typeof p1;
    expect(sentOnly.items.map((i) => i.customerId)).toEqual([customers[0]]);
    const everything = JSON.stringify([p1, p2]);
    for (const row of rows) expect(everything).not.toContain(row.reply_token);
    expect(everything).not.toMatch(/reply_?token/i);

    const cancelled = await h.call(marketer, 'POST', `/api/campaigns/${campaign.id}/cancel`);
    expect(cancelled.json()).toMatchObject({ status: 'cancelled', remaining: 0, counts: { sent: 1, cancelled: 3, queued: 0 } });
    const resumeCancelled = await h.call(marketer, 'POST', `/api/campaigns/${campaign.id}/resume`);
    expect([resumeCancelled.statusCode, codeOf(resumeCancelled)]).toEqual([409, 'SEND_CAMPAIGN_STATE']);
    const resend = await h.call(marketer, 'POST', `/api/campaigns/${campaign.id}/resend-unknown`);
    expect([resend.statusCode, codeOf(resend)]).toEqual([409, 'SEND_CAMPAIGN_STATE']);

    const badQuery = await h.call(readonly, 'GET', `/api/campaigns/${campaign.id}/messages?state=lost&limit=0`);
    expect([badQuery.statusCode, codeOf(badQuery)]).toEqual([400, 'VALIDATION_FAILED']);
    expect((await h.call(readonly, 'GET', '/api/campaigns/999999/messages')).statusCode).toBe(404);
  });

  it('resend-unknown requeues the rows whose outcome is unknown and reopens a finished campaign', async () => {
    const customer = await h.customer({ email: `u-${unique()}@example.test` });
    const campaign = (await create(marketer, { audience: { customerIds: [customer] } })).json() as CampaignBody;
    await h.call(marketer, 'POST', `/api/campaigns/${campaign.id}/start`);
    await store().db.updateTable('outbox').set({ state: 'unknown' }).where('campaign_id', '=', campaign.id).execute();
    await store().db.updateTable('campaigns').set({ status: 'finished', finished_at: Date.now() }).where('id', '=', campaign.id).execute();
    const resend = await h.call(marketer, 'POST', `/api/campaigns/${campaign.id}/resend-unknown`);
    expect(resend.statusCode, resend.body).toBe(200);
    expect(resend.json()).toMatchObject({ requeued: 1, progress: { status: 'running', counts: { queued: 1, unknown: 0 } } });
  });

  it('a schedule arms the campaign at once (status scheduled, started by the scheduler); "now" means a draft started by hand', async () => {
    const schedule = { kind: 'holiday', holiday: 'mid-autumn', time: '09:00' };
    const created = await create(marketer, { schedule });
    expect(created.statusCode, created.body).toBe(201);
    const campaign = created.json() as CampaignBody;
    expect(campaign.status).toBe('scheduled');
    expect(campaign.schedule).toMatchObject(schedule);
    const started = await h.call(marketer, 'POST', `/api/campaigns/${campaign.id}/start`);
    expect([started.statusCode, codeOf(started)], started.body).toEqual([409, 'SEND_CAMPAIGN_STATE']);
    expect((await h.call(marketer, 'POST', `/api/campaigns/${campaign.id}/pause`)).json()).toMatchObject({ status: 'paused' });

    const now = (await create(marketer, { schedule: { kind: 'now' } })).json() as CampaignBody;
    expect([now.status, now.schedule]).toEqual(['draft', null]);
  });

  it('SMS: create with an SMS account and template; the estimate is recipients × parts × price against the balance', async () => {
    const account = await h.smsAccount('aliyun');
    await setPrice(store().db, { accountId: account.id, priceMinor: 5 });
    await topUp(store().db, { accountId: account.id, idempotencyKey: `t-${unique()}`, amountMinor: 12, reference: 'bank-1', operator: 'test' });
    const phones = ['+8613800138001', '+8613800138002', '+8613800138003'];
    const ids = await Promise.all(phones.map((phone) => h.customer({ phone })));
    const noPhone = await h.customer({ email: `n-${unique()}@example.test` });
    await suppress(store().db, { channel: 'sms', value: phones[2]!, scope: 'address', reason: 'sms-keyword', detail: null });
    const long = '尊敬的客户您好，'.repeat(12); // 96 characters: 2 parts at 67 per part with the signature
    const template = await h.template('sms', long);

    const created = await h.call(marketer, 'POST', '/api/campaigns', {
      name: `sms-${unique()}`,
      channel: 'sms',
      smsAccount: account.name,
      template: template.name,
      audience: { customerIds: [...ids, noPhone] },
    });
    expect(created.statusCode, created.body).toBe(201);
    const campaign = created.json() as CampaignBody;
    expect(campaign).toMatchObject({ channel: 'sms', smsAccountId: account.id, mailAccountId: null });

    const estimate = await h.call(finance, 'GET', `/api/campaigns/${campaign.id}/estimate`);
    expect(estimate.statusCode, estimate.body).toBe(200);
    const e = estimate.json() as { partsPerMessage: number; characters: number; costMinor: number };
    expect(e).toMatchObject({ provider: 'aliyun', selected: 4, recipients: 2, suppressed: 1, noAddress: 1, priceMinor: 5, currency: 'CNY', balanceMinor: 12, encoding: 'UCS-2' });
    expect(e.characters).toBeGreaterThan(70);
    expect(e.partsPerMessage).toBe(Math.ceil(e.characters / 67));
    expect(e.costMinor).toBe(2 * e.partsPerMessage * 5);
    expect(estimate.json()).toMatchObject({ sufficient: e.costMinor <= 12 });

    const emailCampaign = (await create(marketer, {})).json() as CampaignBody;
    const notSms = await h.call(finance, 'GET', `/api/campaigns/${emailCampaign.id}/estimate`);
    expect([notSms.statusCode, codeOf(notSms)]).toEqual([400, 'VALIDATION_FAILED']);
    const emailTemplateOnSms = await h.call(marketer, 'POST', '/api/campaigns', { name: 'x', channel: 'sms', smsAccount: account.id, templateVersionId: emailTemplate.versionId });
    expect([emailTemplateOnSms.statusCode, codeOf(emailTemplateOnSms)]).toEqual([409, 'TEMPLATE_CHANNEL_MISMATCH']);
  });

  it('one-off email: a sales rep writes to own customers from own account; others are refused with 403', async () => {
    const ownAccount = await h.mailAccount();
    const sales = await h.caller('sales', { mailAccountId: ownAccount });
    const mine = await Promise.all([1, 2].map(() => h.customer({ email: `m-${unique()}@example.test`, owner: sales.username })));
    const theirs = await h.customer({ email: `t-${unique()}@example.test`, owner: 'someone-else' });

    const sent = await h.call(sales, 'POST', '/api/send', { customerIds: mine, template: emailTemplate.name });
    expect(sent.statusCode, sent.body).toBe(201);
    const oneOff = sent.json() as CampaignBody;
    expect(oneOff).toMatchObject({ kind: 'oneoff', channel: 'email', mailAccountId: ownAccount, createdBy: sales.username, status: 'running' });
    expect(oneOff.progress).toMatchObject({ total: 2, counts: { queued: 2 } });

    const foreignCustomer = await h.call(sales, 'POST', '/api/send', { customerIds: [mine[0], theirs], template: emailTemplate.name });
    expect([foreignCustomer.statusCode, codeOf(foreignCustomer)]).toEqual([403, 'AUTH_FORBIDDEN']);
    expect(foreignCustomer.body).toContain(String(theirs));
    const foreignAccount = await h.call(sales, 'POST', '/api/send', { customerIds: mine, template: emailTemplate.name, mailAccount });
    expect([foreignAccount.statusCode, codeOf(foreignAccount)]).toEqual([403, 'AUTH_FORBIDDEN']);
    const ownNamed = await h.call(sales, 'POST', '/api/send', { customerIds: mine, template: emailTemplate.name, mailAccount: ownAccount });
    expect(ownNamed.statusCode, ownNamed.body).toBe(201);

    const noAccount = await h.caller('sales');
    const refused = await h.call(noAccount, 'POST', '/api/send', { customerIds: [theirs], template: emailTemplate.name });
    expect([refused.statusCode, codeOf(refused)]).toEqual([400, 'SEND_NO_ACCOUNT']);
    const smsTemplateOneOff = await h.call(sales, 'POST', '/api/send', { customerIds: mine, template: smsTemplate.name });
    // The template-version rule is the same for campaigns and one-offs (it used to be VALIDATION_FAILED here).
    expect([smsTemplateOneOff.statusCode, codeOf(smsTemplateOneOff)]).toEqual([409, 'TEMPLATE_CHANNEL_MISMATCH']);
    const written = await h.call(sales, 'POST', '/api/send', { customerIds: [mine[0]], subject: '关于报价 {{customer.displayName}}', text: '您好，附上报价。' });
    expect(written.statusCode, written.body).toBe(201);
    expect(written.json()).toMatchObject({ kind: 'oneoff', progress: { total: 1 } });
    for (const body of [{ customerIds: mine }, { customerIds: mine, subject: 's' }, { customerIds: mine, template: emailTemplate.name, subject: 's', text: 't' }, { customerIds: mine, templateVersionId: emailTemplate.versionId }]) {
      const bad = await h.call(sales, 'POST', '/api/send', body);
      expect([bad.statusCode, codeOf(bad)], JSON.stringify(body)).toEqual([400, 'VALIDATION_FAILED']);
    }
    const empty = await h.call(sales, 'POST', '/api/send', { customerIds: [], template: emailTemplate.name });
    expect([empty.statusCode, codeOf(empty)]).toEqual([400, 'VALIDATION_FAILED']);

    // Finance cannot send; a marketer may pick any account and customer.
    const financeSend = await h.call(finance, 'POST', '/api/send', { customerIds: mine, template: emailTemplate.name });
    expect([financeSend.statusCode, codeOf(financeSend)]).toEqual([403, 'AUTH_FORBIDDEN']);
    const marketerSend = await h.call(marketer, 'POST', '/api/send', { customerIds: [theirs], template: emailTemplate.name, mailAccount });
    expect(marketerSend.statusCode, marketerSend.body).toBe(201);
  });
});

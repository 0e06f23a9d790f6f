import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messageParts } from '../../src/adapters/sms/index.js';
import { createSmsAccount } from '../../src/modules/accounts/index.js';
import { holidaysOfYear } from '../../src/modules/schedule/index.js';
import { AudienceRecipientSource, approvalWarnings, CampaignService } from '../../src/modules/sending/index.js';
import {
  approvedBinding,
  bindTemplateCode,
  listSignatures,
  submitSignature,
  submitTemplate,
  syncPending,
  syncTemplate,
  templateApproval,
  type ApprovalDeps,
} from '../../src/modules/sms-approval/index.js';
import { providerTemplateText, renderPreview, renderProviderParams, TemplateRenderer } from '../../src/modules/templates/index.js';
import { SecretBox } from '../../src/platform/crypto/index.js';
import { createLogger } from '../../src/platform/logger/index.js';
import { FakeClock } from '../helpers/clock.js';
import { describeStoreContract } from '../helpers/store-contract.js';
import { startAliyunFake, type AliyunFake } from '../fixtures/sms/aliyun-server.js';

const KEY_ID = 'LTAI5tModuleKey';
const SECRET = 'module-secret';
const guard = { allowPrivateHosts: '127.0.0.1/8,::1' };
const secrets = new SecretBox(randomBytes(32));

describe('providerTemplateText (templates module)', () => {
  const body = '{{customer.displayName}}您好，{{default customer.custom.city "本地"}}门店周末上新。{{customer.displayName}}';
  it('named: one ${name} per distinct merge tag, repeated tags share it; text finished like a sent message', () => {
    const t = providerTemplateText(body, { placeholders: 'named', provider: 'aliyun', isMarketing: false, language: 'zh-CN' });
    expect(t.content).toBe('${displayName}您好，${city}门店周末上新。${displayName}');
    expect(t.params).toEqual([
      { name: 'displayName', source: '{{customer.displayName}}' },
      { name: 'city', source: '{{default customer.custom.city "本地"}}' },
    ]);
  });
  it('positional: {1}, {2}, … in order of appearance; marketing texts get the provider’s opt-out line', () => {
    const t = providerTemplateText(body, { placeholders: 'positional', provider: 'smpp', isMarketing: true, language: 'zh-CN' });
    expect(t.content).toBe('{1}您好，{2}门店周末上新。{3}回T退订');
    expect(t.params.map((p) => p.name)).toEqual(['1', '2', '3']);
  });
  it('renders each parameter per recipient with the template helpers', () => {
    const t = providerTemplateText(body, { placeholders: 'named', provider: 'aliyun', isMarketing: false, language: 'zh-CN' });
    const ctx = { customer: { id: 1, displayName: '王芳', custom: {} }, account: { displayName: 'x' }, campaign: { id: 1, name: 'c' }, links: { unsubscribe: '' }, now: new Date(0) };
    expect(renderProviderParams(t.params, ctx, 'zh-CN')).toEqual({ displayName: '王芳', city: '本地' });
  });
  it('refuses conditional parts with what to do', () => {
    expect(() => providerTemplateText('{{#if customer.displayName}}您好{{/if}}', { placeholders: 'named', provider: 'aliyun', isMarketing: false, language: 'zh-CN' })).toThrow(
      expect.objectContaining({ code: 'TEMPLATE_PROVIDER_UNSUPPORTED', message: expect.stringMatching(/plain merge fields/) }),
    );
  });
});

describeStoreContract('SMS template approval (sms-approval module)', (store) => {
  let fake: AliyunFake;
  let deps: ApprovalDeps;
  const clock = new FakeClock(Date.UTC(2027, 8, 1, 0, 0, 0));
  let aliyunId: number;
  let legacyId: number;
  let sandboxId: number;
  let twilioId: number;

  const seedTemplate = async (body: string, marketing: boolean) => {
    const db = store().db;
    const now = clock.now();
    const t = await db.insertInto('templates').values({ name: `tpl-${randomBytes(3).toString('hex')}`, channel: 'sms', builtin: null, current_version: 1, created_at: now, updated_at: now }).returning('id').executeTakeFirstOrThrow();
    const v = await db
      .insertInto('template_versions')
      .values({ template_id: t.id, version: 1, subject: null, body_format: 'text', body, text_body: null, attachments: '[]', is_marketing: marketing ? 1 : 0, created_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    return { templateId: Number(t.id), versionId: Number(v.id) };
  };
  const account = async (provider: 'aliyun' | 'sandbox' | 'twilio', settings: Record<string, unknown> = {}) => {
    const credentials: Record<string, string> = provider === 'aliyun' ? { accessKeyId: KEY_ID, accessKeySecret: SECRET } : provider === 'twilio' ? { accountSid: 'AC0123456789abcdef0123456789abcdef', authToken: 't0123456789' } : {};
    const view = await createSmsAccount(store().db, secrets, { provider, credentials: credentials as never, name: `${provider}-${randomBytes(3).toString('hex')}`, settings, signature: '示例贸易', ...(provider === 'twilio' ? { senderId: '+15005550006' } : {}) }, guard);
    return view.id;
  };

  beforeAll(async () => {
    fake = await startAliyunFake({ [KEY_ID]: SECRET }, {}, ['示例贸易'], () => clock.now());
    deps = { db: store().db, secrets, guard, clock };
    aliyunId = await account('aliyun', { endpoint: fake.url });
    legacyId = await account('aliyun', { endpoint: fake.url, templateCode: 'SMS_LEGACY' });
    sandboxId = await account('sandbox');
    twilioId = await account('twilio');
  });
  afterAll(() => fake.close());

  const campaigns = () => new CampaignService({ db: store().db, recipients: new AudienceRecipientSource(store().db, { timeZone: 'Asia/Shanghai', region: 'CN' }), clock });
  const holidaySchedule = { kind: 'holiday', holiday: 'mid-autumn', time: '09:00', timeZone: 'Asia/Shanghai' };

  it('submit → pending binding (code, params, provider text); scheduling is refused until the sync finds it approved', async () => {
    const { templateId, versionId } = await seedTemplate('{{customer.displayName}}，您的订单已发货。', false);
    const [binding] = await submitTemplate(deps, { template: templateId, smsAccount: aliyunId });
    expect(binding).toMatchObject({ status: 'pending', language: 'zh-CN', content: '${displayName}，您的订单已发货。', params: [{ name: 'displayName', source: '{{customer.displayName}}' }], origin: 'submitted', submittedAt: clock.now() });
    expect(fake.submitted.get(binding!.code!)).toMatchObject({ type: '1', content: '${displayName}，您的订单已发货。' });

    const request = { name: 'ship', channel: 'sms' as const, smsAccountId: aliyunId, templateVersionId: versionId, schedule: { kind: 'at', at: '2027-09-10T01:00:00Z' } as never };
    await expect(campaigns().create(request)).rejects.toMatchObject({ code: 'SMS_APPROVAL_REQUIRED', message: expect.stringMatching(/still under review.*Sync now/) });
    expect(await templateApproval(store().db, { versionId, smsAccountId: aliyunId })).toMatchObject({ status: 'pending', sendable: false });
    // Submitting again while pending does not submit twice.
    const before = fake.submitted.size;
    await submitTemplate(deps, { template: templateId, smsAccount: aliyunId });
    expect(fake.submitted.size).toBe(before);

    expect(await syncPending(deps)).toMatchObject({ changed: 0, failed: 0 });
    fake.decideTemplate(binding!.code!, 1);
    clock.advance(60_000);
    const report = await syncPending(deps);
    expect(report.changed).toBeGreaterThanOrEqual(1);
    expect(await approvedBinding(store().db, { versionId, language: 'zh-CN', smsAccountId: aliyunId })).toEqual({ code: binding!.code, params: binding!.params });
    const created = await campaigns().create(request);
    expect(created.status).toBe('scheduled');
  });

  it('a rejection is recorded with the reviewer’s reason, and the refusal says to change and resubmit', async () => {
    const { templateId, versionId } = await seedTemplate('您的快递到了，请及时领取。', false);
    const [binding] = await submitTemplate(deps, { template: templateId, smsAccount: aliyunId });
    fake.decideTemplate(binding!.code!, 2, '内容含有敏感词');
    const synced = await syncTemplate(deps, binding!.id);
    expect(synced).toMatchObject({ status: 'rejected', reason: '内容含有敏感词', syncedAt: clock.now() });
    const draft = await campaigns().create({ name: 'r', channel: 'sms', smsAccountId: aliyunId, templateVersionId: versionId });
    await expect(campaigns().start(draft.id)).rejects.toMatchObject({ code: 'SMS_APPROVAL_REQUIRED', message: expect.stringMatching(/rejected.*内容含有敏感词.*submit it for approval again/) });
    // Resubmitting a rejected one sends it again.
    const [again] = await submitTemplate(deps, { template: templateId, smsAccount: aliyunId });
    expect(again).toMatchObject({ status: 'pending', reason: null });
    expect(again!.code).not.toBe(binding!.code);
  });

  it('marketing templates with variables are refused for Aliyun (at submit and at scheduling), accepted by the sandbox', async () => {
    const { templateId, versionId } = await seedTemplate('{{customer.displayName}}，中秋快乐！全场八折。', true);
    await expect(submitTemplate(deps, { template: templateId, smsAccount: aliyunId })).rejects.toMatchObject({ code: 'SMS_APPROVAL_MARKETING_VARIABLES', message: expect.stringMatching(/Remove the merge fields/) });
    // A code approved in the console with variables, bound by hand: scheduling still refuses it.
    const code = (await (await import('../../src/adapters/sms/index.js')).AliyunApprovalClient.prototype.submitTemplate.call(
      new (await import('../../src/adapters/sms/index.js')).AliyunApprovalClient({ accessKeyId: KEY_ID, accessKeySecret: SECRET, endpoint: fake.url, guard, clock }),
      { name: 'console', content: '${displayName}，中秋快乐！拒收请回复R', kind: 'marketing', remark: 'r' },
    )).code;
    fake.decideTemplate(code, 1);
    // A console template with other variables than the text fills in is refused: every message would be refused on the day.
    const client = new (await import('../../src/adapters/sms/index.js')).AliyunApprovalClient({ accessKeyId: KEY_ID, accessKeySecret: SECRET, endpoint: fake.url, guard, clock });
    const other = (await client.submitTemplate({ name: 'console-2', content: '${name}，中秋快乐！拒收请回复R', kind: 'marketing', remark: 'r' })).code;
    fake.decideTemplate(other, 1);
    await expect(bindTemplateCode(deps, { template: templateId, smsAccount: aliyunId, code: other })).rejects.toMatchObject({
      code: 'SMS_APPROVAL_PARAMS_MISMATCH',
      message: expect.stringContaining('takes ${name}; this template\'s text fills in ${displayName}'),
    });
    const bound = await bindTemplateCode(deps, { template: templateId, smsAccount: aliyunId, code });
    expect(bound).toMatchObject({ status: 'approved', origin: 'bound', code });
    expect(await templateApproval(store().db, { versionId, smsAccountId: aliyunId })).toMatchObject({ status: 'approved', sendable: false, marketingVariables: true });
    await expect(campaigns().create({ name: 'm', channel: 'sms', smsAccountId: aliyunId, templateVersionId: versionId, schedule: { kind: 'at', at: '2027-09-10T01:00:00Z' } as never })).rejects.toMatchObject({
      code: 'SMS_APPROVAL_MARKETING_VARIABLES',
    });

    const [sandbox] = await submitTemplate(deps, { template: templateId, smsAccount: sandboxId });
    expect(sandbox).toMatchObject({ status: 'pending', content: '${displayName}，中秋快乐！全场八折。回T退订' });
    expect(await syncTemplate(deps, sandbox!.id)).toMatchObject({ status: 'approved' });
  });

  it('providers that do not review: nothing to submit, nothing required; a legacy template code is the fallback', async () => {
    const { templateId, versionId } = await seedTemplate('您好', false);
    await expect(submitTemplate(deps, { template: templateId, smsAccount: twilioId })).rejects.toMatchObject({ code: 'SMS_APPROVAL_NOT_REVIEWED' });
    expect(await templateApproval(store().db, { versionId, smsAccountId: twilioId })).toMatchObject({ status: 'not-required', sendable: true });
    expect(await templateApproval(store().db, { versionId, smsAccountId: legacyId })).toMatchObject({ status: 'legacy', sendable: true });
    expect(await approvedBinding(store().db, { versionId, language: 'zh-CN', smsAccountId: legacyId })).toBeUndefined();
  });

  it('warns about a holiday campaign whose template is still under review, N days ahead (FakeClock)', async () => {
    const { templateId, versionId } = await seedTemplate('中秋节快乐！', true);
    await submitTemplate(deps, { template: templateId, smsAccount: aliyunId });
    const midAutumn = holidaysOfYear(2027).find((h) => h.key === 'mid-autumn')!;
    const day = Date.parse(`${midAutumn.date}T01:00:00Z`); // 09:00 in Shanghai
    // A campaign scheduled before the rule existed (or while the account had a legacy code), written as stored.
    const row = await store()
      .db.insertInto('campaigns')
      .values({ name: '中秋问候', channel: 'sms', kind: 'bulk', mail_account_id: null, sms_account_id: aliyunId, template_version_id: versionId, audience: '{}', schedule: JSON.stringify(holidaySchedule), status: 'scheduled', status_reason: null, tracking: 0, created_by: null, created_at: 0, started_at: null, finished_at: null, updated_at: 0 })
      .returning('id')
      .executeTakeFirstOrThrow();
    const twelveDaysBefore = day - 12 * 86_400_000;
    const warnings = await approvalWarnings(store().db, { now: twelveDaysBefore, withinDays: 14 });
    const mine = warnings.filter((w) => w.campaignId === Number(row.id));
    expect(mine).toEqual([
      expect.objectContaining({ holiday: expect.objectContaining({ key: 'mid-autumn', name: '中秋节' }), inDays: 12, status: 'pending', message: '中秋节 in 12 days, template still under review', messageZh: '中秋节还有 12 天，模板仍在审核中' }),
    ]);
    // Further away than the window: no warning yet.
    expect((await approvalWarnings(store().db, { now: day - 20 * 86_400_000, withinDays: 14 })).some((w) => w.campaignId === Number(row.id))).toBe(false);
  });

  it('the opt-out line is the provider’s and is counted in the parts (the preview the estimate counts)', async () => {
    const body = '中'.repeat(59);
    const { templateId } = await seedTemplate(body, true);
    const renderer = new TemplateRenderer({ db: store().db, logger: createLogger({ level: 'silent' }) });
    const preview = await renderPreview({ db: store().db, renderer }, { template: templateId, version: 1, accountId: aliyunId });
    if (preview.channel !== 'sms') throw new Error('sms expected');
    expect(preview.body).toBe(`${body}拒收请回复R`);
    // 59 + 6 + 【示例贸易】: two parts, where the text without the line is one.
    expect(messageParts('aliyun', preview.body, preview.signature).segments).toBe(2);
    expect(messageParts('aliyun', body, preview.signature).segments).toBe(1);
  });

  it('signatures per SMS account: submit, list, sync to approved', async () => {
    const sig = await submitSignature(deps, aliyunId, { name: '【示例商城】', source: 'store', remark: '我们的网店' });
    expect(sig).toMatchObject({ name: '示例商城', status: 'pending', ref: '示例商城' });
    fake.decideSign('示例商城', 1);
    await syncPending(deps);
    expect(await listSignatures(deps, aliyunId)).toEqual([expect.objectContaining({ name: '示例商城', status: 'approved' })]);
  });
});

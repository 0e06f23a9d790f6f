import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSmsApprovalClient, TencentApprovalClient, TencentProvider } from '../../../src/adapters/sms/index.js';
import { FakeClock } from '../../helpers/clock.js';
import { startTencentFake, type TencentFake } from '../../fixtures/sms/tencent-server.js';

const SECRET_ID = 'AKIDtidingsApproval';
const SECRET_KEY = 'approval-secret';
const APP = '1400009999';
const guard = { allowPrivateHosts: '127.0.0.1/8,::1' };
// A 1×1 PNG, as a browser's FileReader would hand it over (with its data: prefix).
const PNG = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';

describe('Tencent Cloud review API (AddSmsTemplate, DescribeSmsTemplateList, AddSmsSign, DescribeSmsSignList)', () => {
  const clock = new FakeClock(Date.UTC(2026, 8, 1, 2, 0));
  let fake: TencentFake;
  let client: TencentApprovalClient;
  beforeAll(async () => {
    fake = await startTencentFake({ keys: { [SECRET_ID]: SECRET_KEY }, sdkAppIds: [APP], now: () => clock.now() });
    // Tencent takes templates only once the account has an approved signature.
    fake.approvedSign('测试签名');
    client = createSmsApprovalClient(
      { name: 'tc', provider: 'tencent', credentials: { secretId: SECRET_ID, secretKey: SECRET_KEY }, settings: { sdkAppId: APP, endpoint: fake.url }, senderId: null, signature: '【某某公司】', webhookToken: null },
      guard,
      clock,
    ) as TencentApprovalClient;
  });
  afterAll(() => fake.close());

  it('says how Tencent templates look: positional {1}, no variables in marketing', () => {
    expect({ kind: client.kind, placeholders: client.placeholders, marketingVariables: client.marketingVariables }).toEqual({ kind: 'tencent', placeholders: 'positional', marketingVariables: false });
  });

  it('submits a signature, sees it under review, then approved; the proof goes as bare base64', async () => {
    const submitted = await client.submitSignature({ name: '某某公司', source: 'company', remark: '公司全称简称', proof: { base64: PNG, type: 'png' } });
    expect(submitted).toMatchObject({ name: '某某公司', status: 'pending' });
    expect(fake.requests.at(-1)?.body).toMatchObject({ SignName: '某某公司', SignType: 0, DocumentType: 1, International: 0, SignPurpose: 0, Remark: '公司全称简称' });
    expect(String(fake.requests.at(-1)?.body.ProofImage)).toMatch(/^iVBOR/);
    expect(await client.querySignature(submitted.ref)).toEqual({ ref: submitted.ref, name: '某某公司', status: 'pending' });
    fake.review('sign', Number(submitted.ref), 'approved');
    expect(await client.querySignature(submitted.ref)).toEqual({ ref: submitted.ref, name: '某某公司', status: 'approved' });
  });

  it('submits a template, follows it from review to approval, then sends with it', async () => {
    const submitted = await client.submitTemplate({ name: '中秋问候', content: '{1}您好，祝您中秋快乐！', kind: 'notification', remark: '节日问候老客户' });
    expect(submitted).toEqual({ code: expect.stringMatching(/^\d+$/), status: 'pending', content: '{1}您好，祝您中秋快乐！' });
    expect(fake.requests.at(-1)?.body).toEqual({ TemplateName: '中秋问候', TemplateContent: '{1}您好，祝您中秋快乐！', SmsType: 0, International: 0, Remark: '节日问候老客户' });
    expect(await client.queryTemplate(submitted.code)).toMatchObject({ status: 'pending' });
    fake.review('template', Number(submitted.code), 'approved');
    expect(await client.queryTemplate(submitted.code)).toEqual({ code: submitted.code, status: 'approved', content: '{1}您好，祝您中秋快乐！' });
    const provider = new TencentProvider({ secretId: SECRET_ID, secretKey: SECRET_KEY, sdkAppId: APP, signName: '某某公司', endpoint: fake.url, guard, clock });
    await expect(provider.send({ to: '+8613800138000', text: '王先生您好，祝您中秋快乐！', templateCode: submitted.code, params: { 1: '王先生' }, idempotencyKey: 'a1' })).resolves.toMatchObject({ status: 'accepted', parts: 1 });
  });

  it('reports a rejection with the reviewer reason; marketing is SmsType 1', async () => {
    const submitted = await client.submitTemplate({ name: '双十一', content: '{1}专享五折，回T退订', kind: 'marketing', remark: '促销' });
    expect(fake.requests.at(-1)?.body).toMatchObject({ SmsType: 1 });
    fake.review('template', Number(submitted.code), 'rejected', '营销短信不支持变量');
    expect(await client.queryTemplate(submitted.code)).toEqual({ code: submitted.code, status: 'rejected', reason: '营销短信不支持变量', content: '{1}专享五折，回T退订' });
  });

  it('refuses what Tencent cannot review, before calling it', async () => {
    const before = fake.requests.length;
    await expect(client.submitSignature({ name: '某某旗舰店', source: 'store', remark: 'x', proof: { base64: PNG, type: 'png' } })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(client.submitSignature({ name: '某某公司', source: 'company', remark: 'x' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(client.submitSignature({ name: '某某公司', source: 'company', remark: 'x', proof: { base64: 'JVBERi0=', type: 'pdf' } })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(client.queryTemplate('SMS_123')).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(fake.requests.length).toBe(before);
  });

  it('translates vendor errors like the provider: unknown IDs are rejected, a wrong key is an auth failure', async () => {
    await expect(client.queryTemplate('999')).rejects.toMatchObject({ code: 'SMS_REJECTED' });
    const wrong = new TencentApprovalClient({ secretId: SECRET_ID, secretKey: 'nope', endpoint: fake.url, guard, clock });
    await expect(wrong.querySignature('1')).rejects.toMatchObject({ code: 'SMS_AUTH_FAILED' });
  });
});

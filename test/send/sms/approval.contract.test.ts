import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AliyunApprovalClient, createSmsApprovalClient, SandboxApprovalClient, SANDBOX_REJECT_WORD, type SmsApprovalClient } from '../../../src/adapters/sms/index.js';
import { startAliyunFake, type AliyunFake } from '../../fixtures/sms/aliyun-server.js';
import { startTencentFake, type TencentFake } from '../../fixtures/sms/tencent-server.js';
import { approvalContract } from './approval.contract.js';

const KEY_ID = 'LTAI5tApprovalKey';
const SECRET = 'approval-secret/+=';
const guard = { allowPrivateHosts: '127.0.0.1/8,::1' };

let fake: AliyunFake;
let tencent: TencentFake;
beforeAll(async () => {
  fake = await startAliyunFake({ [KEY_ID]: SECRET }, {}, []);
  tencent = await startTencentFake({ keys: { AKIDcontract: 'contract-secret' }, sdkAppIds: ['1400000001'] });
  // Tencent takes templates only once the account has an approved signature.
  tencent.approvedSign('合同公司');
});
afterAll(async () => {
  await fake.close();
  await tencent.close();
});

const aliyun = () => new AliyunApprovalClient({ accessKeyId: KEY_ID, accessKeySecret: SECRET, endpoint: fake.url, guard });

approvalContract({
  name: 'aliyun (local Dysmsapi server)',
  client: aliyun,
  decideTemplate: (code, verdict, reason) => fake.decideTemplate(code, verdict === 'approved' ? 1 : 2, reason),
  decideSignature: (ref, verdict, reason) => fake.decideSign(ref, verdict === 'approved' ? 1 : 2, reason),
  rejectedText: '中秋快乐，全场八折。拒收请回复R',
  rejectedSignature: '不存在公司',
});

approvalContract({
  name: 'tencent (local TC3-verifying server), built by createSmsApprovalClient',
  client: () =>
    createSmsApprovalClient(
      { name: 'tc', provider: 'tencent', credentials: { secretId: 'AKIDcontract', secretKey: 'contract-secret' }, settings: { sdkAppId: '1400000001', endpoint: tencent.url }, senderId: null, signature: '【合同公司】', webhookToken: null },
      guard,
    ) as SmsApprovalClient,
  decideTemplate: (code, verdict, reason) => tencent.review('template', Number(code), verdict, reason),
  decideSignature: (ref, verdict, reason) => tencent.review('sign', Number(ref), verdict, reason),
  rejectedText: '中秋快乐，全场八折。拒收请回复R',
  rejectedSignature: '不存在公司',
});

approvalContract({
  name: 'sandbox (no network)',
  client: () => new SandboxApprovalClient(),
  // The sandbox decides by itself at the first query: approved, or rejected by the text.
  decideTemplate: () => undefined,
  decideSignature: () => undefined,
  rejectedText: `中秋快乐${SANDBOX_REJECT_WORD}`,
  rejectedSignature: 'reject公司',
});

describe('AliyunApprovalClient on the wire', () => {
  it('sends the documented fields: TemplateType by kind, SignSource, SignFileList.N.*', async () => {
    const client = aliyun();
    const t = await client.submitTemplate({ name: '新春问候 v1 zh-CN', content: '新春快乐！拒收请回复R', kind: 'marketing', remark: '节日问候' });
    expect(fake.submitted.get(t.code)).toMatchObject({ type: '2', name: '新春问候 v1 zh-CN', content: '新春快乐！拒收请回复R', remark: '节日问候', status: 0 });
    await client.submitTemplate({ name: 'n', content: '您好${name}', kind: 'notification', remark: 'r' });
    expect(fake.requests.at(-1)).toMatchObject({ Action: 'AddSmsTemplate', TemplateType: '1', Version: '2017-05-25', SignatureMethod: 'HMAC-SHA1' });
    await client.submitSignature({ name: '某某商城', source: 'store', remark: '店铺', proof: { base64: 'aGVsbG8=', type: 'png' } });
    expect(fake.signs.get('某某商城')).toMatchObject({ source: '4', files: [{ contents: 'aGVsbG8=', suffix: 'png' }] });
  });

  it('a wrong secret is refused by the server (SignatureDoesNotMatch) as SMS_AUTH_FAILED', async () => {
    const wrong = new AliyunApprovalClient({ accessKeyId: KEY_ID, accessKeySecret: 'not-the-secret', endpoint: fake.url, guard });
    await expect(wrong.queryTemplate('SMS_1')).rejects.toMatchObject({ code: 'SMS_AUTH_FAILED', context: { providerCode: 'SignatureDoesNotMatch' } });
  });

  it('an unknown template code is a rejection, not a crash', async () => {
    await expect(aliyun().queryTemplate('SMS_404')).rejects.toMatchObject({ code: 'SMS_REJECTED' });
  });

  it('the SSRF guard refuses a private endpoint that is not allowed', async () => {
    const blocked = new AliyunApprovalClient({ accessKeyId: KEY_ID, accessKeySecret: SECRET, endpoint: fake.url, guard: {} });
    await expect(blocked.queryTemplate('SMS_1')).rejects.toMatchObject({ code: expect.stringMatching(/^(SMS_PROVIDER_UNAVAILABLE|ACCOUNT_HOST_FORBIDDEN)$/) });
  });
});

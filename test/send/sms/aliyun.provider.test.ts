import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isTidingsError } from '../../../src/platform/errors/index.js';
import { AliyunProvider } from '../../../src/adapters/sms/index.js';
import { signRpc } from '../../../src/adapters/sms/aliyun-signature.js';
import { ALIYUN_NO_FUNDS, ALIYUN_THROTTLED, startAliyunFake, type AliyunFake } from '../../fixtures/sms/aliyun-server.js';

const KEY_ID = 'LTAI5tTestKeyId';
const SECRET = 'test-secret/with+odd=chars';

describe('Aliyun SMS provider (RPC wire format against a local Dysmsapi server)', () => {
  let fake: AliyunFake;
  let provider: AliyunProvider;
  beforeAll(async () => {
    fake = await startAliyunFake({ [KEY_ID]: SECRET }, { SMS_100001: ['name'], SMS_100002: [] }, ['阿里云短信测试', '某某公司']);
    provider = new AliyunProvider({ accessKeyId: KEY_ID, accessKeySecret: SECRET, signName: '阿里云短信测试', templateCode: 'SMS_100001', endpoint: fake.url, callbackToken: 'cb-token', guard: { allowPrivateHosts: '127.0.0.1/8,::1' } });
  });
  afterAll(() => fake.close());

  it('signs exactly like the documented example (Dysmsapi signature doc)', () => {
    const params = {
      AccessKeyId: 'testId', Action: 'SendSms', Format: 'XML', OutId: '123', PhoneNumbers: '15300000001', RegionId: 'cn-hangzhou',
      SignName: '阿里云短信测试专用', SignatureMethod: 'HMAC-SHA1', SignatureNonce: '45e25e9b-0a6f-4070-8c85-2956eda1b466',
      SignatureVersion: '1.0', TemplateCode: 'SMS_71390007', TemplateParam: '{"customer":"test"}', Timestamp: '2017-07-12T02:42:19Z', Version: '2017-05-25',
    };
    expect(signRpc('GET', params, 'testSecret')).toBe('zJDF+Lrzhj/ThnlvIToysFRq6t4=');
  });

  it('sends with sign name, template and parameters; the server verifies the signature', async () => {
    const result = await provider.send({ to: '+8613800138000', text: '王先生，新春快乐！', params: { name: '王先生 (VIP)*' }, idempotencyKey: 'k1' });
    expect(result).toMatchObject({ status: 'accepted', parts: 1 });
    expect(result.providerMessageId).toMatch(/\^/);
    expect(fake.requests.at(-1)).toMatchObject({ Action: 'SendSms', PhoneNumbers: '13800138000', SignName: '阿里云短信测试', TemplateCode: 'SMS_100001', TemplateParam: '{"name":"王先生 (VIP)*"}', OutId: 'k1' });
  });

  it('sends a batch with SendBatchSms', async () => {
    const { bizId } = await provider.sendBatch({ messages: [{ to: '+8613800138000', params: { name: 'a' } }, { to: '+8613900139000', signName: '某某公司', params: { name: 'b' } }] });
    expect(bizId).toMatch(/\^/);
  });

  const failures = [
    { name: 'frequency control is rate limited', to: `+86${ALIYUN_THROTTLED}`, code: 'SMS_RATE_LIMITED', retryable: true },
    { name: 'vendor account out of money', to: `+86${ALIYUN_NO_FUNDS}`, code: 'SMS_PROVIDER_FUNDS', retryable: false },
    { name: 'illegal number is permanent', to: '+861234', code: 'SMS_INVALID_NUMBER', retryable: false },
  ];
  for (const f of failures) {
    it(f.name, async () => {
      const error = await provider.send({ to: f.to, text: 'x', params: { name: 'x' }, idempotencyKey: f.name }).catch((e: unknown) => e);
      expect(isTidingsError(error) && { code: error.code, retryable: error.retryable }).toEqual({ code: f.code, retryable: f.retryable });
    });
  }

  it('is refused with a wrong secret (SignatureDoesNotMatch) and a bad template (rejected)', async () => {
    const wrong = new AliyunProvider({ accessKeyId: KEY_ID, accessKeySecret: 'wrong', signName: '阿里云短信测试', templateCode: 'SMS_100001', endpoint: fake.url, guard: { allowPrivateHosts: '127.0.0.1/8,::1' } });
    await expect(wrong.send({ to: '+8613800138000', text: 'x', params: { name: 'x' }, idempotencyKey: 'w' })).rejects.toMatchObject({ code: 'SMS_AUTH_FAILED' });
    await expect(provider.send({ to: '+8613800138000', text: 'x', templateCode: 'SMS_999', idempotencyKey: 't' })).rejects.toMatchObject({ code: 'SMS_REJECTED' });
    await expect(provider.send({ to: '+8613800138000', text: 'x', params: {}, idempotencyKey: 'p' })).rejects.toMatchObject({ code: 'SMS_REJECTED' });
  });

  it('parses SmsReport receipts (Beijing time) and SmsUp inbound, checking the URL token', () => {
    const url = 'https://tidings.example.test/webhooks/sms/aliyun/report?account=a&token=cb-token';
    const receipts = provider.parseStatusCallback({
      url,
      headers: {},
      body: [
        { phone_number: '13800138000', send_time: '2026-03-02 01:00:00', report_time: '2026-03-02 01:00:05', success: true, err_code: 'DELIVERED', err_msg: '用户接收成功', sms_size: '1', biz_id: '123^0', out_id: 'k1' },
        { phone_number: '13900139000', send_time: '2026-03-02 01:00:00', report_time: '2026-03-02 01:00:09', success: false, err_code: 'MK:0001', err_msg: '', sms_size: '2', biz_id: '124^0', out_id: 'k2' },
      ],
    });
    expect(receipts).toEqual([
      { providerMessageId: '123^0', status: 'delivered', providerStatus: 'DELIVERED', to: '+8613800138000', deliveredAt: Date.parse('2026-03-01T17:00:05Z') },
      { providerMessageId: '124^0', status: 'failed', providerStatus: 'MK:0001', errorCode: 'MK:0001', to: '+8613900139000' },
    ]);
    expect(provider.parseInbound({ url, headers: {}, body: [{ phone_number: '13800138000', content: 'TD', sign_name: '阿里云短信测试', dest_code: '1234', send_time: '2026-03-02 01:00:00' }] })).toEqual([
      { from: '+8613800138000', to: '1234', text: 'TD' },
    ]);
    expect(() => provider.parseStatusCallback({ url: url.replace('cb-token', 'guess'), headers: {}, body: [] })).toThrow(
      expect.objectContaining({ code: 'SMS_WEBHOOK_SIGNATURE_INVALID' }),
    );
    // Without a configured token nothing can tell Aliyun from anyone else: every push is refused.
    const tokenless = new AliyunProvider({ accessKeyId: KEY_ID, accessKeySecret: SECRET, endpoint: fake.url, guard: { allowPrivateHosts: '127.0.0.1/8,::1' } });
    expect(() => tokenless.parseInbound({ url: 'https://tidings.example.test/webhooks/sms/a/inbound', headers: {}, body: [{ phone_number: '13800138000', content: 'TD' }] })).toThrow(
      expect.objectContaining({ code: 'SMS_WEBHOOK_SIGNATURE_INVALID' }),
    );
    expect(() => tokenless.parseStatusCallback({ url: 'https://tidings.example.test/webhooks/sms/a/status?token=', headers: {}, body: [] })).toThrow(
      expect.objectContaining({ code: 'SMS_WEBHOOK_SIGNATURE_INVALID' }),
    );
  });
});

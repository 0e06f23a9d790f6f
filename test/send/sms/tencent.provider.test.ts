import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isTidingsError } from '../../../src/platform/errors/index.js';
import { TencentProvider, tencentParams, type TencentProviderOptions } from '../../../src/adapters/sms/index.js';
import { FakeClock } from '../../helpers/clock.js';
import { startTencentFake, TENCENT_BLACKLISTED, TENCENT_NO_FUNDS, TENCENT_THROTTLED, TENCENT_TIMEOUT, tencentReply, tencentReport, type TencentFake } from '../../fixtures/sms/tencent-server.js';

const SECRET_ID = 'AKIDtidingsTencentTest';
const SECRET_KEY = 'tencent-test-secret/+=';
const APP = '1400006666';
const SIGN = '某某公司';
const guard = { allowPrivateHosts: '127.0.0.1/8,::1' };

describe('Tencent Cloud SMS provider (API 2021-01-11 against a local server that verifies TC3 signatures)', () => {
  const clock = new FakeClock(Date.UTC(2026, 2, 1, 16, 30));
  let fake: TencentFake;
  let textTemplate: number;
  let greeting: number;
  let options: TencentProviderOptions;
  let provider: TencentProvider;
  beforeAll(async () => {
    fake = await startTencentFake({ keys: { [SECRET_ID]: SECRET_KEY }, sdkAppIds: [APP], now: () => clock.now() });
    fake.approvedSign(SIGN);
    textTemplate = fake.approvedTemplate('{1}');
    greeting = fake.approvedTemplate('{1}您好，{2}快乐！');
    options = { secretId: SECRET_ID, secretKey: SECRET_KEY, sdkAppId: APP, signName: SIGN, templateId: String(textTemplate), endpoint: fake.url, callbackToken: 'cb-token', guard, clock };
    provider = new TencentProvider(options);
  });
  afterAll(() => fake.close());

  it('sends the text through the account template {1}; Fee is the parts billed', async () => {
    const text = '中秋快乐'.repeat(20);
    const result = await provider.send({ to: '+8613800138000', text, idempotencyKey: 'outbox:1' });
    expect(result.status).toBe('accepted');
    expect(result.providerMessageId).toMatch(/^2645:\d+$/);
    // 【某某公司】 (6) + 80 characters = 86 → two parts of 67.
    expect(result.parts).toBe(2);
    const sent = fake.requests.at(-1);
    expect(sent?.action).toBe('SendSms');
    expect(sent?.region).toBe('ap-guangzhou');
    expect(sent?.body).toEqual({ PhoneNumberSet: ['+8613800138000'], SmsSdkAppId: APP, TemplateId: String(textTemplate), SignName: SIGN, TemplateParamSet: [text], SessionContext: 'outbox:1' });
  });

  it('sends an approved template with positional parameters in their order', async () => {
    // The billing path hands over the account signature as stored, 【…】; SignName is the bare name.
    await provider.send({ to: '+8613800138000', text: '王先生您好，中秋快乐！', signature: `【${SIGN}】`, templateCode: String(greeting), params: { 2: '中秋', 1: '王先生' }, idempotencyKey: 'outbox:2' });
    expect(fake.requests.at(-1)?.body).toMatchObject({ TemplateId: String(greeting), SignName: SIGN, TemplateParamSet: ['王先生', '中秋'] });
    expect(tencentParams({ text: 'x', params: {} })).toEqual([]);
    expect(() => tencentParams({ text: 'x', params: { name: '王' } })).toThrow(expect.objectContaining({ code: 'SMS_REJECTED' }));
    expect(() => tencentParams({ text: 'x', params: { 1: 'a', 3: 'c' } })).toThrow(expect.objectContaining({ code: 'SMS_REJECTED' }));
  });

  const failures = [
    { name: 'a per-number daily limit is rate limited', to: TENCENT_THROTTLED, code: 'SMS_RATE_LIMITED', retryable: true },
    { name: 'an empty SMS package is the vendor account out of money', to: TENCENT_NO_FUNDS, code: 'SMS_PROVIDER_FUNDS', retryable: false },
    { name: 'a malformed number is invalid', to: '+86123', code: 'SMS_INVALID_NUMBER', retryable: false },
    { name: 'a blacklisted number is invalid for good', to: TENCENT_BLACKLISTED, code: 'SMS_INVALID_NUMBER', retryable: false },
    { name: "a carrier timeout leaves the outcome unknown", to: TENCENT_TIMEOUT, code: 'SMS_OUTCOME_UNKNOWN', retryable: true },
  ];
  for (const f of failures) {
    it(f.name, async () => {
      const error = await provider.send({ to: f.to, text: 'x', idempotencyKey: f.name }).catch((e: unknown) => e);
      expect(isTidingsError(error) && { code: error.code, retryable: error.retryable }).toEqual({ code: f.code, retryable: f.retryable });
    });
  }

  it('is refused with a wrong key (SignatureFailure), a clock more than five minutes off (SignatureExpire) or an unknown app', async () => {
    const wrong = new TencentProvider({ ...options, secretKey: 'guess' });
    await expect(wrong.send({ to: '+8613800138000', text: 'x', idempotencyKey: 'w' })).rejects.toMatchObject({ code: 'SMS_AUTH_FAILED', context: { providerCode: 'AuthFailure.SignatureFailure' } });
    const late = new FakeClock(clock.now() + 5 * 60_000 + 1_000);
    await expect(new TencentProvider({ ...options, clock: late }).send({ to: '+8613800138000', text: 'x', idempotencyKey: 'l' })).rejects.toMatchObject({
      code: 'SMS_AUTH_FAILED',
      context: { providerCode: 'AuthFailure.SignatureExpire' },
    });
    // Four minutes off is still inside Tencent's window.
    await expect(new TencentProvider({ ...options, clock: new FakeClock(clock.now() - 4 * 60_000) }).send({ to: '+8613800138000', text: 'x', idempotencyKey: 'e' })).resolves.toMatchObject({ status: 'accepted' });
    await expect(new TencentProvider({ ...options, sdkAppId: '1400000000' }).send({ to: '+8613800138000', text: 'x', idempotencyKey: 'a' })).rejects.toMatchObject({ code: 'SMS_AUTH_FAILED' });
  });

  it('rejects an unapproved template, a parameter count that does not match, and sends nothing without a template', async () => {
    const pending = fake.approvedTemplate('{1}');
    fake.review('template', pending, 'rejected', '变量内容不规范');
    await expect(provider.send({ to: '+8613800138000', text: 'x', templateCode: String(pending), idempotencyKey: 'p' })).rejects.toMatchObject({ code: 'SMS_REJECTED' });
    await expect(provider.send({ to: '+8613800138000', text: 'x', templateCode: String(greeting), params: { 1: 'a' }, idempotencyKey: 'c' })).rejects.toMatchObject({ code: 'SMS_REJECTED' });
    const bare = new TencentProvider({ ...options, templateId: undefined });
    const before = fake.requests.length;
    await expect(bare.send({ to: '+8613800138000', text: 'x', idempotencyKey: 'n' })).rejects.toMatchObject({ code: 'SMS_PROVIDER_NOT_SUPPORTED' });
    expect(fake.requests.length).toBe(before);
  });

  it('the SSRF guard refuses a private endpoint that is not allowed, before connecting', async () => {
    const before = fake.requests.length;
    await expect(new TencentProvider({ ...options, guard: {} }).send({ to: '+8613800138000', text: 'x', idempotencyKey: 'g' })).rejects.toMatchObject({ code: 'ACCOUNT_HOST_FORBIDDEN' });
    expect(fake.requests.length).toBe(before);
  });

  it('an unreachable endpoint is unavailable (nothing sent)', async () => {
    const closed = await startTencentFake({ keys: {}, sdkAppIds: [] });
    await closed.close();
    await expect(new TencentProvider({ ...options, endpoint: closed.url }).send({ to: '+8613800138000', text: 'x', idempotencyKey: 'u' })).rejects.toMatchObject({ code: 'SMS_PROVIDER_UNAVAILABLE' });
  });

  it('parses status reports (Beijing time) and replies, checking the URL token', () => {
    const url = 'https://tidings.example.test/webhooks/sms/tc/status?token=cb-token';
    const receipts = provider.parseStatusCallback({ url, headers: {}, body: [...tencentReport('2645:1', '13800138000', true), ...tencentReport('2645:2', '13900139000', false)] });
    expect(receipts).toEqual([
      { providerMessageId: '2645:1', status: 'delivered', providerStatus: 'DELIVRD', to: '+8613800138000', deliveredAt: Date.parse('2026-03-01T17:00:05Z') },
      { providerMessageId: '2645:2', status: 'failed', providerStatus: 'MK:0001', errorCode: 'MK:0001', to: '+8613900139000' },
    ]);
    expect(provider.parseInbound({ url, headers: {}, body: tencentReply('13800138000', 'R') })).toEqual([{ from: '+8613800138000', to: SIGN, text: 'R' }]);
    expect(provider.parseInbound({ url, headers: {}, body: [{ ...tencentReply('13800138000', '退订'), extend: '12' }] })).toEqual([{ from: '+8613800138000', to: '12', text: '退订' }]);
    for (const bad of [url.replace('cb-token', 'guess'), url.replace('?token=cb-token', '')]) {
      expect(() => provider.parseStatusCallback({ url: bad, headers: {}, body: [] })).toThrow(expect.objectContaining({ code: 'SMS_WEBHOOK_SIGNATURE_INVALID' }));
      expect(() => provider.parseInbound({ url: bad, headers: {}, body: tencentReply('13800138000', 'R') })).toThrow(expect.objectContaining({ code: 'SMS_WEBHOOK_SIGNATURE_INVALID' }));
    }
    // Without a configured token nothing tells Tencent from anyone else: every push is refused.
    const tokenless = new TencentProvider({ ...options, callbackToken: undefined });
    expect(() => tokenless.parseInbound({ url: `${url}&x=1`, headers: {}, body: tencentReply('13800138000', 'R') })).toThrow(expect.objectContaining({ code: 'SMS_WEBHOOK_SIGNATURE_INVALID' }));
  });
});

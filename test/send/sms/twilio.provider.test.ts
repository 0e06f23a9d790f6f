import twilio from 'twilio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isTidingsError } from '../../../src/platform/errors/index.js';
import { TwilioProvider } from '../../../src/adapters/sms/index.js';
import { startTwilioFake, TWILIO_INVALID, TWILIO_SERVER_ERROR, TWILIO_THROTTLED, type TwilioFake } from '../../fixtures/sms/twilio-server.js';

const SID = 'AC0123456789abcdef0123456789abcdef';
const TOKEN = 'test-auth-token-0123456789abcdef';
const CALLBACK = 'https://tidings.example.test/webhooks/sms/twilio/status';

describe('Twilio provider (official SDK against a local Twilio wire-format server)', () => {
  let fake: TwilioFake;
  let provider: TwilioProvider;
  beforeAll(async () => {
    fake = await startTwilioFake(SID, TOKEN);
    provider = new TwilioProvider({ accountSid: SID, authToken: TOKEN, from: '+15005550006', statusCallbackUrl: CALLBACK, apiBaseUrl: fake.url, guard: { allowPrivateHosts: '127.0.0.1/8,::1' } });
  });
  afterAll(() => fake.close());

  it('sends a long message and reports the segments Twilio counted', async () => {
    const result = await provider.send({ to: '+8613800138000', text: '新年快乐'.repeat(20), idempotencyKey: 'k1' });
    expect(result.providerMessageId).toMatch(/^SM[0-9a-f]{32}$/);
    expect(result).toMatchObject({ parts: 2, status: 'accepted' });
    expect(fake.requests.at(-1)).toEqual({ To: '+8613800138000', From: '+15005550006', Body: '新年快乐'.repeat(20), StatusCallback: CALLBACK });
  });

  const failures = [
    { name: 'invalid number (21211) is permanent', to: TWILIO_INVALID, code: 'SMS_INVALID_NUMBER', retryable: false },
    { name: '429 is rate limited with the Retry-After delay', to: TWILIO_THROTTLED, code: 'SMS_RATE_LIMITED', retryable: true, retryAfterMs: 3000 },
    { name: '5xx leaves the outcome unknown', to: TWILIO_SERVER_ERROR, code: 'SMS_OUTCOME_UNKNOWN', retryable: true },
  ];
  for (const f of failures) {
    it(f.name, async () => {
      const error = await provider.send({ to: f.to, text: 'hi', idempotencyKey: f.name }).catch((e: unknown) => e);
      expect(isTidingsError(error)).toBe(true);
      if (!isTidingsError(error)) return;
      expect({ code: error.code, retryable: error.retryable }).toEqual({ code: f.code, retryable: f.retryable });
      if (f.retryAfterMs) expect(error.context.retryAfterMs).toBe(f.retryAfterMs);
    });
  }

  it('refuses wrong credentials', async () => {
    const wrong = new TwilioProvider({ accountSid: SID, authToken: 'wrong', from: '+15005550006', apiBaseUrl: fake.url, guard: { allowPrivateHosts: '127.0.0.1/8,::1' } });
    await expect(wrong.send({ to: '+8613800138000', text: 'hi', idempotencyKey: 'x' })).rejects.toMatchObject({ code: 'SMS_AUTH_FAILED' });
  });

  it('reports an unreachable API as unavailable (nothing sent)', async () => {
    const down = new TwilioProvider({ accountSid: SID, authToken: TOKEN, from: '+15005550006', apiBaseUrl: 'http://127.0.0.1:1', guard: { allowPrivateHosts: '127.0.0.1/8,::1' } });
    await expect(down.send({ to: '+8613800138000', text: 'hi', idempotencyKey: 'x' })).rejects.toMatchObject({ code: 'SMS_PROVIDER_UNAVAILABLE' });
  });

  it('accepts a status callback signed by Twilio and refuses a forged one', () => {
    const body = { MessageSid: 'SMabc', MessageStatus: 'delivered', To: '+8613800138000', AccountSid: SID };
    const signature = twilio.getExpectedTwilioSignature(TOKEN, CALLBACK, body);
    expect(provider.parseStatusCallback({ url: CALLBACK, headers: { 'x-twilio-signature': signature }, body })).toEqual([
      expect.objectContaining({ providerMessageId: 'SMabc', status: 'delivered', providerStatus: 'delivered', to: '+8613800138000' }),
    ]);
    const forged = twilio.getExpectedTwilioSignature('not-the-token', CALLBACK, body);
    expect(() => provider.parseStatusCallback({ url: CALLBACK, headers: { 'x-twilio-signature': forged }, body })).toThrow(
      expect.objectContaining({ code: 'SMS_WEBHOOK_SIGNATURE_INVALID' }),
    );
    const tampered = { ...body, MessageStatus: 'failed' };
    expect(() => provider.parseStatusCallback({ url: CALLBACK, headers: { 'x-twilio-signature': signature }, body: tampered })).toThrow();
    expect(() => provider.parseStatusCallback({ url: CALLBACK, headers: {}, body })).toThrow();
  });

  it('parses a signed inbound message', () => {
    const url = 'https://tidings.example.test/webhooks/sms/twilio/inbound';
    const body = { MessageSid: 'SMin', From: '+8613800138000', To: '+15005550006', Body: 'STOP' };
    const signature = twilio.getExpectedTwilioSignature(TOKEN, url, body);
    expect(provider.parseInbound({ url, headers: { 'x-twilio-signature': signature }, body })).toEqual([
      { from: '+8613800138000', to: '+15005550006', text: 'STOP', providerMessageId: 'SMin' },
    ]);
  });
});

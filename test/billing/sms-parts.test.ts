// Issue "journeys", item 1: one count of an SMS's parts, the signature counted once per the
// provider's rule, used by the reservation, the charge, the statistics and the outbox row.
import { describe, expect, it } from 'vitest';
import { messageParts, splitParts, textForProvider, type SmsProvider } from '../../src/adapters/sms/index.js';
import { campaignSmsStats, ledgerEntries, sendSms, topUp } from '../../src/modules/billing/index.js';
import { describeStoreContract } from '../helpers/store-contract.js';
import { makeSmsAccount, TEST_PRICE_MINOR } from './sms-account.fixture.js';

const SIGNATURE = '【Tidings】';
// 61 Chinese characters: with the signature once (9 + 61 = 70) one UCS-2 part, twice (79) two.
const BODY = '您'.repeat(61);

describe('messageParts: the signature is counted once, per the provider rule', () => {
  const cases = [
    // Aliyun adds 【signature】 itself: it gets the body, and the count adds the signature.
    { name: 'aliyun: body handed over, signature added by the count', provider: 'aliyun', sent: BODY, expected: 1 },
    // Twilio, SMPP and the sandbox get the full text: the signature is already in it.
    { name: 'smpp: full text, signature not added again', provider: 'smpp', sent: SIGNATURE + BODY, expected: 1 },
    { name: 'twilio: full text, signature not added again', provider: 'twilio', sent: SIGNATURE + BODY, expected: 1 },
    { name: 'sandbox: full text, signature not added again', provider: 'sandbox', sent: SIGNATURE + BODY, expected: 1 },
    { name: 'smpp: one character more is two parts', provider: 'smpp', sent: `${SIGNATURE + BODY}您`, expected: 2 },
    { name: 'aliyun: one character more is two parts', provider: 'aliyun', sent: `${BODY}您`, expected: 2 },
  ] as const;
  for (const c of cases) {
    it(c.name, () => {
      expect(messageParts(c.provider, c.sent, SIGNATURE).segments).toBe(c.expected);
    });
  }

  it('textForProvider hands Aliyun the body and the others the full text', () => {
    const rendered = { text: SIGNATURE + BODY, body: BODY };
    expect(textForProvider('aliyun', rendered)).toBe(BODY);
    expect(textForProvider('smpp', rendered)).toBe(SIGNATURE + BODY);
    expect(textForProvider('sandbox', rendered)).toBe(SIGNATURE + BODY);
  });
});

/** An SMPP-like provider: it splits the text it gets into parts as an SMSC does, and bills those. */
function smppLike(): SmsProvider {
  let n = 0;
  return {
    kind: 'smpp',
    async send(request) {
      n += 1;
      return { providerMessageId: `smpp-${n}`, parts: splitParts(request.text).parts.length, status: 'accepted' };
    },
  };
}

describeStoreContract('SMS parts: reservation, charge, statistics agree', (store) => {
  it('an SMPP account with a signature reserves and charges the same parts (was: reserve 2, charge 1)', async () => {
    const { db } = store();
    const account = await makeSmsAccount(db, { provider: 'smpp', signature: SIGNATURE });
    await topUp(db, { accountId: account.id, idempotencyKey: `${account.name}:t`, amountMinor: 10_000, reference: 'r', operator: 'f' });
    const result = await sendSms(db, smppLike(), {
      account: { id: account.id, timeZone: 'Asia/Shanghai', signature: SIGNATURE },
      to: '+8613800138000',
      text: SIGNATURE + BODY,
      idempotencyKey: `${account.name}:m1`,
      campaignId: 9_001,
    });
    expect(result).toMatchObject({ parts: 1, costMinor: TEST_PRICE_MINOR });
    const entries = await ledgerEntries(db, account.id);
    const pending = entries.find((e) => e.kind === 'pending');
    const post = entries.find((e) => e.kind === 'post');
    expect({ reserved: pending?.parts, charged: post?.parts }).toEqual({ reserved: 1, charged: 1 });
  });

  it('statistics count the parts charged, so parts × price = cost (was: 36 parts but ¥2.90)', async () => {
    const { db } = store();
    const account = await makeSmsAccount(db, { provider: 'twilio' });
    await topUp(db, { accountId: account.id, idempotencyKey: `${account.name}:t`, amountMinor: 10_000, reference: 'r', operator: 'f' });
    // The provider bills fewer parts than were reserved (a retry re-rendered a shorter text).
    const provider: SmsProvider = { kind: 'twilio', send: async () => ({ providerMessageId: `SM-${account.name}`, parts: 1, status: 'accepted' }) };
    await sendSms(db, provider, {
      account: { id: account.id, timeZone: 'Asia/Shanghai' },
      to: '+8613800138000',
      text: 'x'.repeat(200),
      idempotencyKey: `${account.name}:m1`,
      campaignId: 9_002,
    });
    const stats = await campaignSmsStats(db, 9_002);
    expect(stats.parts * TEST_PRICE_MINOR).toBe(stats.costMinor);
    expect(stats).toMatchObject({ messages: 1, parts: 1, costMinor: TEST_PRICE_MINOR });
  });
});

import twilio from 'twilio';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { balance, campaignSmsStats, checkConsistency, recordReceipt, sendSms, setPrice, smsStats, topUp } from '../../src/modules/billing/index.js';
import { TwilioProvider } from '../../src/adapters/sms/index.js';
import { describeStoreContract } from '../helpers/store-contract.js';
import { startTwilioFake, TWILIO_INVALID, TWILIO_SERVER_ERROR, type TwilioFake } from '../fixtures/sms/twilio-server.js';
import { makeSmsAccount } from './sms-account.fixture.js';

const SID = 'AC0123456789abcdef0123456789abcdef';
const TOKEN = 'stats-token';
const CALLBACK = 'https://tidings.example.test/webhooks/sms/twilio/status';

/** Deterministic PRNG (mulberry32) so a failure reproduces. */
function rng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Shanghai calendar day by Intl (independent of the luxon code under test). */
const shanghaiDay = (at: number) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);

interface Sent {
  at: number;
  parts: number;
  outcome: 'failed-send' | 'pending' | 'accepted' | 'delivered' | 'undelivered';
  price: number;
  campaign: number;
}

let fake: TwilioFake;
beforeAll(async () => {
  fake = await startTwilioFake(SID, TOKEN);
});
afterAll(() => fake.close());

describeStoreContract('SMS statistics over a generated month', (store) => {
  it('equal an independent count, per Shanghai day and month, including the UTC/Shanghai boundary', async () => {
    const { db } = store();
    const account = await makeSmsAccount(db, { time_zone: 'Asia/Shanghai' });
    const provider = new TwilioProvider({ accountSid: SID, authToken: TOKEN, from: '+15005550006', statusCallbackUrl: CALLBACK, apiBaseUrl: fake.url, guard: { allowPrivateHosts: '127.0.0.1/8,::1' } });
    await topUp(db, { accountId: account.id, idempotencyKey: `${account.name}:topup`, amountMinor: 1_000_000, reference: 'r', operator: 'f' });
    // Price change at 2026-03-16 00:00 Shanghai.
    const priceChange = Date.parse('2026-03-15T16:00:00Z');
    await setPrice(db, { accountId: account.id, priceMinor: 10, effectiveFrom: Date.parse('2026-01-01T00:00:00Z') });
    await setPrice(db, { accountId: account.id, priceMinor: 8, effectiveFrom: priceChange });

    const random = rng(20260301);
    const start = Date.parse('2026-02-28T12:00:00Z');
    const end = Date.parse('2026-04-01T04:00:00Z');
    const fixed = [Date.parse('2026-03-01T17:00:00Z'), Date.parse('2026-02-28T16:30:00Z'), Date.parse('2026-03-31T16:00:00Z'), Date.parse('2026-03-01T15:59:59Z')];
    const times = [...fixed, ...Array.from({ length: 150 }, () => start + Math.floor(random() * (end - start)))];
    const sent: Sent[] = [];
    for (const [i, at] of times.entries()) {
      const roll = random();
      const to = roll < 0.05 ? TWILIO_INVALID : roll < 0.08 ? TWILIO_SERVER_ERROR : `+86138${String(10_000_000 + i).slice(-8)}`;
      const parts = 1 + Math.floor(random() * 3);
      const text = parts === 1 ? `第${i}条` : '新'.repeat(parts === 2 ? 100 : 140);
      const campaign = 1 + (i % 2);
      const price = at >= priceChange ? 8 : 10;
      try {
        const result = await sendSms(db, provider, { account: { id: account.id, timeZone: 'Asia/Shanghai' }, to, text, idempotencyKey: `${account.name}:${i}`, campaignId: campaign, at });
        expect(result.parts).toBe(parts);
        const receipt = random();
        let outcome: Sent['outcome'] = 'accepted';
        if (receipt < 0.7 || receipt < 0.85) {
          const status = receipt < 0.7 ? 'delivered' : 'undelivered';
          const body = { MessageSid: result.providerMessageId, MessageStatus: status, To: to, ...(status === 'undelivered' ? { ErrorCode: '30003' } : {}) };
          const [parsed] = provider.parseStatusCallback({ url: CALLBACK, headers: { 'x-twilio-signature': twilio.getExpectedTwilioSignature(TOKEN, CALLBACK, body) }, body });
          expect(await recordReceipt(db, 'twilio', parsed!)).toBe(1);
          outcome = status;
        }
        sent.push({ at, parts, outcome, price, campaign });
      } catch (error) {
        const code = (error as { code?: string }).code;
        expect(['SMS_INVALID_NUMBER', 'SMS_OUTCOME_UNKNOWN']).toContain(code);
        sent.push({ at, parts, outcome: code === 'SMS_INVALID_NUMBER' ? 'failed-send' : 'pending', price, campaign });
      }
    }

    // Independent count.
    const inMarch = sent.filter((s) => shanghaiDay(s.at).startsWith('2026-03'));
    const expectedByDay = new Map<string, { messages: number; parts: number; accepted: number; delivered: number; failed: number; pending: number; costMinor: number }>();
    for (const s of inMarch) {
      const day = shanghaiDay(s.at);
      const e = expectedByDay.get(day) ?? { messages: 0, parts: 0, accepted: 0, delivered: 0, failed: 0, pending: 0, costMinor: 0 };
      e.messages++;
      e.parts += s.parts;
      if (s.outcome === 'accepted' || s.outcome === 'delivered' || s.outcome === 'undelivered') {
        e.accepted++;
        e.costMinor += s.parts * s.price;
      }
      if (s.outcome === 'delivered') e.delivered++;
      if (s.outcome === 'undelivered' || s.outcome === 'failed-send') e.failed++;
      if (s.outcome === 'pending') e.pending++;
      expectedByDay.set(day, e);
    }

    const stats = await smsStats(db, { accountId: account.id, from: '2026-03-01', to: '2026-03-31', by: 'day' });
    expect(stats.rows).toHaveLength(31);
    for (const row of stats.rows) {
      const { period, ...counts } = row;
      expect(counts, period).toEqual(expectedByDay.get(period) ?? { messages: 0, parts: 0, accepted: 0, delivered: 0, failed: 0, pending: 0, costMinor: 0 });
    }
    // The boundary: 2026-03-01T17:00Z is on 03-02 in Shanghai, 2026-03-01T15:59:59Z still on 03-01.
    expect(shanghaiDay(fixed[0]!)).toBe('2026-03-02');
    expect(stats.total.messages).toBe(inMarch.length);
    expect(inMarch.some((s) => s.at === fixed[1])).toBe(true);
    expect(inMarch.some((s) => s.at === fixed[2])).toBe(false);

    const monthly = await smsStats(db, { accountId: account.id, from: '2026-03-01', to: '2026-03-31', by: 'month' });
    expect(monthly.rows).toEqual([{ period: '2026-03', ...stats.total }]);

    const campaignOne = await smsStats(db, { accountId: account.id, from: '2026-03-01', to: '2026-03-31', by: 'month', campaignId: 1 });
    expect(campaignOne.total.messages).toBe(inMarch.filter((s) => s.campaign === 1).length);
    const allCampaignOne = await campaignSmsStats(db, 1);
    expect(allCampaignOne.messages).toBeGreaterThanOrEqual(campaignOne.total.messages);

    // The money agrees with the messages: charged = accepted parts × price, pending = unknown outcomes.
    const wallet = await balance(db, account.id);
    const charged = sent.filter((s) => ['accepted', 'delivered', 'undelivered'].includes(s.outcome)).reduce((n, s) => n + s.parts * s.price, 0);
    const held = sent.filter((s) => s.outcome === 'pending').reduce((n, s) => n + s.parts * s.price, 0);
    expect({ posted: wallet.postedMinor, pending: wallet.pendingMinor, balance: wallet.balanceMinor }).toEqual({ posted: charged, pending: held, balance: 1_000_000 - charged - held });
    expect((await checkConsistency(db, account.id)).ok).toBe(true);
  }, 60_000); // 154 sends through the Twilio wire on PostgreSQL: ~5 s alone, 12 s and more on a loaded machine

  it('a retry with the same key neither sends nor charges twice', async () => {
    const { db } = store();
    const account = await makeSmsAccount(db);
    const provider = new TwilioProvider({ accountSid: SID, authToken: TOKEN, from: '+15005550006', apiBaseUrl: fake.url, guard: { allowPrivateHosts: '127.0.0.1/8,::1' } });
    await topUp(db, { accountId: account.id, idempotencyKey: `${account.name}:t`, amountMinor: 100, reference: 'r', operator: 'f' });
    const before = fake.requests.length;
    const input = { account: { id: account.id, timeZone: 'Asia/Shanghai' }, to: '138 0013 8000', text: 'hello', idempotencyKey: `${account.name}:m` };
    const first = await sendSms(db, provider, input);
    const again = await sendSms(db, provider, input);
    expect(first).toMatchObject({ to: '+8613800138000', costMinor: 10, replayed: false });
    expect(again).toMatchObject({ providerMessageId: first.providerMessageId, replayed: true, balanceMinor: 90 });
    expect(fake.requests.length - before).toBe(1);
    await expect(sendSms(db, provider, { ...input, to: '12', idempotencyKey: `${account.name}:bad` })).rejects.toMatchObject({ code: 'SMS_INVALID_NUMBER' });
    await expect(sendSms(db, provider, { ...input, idempotencyKey: `${account.name}:poor`, text: '中'.repeat(700) })).rejects.toMatchObject({ code: 'BILLING_INSUFFICIENT_BALANCE' });
    expect((await balance(db, account.id)).balanceMinor).toBe(90);
  });
});

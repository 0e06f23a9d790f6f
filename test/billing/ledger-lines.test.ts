// Issue "journeys", items 3 and 4: the ledger read one line per message, and a campaign's SMS cost
// from the ledger; both must agree with the statistics and the message rows.
import { expect, it } from 'vitest';
import type { SmsProvider } from '../../src/adapters/sms/index.js';
import { campaignSmsCost, campaignSmsStats, ledgerLines, sendSms, settleSms, topUp } from '../../src/modules/billing/index.js';
import { TidingsError } from '../../src/platform/errors/index.js';
import { describeStoreContract } from '../helpers/store-contract.js';
import { makeSmsAccount, TEST_PRICE_MINOR } from './sms-account.fixture.js';

/** Accepts texts as Twilio would count them; refuses numbers ending in 9; times out on numbers ending in 7. */
function provider(): SmsProvider {
  let n = 0;
  return {
    kind: 'twilio',
    async send(request) {
      n += 1;
      if (request.to.endsWith('9')) throw new TidingsError('SMS_REJECTED', 'refused');
      if (request.to.endsWith('7')) throw new TidingsError('SMS_OUTCOME_UNKNOWN', 'timed out');
      return { providerMessageId: `SM${n}-${request.idempotencyKey}`, parts: request.text.length > 160 ? 2 : 1, status: 'accepted' };
    },
  };
}

describeStoreContract('ledger lines and cost per campaign', (store) => {
  it('one line per message with its state; the campaign cost equals the statistics and the charged lines', async () => {
    const { db } = store();
    const account = await makeSmsAccount(db);
    await topUp(db, { accountId: account.id, idempotencyKey: `${account.name}:t`, amountMinor: 10_000, reference: 'INV-1', operator: 'finance' });
    const campaignId = 70_000 + account.id;
    const p = provider();
    const send = (to: string, text: string, key: string) =>
      sendSms(db, p, { account: { id: account.id, timeZone: 'Asia/Shanghai' }, to, text, idempotencyKey: `${account.name}:${key}`, campaignId }).catch((e: unknown) => e);
    await send('+8613800138000', 'short', 'a');
    await send('+8613800138001', 'x'.repeat(200), 'b');
    await send('+8613800138009', 'refused', 'c');
    await send('+8613800138007', 'unknown', 'd');
    await send('+8613800138002', 'settled later', 'e');

    const lines = await ledgerLines(db, account.id);
    // Newest first: 5 messages then the top-up; never a separate post/void line.
    expect(lines.map((l) => l.state ?? l.kind)).toEqual(['charged', 'reserved', 'released', 'charged', 'charged', 'credit']);
    expect(lines.map((l) => l.amountMinor)).toEqual([10, 10, 0, 20, 10, 10_000]);
    expect(lines[3]).toMatchObject({ reservedParts: 2, chargedParts: 2, priceMinor: TEST_PRICE_MINOR });

    const cost = await campaignSmsCost(db, campaignId);
    expect(cost).toMatchObject({ messages: 5, chargedParts: 4, chargedMinor: 40, heldParts: 1, heldMinor: 10, released: 1, currency: 'CNY' });
    const stats = await campaignSmsStats(db, campaignId);
    expect(stats.costMinor).toBe(cost.chargedMinor);
    const chargedLines = lines.filter((l) => l.state === 'charged').reduce((sum, l) => sum + l.amountMinor, 0);
    expect(chargedLines).toBe(cost.chargedMinor);

    // Settling the held one folds into its line too.
    await settleSms(db, { idempotencyKey: `${account.name}:d`, accepted: true, providerMessageId: 'SM-late' });
    const after = await ledgerLines(db, account.id);
    expect(after[1]).toMatchObject({ state: 'charged', amountMinor: 10 });
    expect((await campaignSmsCost(db, campaignId)).chargedMinor).toBe((await campaignSmsStats(db, campaignId)).costMinor);
  });

  it('a campaign that sent nothing costs nothing', async () => {
    expect(await campaignSmsCost(store().db, 987_654)).toMatchObject({ messages: 0, chargedMinor: 0, currency: null });
  });
});

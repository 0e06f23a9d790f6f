// Issue "journeys", item 6: the local sandbox provider stores what it sends, reports it delivered
// like a real receipt, and is billed exactly like a real provider.
import { describe, expect, it } from 'vitest';
import { messageParts, SandboxProvider, type DeliveryReceipt, type SandboxMessage } from '../../../src/adapters/sms/index.js';
import { campaignSmsStats, listSandboxMessages, sandboxOutbox, sendSms, topUp } from '../../../src/modules/billing/index.js';
import { describeStoreContract } from '../../helpers/store-contract.js';
import { waitFor } from '../../helpers/wait.js';
import { makeSmsAccount, TEST_PRICE_MINOR } from '../../billing/sms-account.fixture.js';

describe('SandboxProvider (in memory)', () => {
  it('accepts, stores the text with its parts, and delivers a receipt once the message is billed', async () => {
    const stored: SandboxMessage[] = [];
    const receipts: DeliveryReceipt[] = [];
    let billed = false;
    const provider = new SandboxProvider({
      outbox: {
        record: async (m) => void stored.push(m),
        deliver: async (r) => {
          if (!billed) return false;
          receipts.push(r);
          return true;
        },
      },
      deliveryDelayMs: 5,
    });
    const text = `【Tidings】${'您'.repeat(70)}`;
    const result = await provider.send({ to: '+8613800138000', text, idempotencyKey: 'k1' });
    expect(result).toMatchObject({ status: 'accepted', parts: messageParts('sandbox', text).segments });
    expect(result.parts).toBe(2);
    expect(stored).toEqual([expect.objectContaining({ to: '+8613800138000', text, parts: 2, encoding: 'UCS-2', providerMessageId: result.providerMessageId })]);
    billed = true;
    await waitFor(() => receipts.length === 1, { timeoutMs: 10_000 });
    expect(receipts[0]).toMatchObject({ providerMessageId: result.providerMessageId, status: 'delivered' });
    await provider.close();
  });
});

describeStoreContract('sandbox provider through the charged send path', (store) => {
  it('stores the message, bills it like a real one and marks it delivered', async () => {
    const { db } = store();
    const account = await makeSmsAccount(db, { provider: 'sandbox', signature: '【Tidings】' });
    await topUp(db, { accountId: account.id, idempotencyKey: `${account.name}:t`, amountMinor: 1_000, reference: 'r', operator: 'f' });
    const provider = new SandboxProvider({ outbox: sandboxOutbox(db, account.id), deliveryDelayMs: 5 });
    const campaignId = 80_000 + account.id;
    const text = `【Tidings】${'您'.repeat(70)}`;
    const result = await sendSms(db, provider, { account: { id: account.id, timeZone: 'Asia/Shanghai', signature: '【Tidings】' }, to: '13800138000', text, idempotencyKey: `${account.name}:m`, campaignId });
    expect(result).toMatchObject({ parts: 2, costMinor: 2 * TEST_PRICE_MINOR });
    const outbox = await listSandboxMessages(db, account.id);
    expect(outbox).toEqual([expect.objectContaining({ to: '+8613800138000', text, parts: 2 })]);
    await waitFor(async () => (await campaignSmsStats(db, campaignId)).delivered === 1, { timeoutMs: 20_000 });
    expect(await campaignSmsStats(db, campaignId)).toMatchObject({ messages: 1, parts: 2, delivered: 1, costMinor: 2 * TEST_PRICE_MINOR });
    expect((await listSandboxMessages(db, account.id))[0]).toMatchObject({ status: 'delivered' });
    await provider.close();
  });
});

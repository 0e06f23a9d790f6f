import { expect, it } from 'vitest';
import { recordReceipt, sendSms, topUp } from '../../src/modules/billing/index.js';
import type { SmsProvider } from '../../src/adapters/sms/index.js';
import { FakeClock } from '../helpers/clock.js';
import { describeStoreContract } from '../helpers/store-contract.js';
import { makeSmsAccount } from './sms-account.fixture.js';

describeStoreContract('a delivery receipt that arrives before the charge commits', (store) => {
  it('waits for its message and is applied when the charge commits; a repeat changes nothing; one that never matches is dropped after a week', async () => {
    const { db } = store();
    const clock = new FakeClock(1_800_000_000_000);
    const account = await makeSmsAccount(db);
    await topUp(db, { accountId: account.id, idempotencyKey: `${account.name}:t`, amountMinor: 100, reference: 'r', operator: 'f' });
    const pushed: number[] = [];
    // A fast provider: its receipt reaches the webhook while our send call is still waiting for the answer.
    const provider: SmsProvider = {
      kind: 'twilio',
      async send() {
        pushed.push(await recordReceipt(db, 'twilio', { providerMessageId: 'SM-fast', status: 'delivered', providerStatus: 'delivered', deliveredAt: 1_800_000_000_500 }, clock));
        return { providerMessageId: 'SM-fast', parts: 1, status: 'accepted' };
      },
    };
    await sendSms(db, provider, { account: { id: account.id, timeZone: 'Asia/Shanghai' }, to: '+8613800138000', text: 'hello', idempotencyKey: `${account.name}:1` }, { clock });
    expect(pushed).toEqual([0]);
    const row = await db.selectFrom('sms_messages').select(['status', 'delivered_at', 'cost_minor']).where('idempotency_key', '=', `${account.name}:1`).executeTakeFirstOrThrow();
    expect({ ...row, delivered_at: Number(row.delivered_at) }).toEqual({ status: 'delivered', delivered_at: 1_800_000_000_500, cost_minor: 10 });
    expect(await db.selectFrom('sms_early_receipts').selectAll().execute()).toEqual([]);

    // The provider pushes the same receipt again: the message is final, nothing is kept.
    expect(await recordReceipt(db, 'twilio', { providerMessageId: 'SM-fast', status: 'failed', providerStatus: 'UNDELIV' }, clock)).toBe(0);
    expect((await db.selectFrom('sms_messages').select('status').where('idempotency_key', '=', `${account.name}:1`).executeTakeFirstOrThrow()).status).toBe('delivered');
    expect(await db.selectFrom('sms_early_receipts').selectAll().execute()).toEqual([]);

    // A receipt for an id we never sent waits, and goes once it is a week old.
    await recordReceipt(db, 'twilio', { providerMessageId: 'SM-unknown', status: 'failed', providerStatus: 'UNDELIV' }, clock);
    expect((await db.selectFrom('sms_early_receipts').select('provider_message_id').execute()).map((r) => r.provider_message_id)).toEqual(['SM-unknown']);
    clock.advance(7 * 86_400_000 + 1);
    await recordReceipt(db, 'twilio', { providerMessageId: 'SM-other', status: 'failed', providerStatus: 'UNDELIV' }, clock);
    expect((await db.selectFrom('sms_early_receipts').select('provider_message_id').execute()).map((r) => r.provider_message_id)).toEqual(['SM-other']);
  });
});

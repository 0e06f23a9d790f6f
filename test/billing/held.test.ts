import { expect, it } from 'vitest';
import {
  adjust,
  balance,
  checkWallets,
  listHeldReservations,
  MAX_AMOUNT_MINOR,
  parseMajor,
  reserve,
  sendSms,
  setLowBalanceThreshold,
  setPrice,
  settleHeldReservation,
  topUp,
} from '../../src/modules/billing/index.js';
import { TidingsError } from '../../src/platform/errors/index.js';
import type { SmsProvider } from '../../src/adapters/sms/index.js';
import { describeStoreContract } from '../helpers/store-contract.js';
import { makeSmsAccount, TEST_PRICE_MINOR } from './sms-account.fixture.js';
import { stateOf } from './sms-send.fixture.js';

describeStoreContract('billing: held reservations end, amounts are capped', (store) => {
  const funded = async (amountMinor = 100) => {
    const { db } = store();
    const account = await makeSmsAccount(db);
    await topUp(db, { accountId: account.id, idempotencyKey: `${account.name}:t`, amountMinor, reference: 'r', operator: 'f' });
    return { db, account };
  };

  it('lists held reservations with their age from the given time, and only those not yet resolved', async () => {
    const { db, account } = await funded();
    await reserve(db, { accountId: account.id, idempotencyKey: `${account.name}:a`, parts: 2 });
    await reserve(db, { accountId: account.id, idempotencyKey: `${account.name}:b`, parts: 1 });
    const created = (await db.selectFrom('sms_ledger').select('created_at').where('idempotency_key', '=', `${account.name}:a`).executeTakeFirstOrThrow()).created_at;
    const held = await listHeldReservations(db, account.id, { now: created + 90 * 60_000 });
    expect(held.map((h) => [h.key, h.parts, h.amountMinor])).toEqual([
      [`${account.name}:a`, 2, 20],
      [`${account.name}:b`, 1, 10],
    ]);
    expect(held[0]!.ageMs).toBe(90 * 60_000);
    await settleHeldReservation(db, { key: `${account.name}:a`, outcome: 'rejected', operator: 'zhao', note: 'not sent' });
    expect((await listHeldReservations(db, account.id)).map((h) => h.key)).toEqual([`${account.name}:b`]);
  });

  it('settles once: accepted charges, rejected releases; again, unknown, foreign or without a note is refused and books nothing', async () => {
    const { db, account } = await funded();
    const other = await funded();
    for (const k of ['a', 'b']) await reserve(db, { accountId: account.id, idempotencyKey: `${account.name}:${k}`, parts: 1 });
    const key = (k: string) => `${account.name}:${k}`;
    expect(await settleHeldReservation(db, { key: key('a'), outcome: 'accepted', operator: 'zhao', note: 'portal: delivered' })).toMatchObject({ kind: 'post', amountMinor: 10, replayed: false });
    expect(await settleHeldReservation(db, { key: key('b'), outcome: 'rejected', operator: 'zhao', note: 'portal: unknown number' })).toMatchObject({ kind: 'void', amountMinor: 10 });
    expect(await balance(db, account.id)).toMatchObject({ balanceMinor: 90, pendingMinor: 0, postedMinor: 10 });
    const count = async () => (await db.selectFrom('sms_ledger').select('id').where('sms_account_id', '=', account.id).execute()).length;
    const before = await count();

    const refusals: [Parameters<typeof settleHeldReservation>[1], string][] = [
      [{ key: key('a'), outcome: 'accepted', operator: 'zhao', note: 'again' }, 'BILLING_RESERVATION_RESOLVED'],
      [{ key: key('a'), outcome: 'rejected', operator: 'zhao', note: 'again' }, 'BILLING_RESERVATION_RESOLVED'],
      [{ key: key('b'), outcome: 'rejected', operator: 'zhao', note: 'again' }, 'BILLING_RESERVATION_RESOLVED'],
      [{ key: key('nope'), outcome: 'rejected', operator: 'zhao', note: 'typo' }, 'BILLING_RESERVATION_NOT_FOUND'],
      [{ key: `${account.name}:t`, outcome: 'rejected', operator: 'zhao', note: 'a top-up is no reservation' }, 'BILLING_RESERVATION_NOT_FOUND'],
      [{ key: key('a'), outcome: 'rejected', operator: 'zhao', note: 'x', accountId: other.account.id }, 'BILLING_RESERVATION_NOT_FOUND'],
      [{ key: key('a'), outcome: 'rejected', operator: 'zhao', note: '  ' }, 'VALIDATION_FAILED'],
    ];
    for (const [input, code] of refusals) await expect(settleHeldReservation(db, input)).rejects.toMatchObject({ code });
    expect(await count()).toBe(before);
    const entries = await db.selectFrom('sms_ledger').select(['kind', 'operator', 'reason']).where('pending_id', 'is not', null).where('sms_account_id', '=', account.id).orderBy('id').execute();
    expect(entries).toEqual([
      { kind: 'post', operator: 'zhao', reason: 'settled by hand as delivered: portal: delivered' },
      { kind: 'void', operator: 'zhao', reason: 'settled by hand as not delivered: portal: unknown number' },
    ]);
    expect((await checkWallets(db, [account.id])).ok).toBe(true);
  });

  it('two people settling the same reservation at once book one entry', async () => {
    const { db, account } = await funded();
    const key = `${account.name}:race`;
    await reserve(db, { accountId: account.id, idempotencyKey: key, parts: 1 });
    const results = await Promise.allSettled([
      settleHeldReservation(db, { key, outcome: 'accepted', operator: 'a', note: 'x' }),
      settleHeldReservation(db, { key, outcome: 'accepted', operator: 'b', note: 'y' }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(refused.reason).toMatchObject({ code: 'BILLING_RESERVATION_RESOLVED' });
    expect(await balance(db, account.id)).toMatchObject({ balanceMinor: 90, pendingMinor: 0, postedMinor: 10 });
  });

  it('a retry of sendSms with a text of other parts reuses its reservation and is charged at most what it holds', async () => {
    for (const [firstText, retryText, charged] of [
      ['short', 'x'.repeat(200), 10],
      ['x'.repeat(200), 'short', 10],
    ] as const) {
      const { db, account } = await funded();
      const key = `${account.name}:m`;
      let calls = 0;
      const provider: SmsProvider = {
        kind: 'twilio',
        async send(request) {
          calls += 1;
          if (calls === 1) throw new TidingsError('SMS_PROVIDER_UNAVAILABLE', 'down');
          return { providerMessageId: 'SM1', parts: request.text.length > 160 ? 2 : 1, status: 'accepted' };
        },
      };
      const send = (text: string) => sendSms(db, provider, { account: { id: account.id, timeZone: 'Asia/Shanghai' }, to: '+8613800138000', text, idempotencyKey: key });
      await expect(send(firstText)).rejects.toMatchObject({ code: 'SMS_PROVIDER_UNAVAILABLE' });
      const reserved = (await listHeldReservations(db, account.id))[0]!;
      // The result reports what was charged (parts × price = cost), never more than was reserved.
      expect(reserved.parts).toBeGreaterThanOrEqual(charged / TEST_PRICE_MINOR);
      expect(await send(retryText)).toMatchObject({ parts: charged / TEST_PRICE_MINOR, costMinor: charged, replayed: false });
      const pending = await db.selectFrom('sms_ledger').select('id').where('sms_account_id', '=', account.id).where('kind', '=', 'pending').execute();
      expect(pending).toHaveLength(1);
      // Posted: the provider billed `min(its parts, reserved)`; the rest of the reservation went back.
      expect((await stateOf(db, account.id, key)).wallet).toEqual({ balance: 100 - charged, pending: 0, posted: charged });
      expect((await checkWallets(db, [account.id])).ok).toBe(true);
    }
  });

  it('refuses amounts, prices, thresholds and balances above 10^13 厘 (10^12 fen) with BILLING_AMOUNT_TOO_LARGE, naming the maximum in yuan', async () => {
    const { db, account } = await funded(0 + 1);
    const tooLarge = { code: 'BILLING_AMOUNT_TOO_LARGE', message: expect.stringContaining('10000000000.00 yuan') };
    await expect(topUp(db, { accountId: account.id, idempotencyKey: `${account.name}:big`, amountMinor: Number.MAX_SAFE_INTEGER, reference: 'r', operator: 'f' })).rejects.toMatchObject(tooLarge);
    await expect(topUp(db, { accountId: account.id, idempotencyKey: `${account.name}:edge`, amountMinor: MAX_AMOUNT_MINOR, reference: 'r', operator: 'f' })).rejects.toMatchObject({
      code: 'BILLING_AMOUNT_TOO_LARGE',
      message: expect.stringContaining('balance after this top-up'),
    });
    await expect(adjust(db, { accountId: account.id, idempotencyKey: `${account.name}:adj`, amountMinor: MAX_AMOUNT_MINOR, reason: 'x', operator: 'f' })).rejects.toMatchObject(tooLarge);
    await expect(adjust(db, { accountId: account.id, idempotencyKey: `${account.name}:neg`, amountMinor: -(MAX_AMOUNT_MINOR + 1), reason: 'x', operator: 'f' })).rejects.toMatchObject(tooLarge);
    await expect(setPrice(db, { accountId: account.id, priceMinor: MAX_AMOUNT_MINOR + 1 })).rejects.toMatchObject(tooLarge);
    await expect(setLowBalanceThreshold(db, account.id, MAX_AMOUNT_MINOR + 1)).rejects.toMatchObject(tooLarge);
    expect(() => parseMajor('10000000000.01')).toThrow(expect.objectContaining({ code: 'BILLING_AMOUNT_TOO_LARGE' }));
    expect(parseMajor('-10000000000.00')).toBe(-MAX_AMOUNT_MINOR);
    // The maximum itself is fine, and a reservation can still spend from it.
    await topUp(db, { accountId: account.id, idempotencyKey: `${account.name}:fill`, amountMinor: MAX_AMOUNT_MINOR - 1, reference: 'r', operator: 'f' });
    expect(await balance(db, account.id)).toMatchObject({ balanceMinor: MAX_AMOUNT_MINOR });
    await reserve(db, { accountId: account.id, idempotencyKey: `${account.name}:m`, parts: 1 });
    expect((await checkWallets(db, [account.id])).ok).toBe(true);
  });

  it('checkWallets finds a wallet whose running totals disagree with its entries', async () => {
    const { db, account } = await funded();
    const good = await funded();
    expect((await checkWallets(db, [account.id, good.account.id])).ok).toBe(true);
    await db.updateTable('sms_wallets').set({ balance_minor: 150 }).where('sms_account_id', '=', account.id).execute();
    const report = await checkWallets(db, [account.id, good.account.id]);
    expect(report.ok).toBe(false);
    expect(report.wallets.map((w) => [w.account, w.ok])).toEqual([
      [account.name, false],
      [good.account.name, true],
    ]);
    expect(report.wallets[0]!.problems).toEqual(['balanceMinor: wallet 150 ≠ entries 100']);
  });
});

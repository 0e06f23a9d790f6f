import { expect, it } from 'vitest';
import {
  adjust,
  balance,
  checkConsistency,
  post,
  reserve,
  setLowBalanceThreshold,
  setPrice,
  topUp,
  voidReservation,
} from '../../src/modules/billing/index.js';
import { isTidingsError } from '../../src/platform/errors/index.js';
import type { Store } from '../../src/platform/db/index.js';
import { describeStoreContract } from '../helpers/store-contract.js';
import { makeSmsAccount } from './sms-account.fixture.js';

type Step =
  | { op: 'topUp'; key: string; amount: number }
  | { op: 'adjust'; key: string; amount: number }
  | { op: 'reserve'; key: string; parts: number }
  | { op: 'post'; key: string; parts?: number }
  | { op: 'void'; key: string }
  | { op: 'price'; price: number };

interface Case {
  name: string;
  input: Step[];
  expected: { balance: number; pending: number; posted: number; errors: (string | null)[] };
}

const cases: Case[] = [
  {
    name: 'top-up credits the balance',
    input: [{ op: 'topUp', key: 't1', amount: 1000 }],
    expected: { balance: 1000, pending: 0, posted: 0, errors: [null] },
  },
  {
    // Minor units are 厘 (0.001 yuan): the default ¥0.10 a part is 100.
    name: 'reserve holds price × parts at the default price, 100 厘 (¥0.10), when the account has none',
    input: [
      { op: 'topUp', key: 't1', amount: 1000 },
      { op: 'reserve', key: 'm1', parts: 3 },
    ],
    expected: { balance: 700, pending: 300, posted: 0, errors: [null, null] },
  },
  {
    name: 'post charges the reservation',
    input: [
      { op: 'topUp', key: 't1', amount: 100 },
      { op: 'reserve', key: 'm1', parts: 2 },
      { op: 'post', key: 'm1' },
    ],
    expected: { balance: 80, pending: 0, posted: 20, errors: [null, null, null] },
  },
  {
    name: 'post of fewer parts than reserved releases the rest',
    input: [
      { op: 'topUp', key: 't1', amount: 100 },
      { op: 'reserve', key: 'm1', parts: 3 },
      { op: 'post', key: 'm1', parts: 2 },
    ],
    expected: { balance: 80, pending: 0, posted: 20, errors: [null, null, null] },
  },
  {
    name: 'void releases the reservation',
    input: [
      { op: 'topUp', key: 't1', amount: 100 },
      { op: 'reserve', key: 'm1', parts: 2 },
      { op: 'void', key: 'm1' },
    ],
    expected: { balance: 100, pending: 0, posted: 0, errors: [null, null, null] },
  },
  {
    name: 'an idempotent retry never charges twice',
    input: [
      { op: 'topUp', key: 't1', amount: 100 },
      { op: 'topUp', key: 't1', amount: 100 },
      { op: 'reserve', key: 'm1', parts: 1 },
      { op: 'reserve', key: 'm1', parts: 1 },
      { op: 'post', key: 'm1' },
      { op: 'post', key: 'm1' },
    ],
    expected: { balance: 90, pending: 0, posted: 10, errors: [null, null, null, null, null, null] },
  },
  {
    name: 'the same key for a different operation is a conflict',
    input: [
      { op: 'topUp', key: 't1', amount: 100 },
      { op: 'topUp', key: 't1', amount: 200 },
      { op: 'reserve', key: 't1', parts: 1 },
    ],
    expected: { balance: 100, pending: 0, posted: 0, errors: [null, 'BILLING_IDEMPOTENCY_CONFLICT', 'BILLING_IDEMPOTENCY_CONFLICT'] },
  },
  {
    name: 'a reservation is resolved exactly once',
    input: [
      { op: 'topUp', key: 't1', amount: 100 },
      { op: 'reserve', key: 'm1', parts: 1 },
      { op: 'void', key: 'm1' },
      { op: 'post', key: 'm1' },
      { op: 'void', key: 'm1' },
      { op: 'post', key: 'nope' },
    ],
    expected: {
      balance: 100,
      pending: 0,
      posted: 0,
      errors: [null, null, null, 'BILLING_RESERVATION_RESOLVED', null, 'BILLING_RESERVATION_NOT_FOUND'],
    },
  },
  {
    name: 'a reservation that would overdraw is refused at once',
    input: [
      { op: 'topUp', key: 't1', amount: 25 },
      { op: 'reserve', key: 'm1', parts: 2 },
      { op: 'reserve', key: 'm2', parts: 1 },
      { op: 'reserve', key: 'm3', parts: 1 },
    ],
    expected: { balance: 5, pending: 20, posted: 0, errors: [null, null, 'BILLING_INSUFFICIENT_BALANCE', 'BILLING_INSUFFICIENT_BALANCE'] },
  },
  {
    name: 'an ambiguous outcome keeps the reservation',
    input: [
      { op: 'topUp', key: 't1', amount: 30 },
      { op: 'reserve', key: 'm1', parts: 3 },
      { op: 'reserve', key: 'm2', parts: 1 },
    ],
    expected: { balance: 0, pending: 30, posted: 0, errors: [null, null, 'BILLING_INSUFFICIENT_BALANCE'] },
  },
  {
    name: 'a price change mid-way applies to later reservations only',
    input: [
      { op: 'topUp', key: 't1', amount: 100 },
      { op: 'reserve', key: 'm1', parts: 1 },
      { op: 'price', price: 7 },
      { op: 'reserve', key: 'm2', parts: 2 },
      { op: 'post', key: 'm1' },
      { op: 'post', key: 'm2' },
    ],
    expected: { balance: 76, pending: 0, posted: 24, errors: [null, null, null, null, null, null] },
  },
  {
    name: 'adjustments go both ways but never below zero',
    input: [
      { op: 'topUp', key: 't1', amount: 50 },
      { op: 'adjust', key: 'a1', amount: -20 },
      { op: 'adjust', key: 'a2', amount: 5 },
      { op: 'adjust', key: 'a3', amount: -100 },
      { op: 'adjust', key: 'a4', amount: 0 },
    ],
    expected: { balance: 35, pending: 0, posted: 0, errors: [null, null, null, 'BILLING_INSUFFICIENT_BALANCE', 'BILLING_INVALID_AMOUNT'] },
  },
  {
    name: 'the first reservation of an account without a wallet creates it (empty: refused)',
    input: [
      { op: 'reserve', key: 'm1', parts: 1 },
      { op: 'topUp', key: 't1', amount: 10 },
      { op: 'reserve', key: 'm2', parts: 1 },
    ],
    expected: { balance: 0, pending: 10, posted: 0, errors: ['BILLING_INSUFFICIENT_BALANCE', null, null] },
  },
  {
    name: 'invalid amounts are refused',
    input: [
      { op: 'topUp', key: 't1', amount: -5 },
      { op: 'topUp', key: 't2', amount: 1.5 },
      { op: 'reserve', key: 'm1', parts: 0 },
    ],
    expected: { balance: 0, pending: 0, posted: 0, errors: ['BILLING_INVALID_AMOUNT', 'BILLING_INVALID_AMOUNT', 'BILLING_INVALID_AMOUNT'] },
  },
];

async function run(store: Store, accountId: number, prefix: string, step: Step): Promise<string | null> {
  const { db } = store;
  const key = 'key' in step ? `${prefix}:${step.key}` : '';
  try {
    switch (step.op) {
      case 'topUp':
        await topUp(db, { accountId, idempotencyKey: key, amountMinor: step.amount, reference: 'bank-1', operator: 'finance' });
        break;
      case 'adjust':
        await adjust(db, { accountId, idempotencyKey: key, amountMinor: step.amount, reason: 'test', operator: 'finance' });
        break;
      case 'reserve':
        await reserve(db, { accountId, idempotencyKey: key, parts: step.parts });
        break;
      case 'post':
        await post(db, { idempotencyKey: key, ...(step.parts === undefined ? {} : { parts: step.parts }) });
        break;
      case 'void':
        await voidReservation(db, { idempotencyKey: key, reason: 'rejected' });
        break;
      case 'price':
        // effective one millisecond ago so it is in force for the next reservation
        await setPrice(db, { accountId, priceMinor: step.price, effectiveFrom: Date.now() - 1 });
        break;
    }
    return null;
  } catch (error) {
    if (isTidingsError(error)) return error.code;
    throw error;
  }
}

describeStoreContract('sms ledger', (store) => {
  for (const c of cases) {
    it(c.name, async () => {
      const account = await makeSmsAccount(store().db, c.name.includes('default price') ? { price: null } : {});
      const errors: (string | null)[] = [];
      for (const step of c.input) errors.push(await run(store(), account.id, account.name, step));
      const wallet = await balance(store().db, account.id);
      expect({ balance: wallet.balanceMinor, pending: wallet.pendingMinor, posted: wallet.postedMinor, errors }).toEqual(c.expected);
      const report = await checkConsistency(store().db, account.id);
      expect(report.problems).toEqual([]);
      expect(report.ok).toBe(true);
    });
  }

  it('returns the first reservation on replay, at its original price', async () => {
    const { db } = store();
    const account = await makeSmsAccount(db);
    await topUp(db, { accountId: account.id, idempotencyKey: `${account.name}:t`, amountMinor: 100, reference: 'r', operator: 'f' });
    const first = await reserve(db, { accountId: account.id, idempotencyKey: `${account.name}:m`, parts: 2 });
    await setPrice(db, { accountId: account.id, priceMinor: 50, effectiveFrom: Date.now() - 1 });
    const again = await reserve(db, { accountId: account.id, idempotencyKey: `${account.name}:m`, parts: 2 });
    expect(again).toMatchObject({ entryId: first.entryId, amountMinor: 20, priceMinor: 10, replayed: true });
  });

  it('raises a low-balance event once when the threshold is crossed and flags the wallet', async () => {
    const { db } = store();
    const account = await makeSmsAccount(db);
    await setLowBalanceThreshold(db, account.id, 50);
    await topUp(db, { accountId: account.id, idempotencyKey: `${account.name}:t`, amountMinor: 70, reference: 'r', operator: 'f' });
    const events: number[] = [];
    const onLowBalance = (e: { balanceMinor: number }) => events.push(e.balanceMinor);
    expect((await reserve(db, { accountId: account.id, idempotencyKey: `${account.name}:1`, parts: 1 }, { onLowBalance })).lowBalance).toBe(false);
    expect((await reserve(db, { accountId: account.id, idempotencyKey: `${account.name}:2`, parts: 2 }, { onLowBalance })).lowBalance).toBe(true);
    await reserve(db, { accountId: account.id, idempotencyKey: `${account.name}:3`, parts: 1 }, { onLowBalance });
    expect(events).toEqual([40]);
    expect((await balance(db, account.id)).low).toBe(true);
  });

  it('detects a tampered wallet row', async () => {
    const { db } = store();
    const account = await makeSmsAccount(db);
    await topUp(db, { accountId: account.id, idempotencyKey: `${account.name}:t`, amountMinor: 100, reference: 'r', operator: 'f' });
    await db.updateTable('sms_wallets').set({ balance_minor: 150, credited_minor: 150 }).where('sms_account_id', '=', account.id).execute();
    const report = await checkConsistency(db, account.id);
    expect(report.ok).toBe(false);
    expect(report.problems.join(' ')).toContain('creditedMinor');
  });
});

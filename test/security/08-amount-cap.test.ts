// Issue #16, item 8 (amounts): a top-up of 2^53 − 1 fen was committed, and every balance read
// answered 500 afterwards. Amounts and balances are capped at 10^12 fen at the ledger.
import { expect, it } from 'vitest';
import { describeStoreContract } from '../helpers/store-contract.js';
import { useLiveApi } from './harness.js';
import { fundedSmsAccount } from './sms-wallet.fixture.js';

/** The cap: 10^13 厘 = 10,000,000,000.00 yuan (MAX_AMOUNT_MINOR in src/billing/money.ts; minor units are 厘 since migration 0510, were 10^12 fen). */
const MAX_AMOUNT_MINOR = 10_000_000_000_000;

describeStoreContract('security 08: amounts and balances are capped far below 2^53', (store) => {
  const live = useLiveApi(store);

  it('refuses a top-up of 9007199254740991 fen with BILLING_AMOUNT_TOO_LARGE; the balance is unchanged and still readable', async () => {
    const api = live();
    const { db } = store();
    const account = await fundedSmsAccount(api, 5000);
    const finance = await api.actor('finance');

    const attack = await api.request('POST', `/api/wallet/${account.name}/topups`, {
      actor: finance,
      headers: { 'idempotency-key': 'huge-1' },
      body: { amountMinor: 9007199254740991, reference: 'typo' },
    });
    expect(attack.status, attack.text).toBe(400);
    expect(attack.body).toMatchObject({ error: { code: 'BILLING_AMOUNT_TOO_LARGE', message: expect.stringContaining('10000000000.00 yuan') } });

    const read = await api.request('GET', `/api/wallet/${account.name}`, { actor: finance });
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ balanceMinor: 5000, creditedMinor: 5000 });
    const entries = await db.selectFrom('sms_ledger').select('kind').where('sms_account_id', '=', account.id).execute();
    expect(entries).toEqual([{ kind: 'credit' }]);
  });

  it('refuses a top-up that would take the balance above the cap, and an adjustment or price above it', async () => {
    const api = live();
    const account = await fundedSmsAccount(api, 0);
    const finance = await api.actor('finance');
    const top = (key: string, amountMinor: number) =>
      api.request('POST', `/api/wallet/${account.name}/topups`, { actor: finance, headers: { 'idempotency-key': key }, body: { amountMinor, reference: key } });

    expect((await top('max', MAX_AMOUNT_MINOR)).status).toBe(201);
    const over = await top('one-more', 1);
    expect(over.status).toBe(400);
    expect(over.body).toMatchObject({ error: { code: 'BILLING_AMOUNT_TOO_LARGE' } });

    const adjust = await api.request('POST', `/api/wallet/${account.name}/adjustments`, {
      actor: finance,
      headers: { 'idempotency-key': 'adj-huge' },
      body: { amountMinor: -(MAX_AMOUNT_MINOR + 1), reason: 'typo' },
    });
    expect(adjust.body).toMatchObject({ error: { code: 'BILLING_AMOUNT_TOO_LARGE' } });
    const price = await api.request('POST', `/api/wallet/${account.name}/prices`, { actor: finance, body: { priceMinor: MAX_AMOUNT_MINOR + 1 } });
    expect(price.body).toMatchObject({ error: { code: 'BILLING_AMOUNT_TOO_LARGE' } });

    const read = await api.request('GET', `/api/wallet/${account.name}`, { actor: finance });
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ balanceMinor: MAX_AMOUNT_MINOR });
    const check = await api.request('GET', `/api/wallet/${account.name}/check`, { actor: finance });
    expect(check.body).toMatchObject({ ok: true });
  });
});

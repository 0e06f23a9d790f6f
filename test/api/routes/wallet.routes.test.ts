import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { checkConsistency, reserve } from '../../../src/modules/billing/index.js';
import { describeStoreContract } from '../../helpers/store-contract.js';
import { campaignHarness, codeOf, type CampaignHarness, type Caller } from './campaigns.harness.js';

interface Booking {
  entryId: number;
  amountMinor: number;
  balanceMinor: number;
  replayed: boolean;
}

describeStoreContract('wallet routes', (store) => {
  let h: CampaignHarness;
  let finance: Caller;
  let admin: Caller;
  let marketer: Caller;
  let readonly: Caller;
  let sales: Caller;
  beforeAll(async () => {
    h = await campaignHarness(store());
    [finance, admin, marketer, readonly, sales] = await Promise.all([h.caller('finance'), h.caller('admin'), h.caller('marketer'), h.caller('readonly'), h.caller('sales')]);
  });
  afterAll(() => h?.app.close());

  const key = () => ({ 'idempotency-key': randomUUID() });
  const topUp = (caller: Caller, account: string, body: unknown, headers: Record<string, string> = key()) =>
    h.call(caller, 'POST', `/api/wallet/${account}/topups`, body, headers);

  it('top-up: the same Idempotency-Key twice credits once; the operator is the signed-in user', async () => {
    const account = await h.smsAccount();
    const headers = key();
    const first = await topUp(finance, account.name, { amountMinor: 50_000, reference: 'BANK-2026-001' }, headers);
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json()).toMatchObject({ amountMinor: 50_000, balanceMinor: 50_000, replayed: false });
    const second = await topUp(finance, account.name, { amountMinor: 50_000, reference: 'BANK-2026-001' }, headers);
    expect(second.statusCode, second.body).toBe(200);
    expect(second.json()).toMatchObject({ entryId: (first.json() as Booking).entryId, balanceMinor: 50_000, replayed: true });
    // The same key for a different amount is a mistake, not a replay.
    const clash = await topUp(finance, account.name, { amountMinor: 1, reference: 'BANK-2026-001' }, headers);
    expect([clash.statusCode, codeOf(clash)]).toEqual([409, 'BILLING_IDEMPOTENCY_CONFLICT']);
    // The account by id works as well as by name; a new key is a new credit.
    const byId = await topUp(admin, String(account.id), { amountMinor: 100, reference: 'BANK-2026-002' });
    expect(byId.json()).toMatchObject({ balanceMinor: 50_100, replayed: false });

    const ledger = await h.call(readonly, 'GET', `/api/wallet/${account.name}/ledger`);
    expect(ledger.statusCode, ledger.body).toBe(200);
    const entries = (ledger.json() as { items: { kind: string; amountMinor: number; operator: string; reference: string }[] }).items;
    expect(entries.map((e) => [e.kind, e.amountMinor, e.operator, e.reference])).toEqual([
      ['credit', 100, admin.username, 'BANK-2026-002'],
      ['credit', 50_000, finance.username, 'BANK-2026-001'],
    ]);
  });

  it('top-up validation: the Idempotency-Key header is required; amounts are positive whole minor units', async () => {
    const account = await h.smsAccount();
    const cases: { name: string; body: unknown; headers: Record<string, string>; status: number; code: string; says?: RegExp }[] = [
      { name: 'no Idempotency-Key', body: { amountMinor: 100, reference: 'r' }, headers: {}, status: 400, code: 'VALIDATION_FAILED', says: /idempotency-key/ },
      { name: 'key with spaces', body: { amountMinor: 100, reference: 'r' }, headers: { 'idempotency-key': 'a b' }, status: 400, code: 'VALIDATION_FAILED' },
      { name: 'zero', body: { amountMinor: 0, reference: 'r' }, headers: key(), status: 400, code: 'VALIDATION_FAILED', says: /amountMinor/ },
      { name: 'negative', body: { amountMinor: -5, reference: 'r' }, headers: key(), status: 400, code: 'VALIDATION_FAILED' },
      { name: 'fraction', body: { amountMinor: 10.5, reference: 'r' }, headers: key(), status: 400, code: 'VALIDATION_FAILED' },
      { name: 'string amount', body: { amountMinor: '100', reference: 'r' }, headers: key(), status: 400, code: 'VALIDATION_FAILED' },
      { name: 'no reference', body: { amountMinor: 100 }, headers: key(), status: 400, code: 'VALIDATION_FAILED', says: /reference/ },
      { name: 'CR/LF in the reference', body: { amountMinor: 100, reference: 'a\r\nb' }, headers: key(), status: 400, code: 'VALIDATION_FAILED' },
      { name: 'unknown field', body: { amountMinor: 100, reference: 'r', operator: 'someone-else' }, headers: key(), status: 400, code: 'VALIDATION_FAILED', says: /operator/ },
    ];
    for (const c of cases) {
      const response = await topUp(finance, account.name, c.body, c.headers);
      expect([response.statusCode, codeOf(response)], `${c.name}: ${response.body}`).toEqual([c.status, c.code]);
      if (c.says) expect((response.json() as { error: { message: string } }).error.message, c.name).toMatch(c.says);
    }
    const unknown = await topUp(finance, `nope-${randomUUID()}`, { amountMinor: 1, reference: 'r' });
    expect([unknown.statusCode, codeOf(unknown)]).toEqual([404, 'NOT_FOUND']);
    const wallet = await h.call(finance, 'GET', `/api/wallet/${account.name}/check`);
    expect(wallet.json()).toMatchObject({ ok: true, wallet: { balanceMinor: 0 } });
  });

  it('roles: finance and admin book; marketer, sales and read-only cannot; read-only reads the ledger', async () => {
    const account = await h.smsAccount();
    for (const caller of [marketer, sales, readonly]) {
      const denied = await topUp(caller, account.name, { amountMinor: 100, reference: 'r' });
      expect([denied.statusCode, codeOf(denied)]).toEqual([403, 'AUTH_FORBIDDEN']);
      const adjust = await h.call(caller, 'POST', `/api/wallet/${account.name}/adjustments`, { amountMinor: 5, reason: 'x' }, key());
      expect(adjust.statusCode).toBe(403);
    }
    expect((await h.call(marketer, 'GET', `/api/wallet/${account.name}/ledger`)).statusCode).toBe(403);
    expect((await h.call(readonly, 'GET', `/api/wallet/${account.name}/ledger`)).statusCode).toBe(200);
    expect((await h.call(readonly, 'GET', `/api/wallet/${account.name}/stats.csv?from=2026-01-01&to=2026-01-02`)).statusCode).toBe(403);
  });

  it('adjustments: either sign with a reason; overdrawing is refused (402) and books nothing', async () => {
    const account = await h.smsAccount();
    await topUp(finance, account.name, { amountMinor: 1_000, reference: 'r' });
    const minus = await h.call(finance, 'POST', `/api/wallet/${account.name}/adjustments`, { amountMinor: -300, reason: 'refund ticket 17' }, key());
    expect(minus.statusCode, minus.body).toBe(201);
    expect(minus.json()).toMatchObject({ amountMinor: -300, balanceMinor: 700 });
    const overdraw = await h.call(admin, 'POST', `/api/wallet/${account.name}/adjustments`, { amountMinor: -701, reason: 'too much' }, key());
    expect([overdraw.statusCode, codeOf(overdraw)]).toEqual([402, 'BILLING_INSUFFICIENT_BALANCE']);
    const plus = await h.call(admin, 'POST', `/api/wallet/${account.name}/adjustments`, { amountMinor: 50, reason: 'goodwill' }, key());
    expect(plus.json()).toMatchObject({ balanceMinor: 750 });
    for (const body of [{ amountMinor: 5 }, { amountMinor: 5, reason: '' }, { amountMinor: 0, reason: 'zero' }]) {
      const bad = await h.call(finance, 'POST', `/api/wallet/${account.name}/adjustments`, body, key());
      expect([bad.statusCode, codeOf(bad)], JSON.stringify(body)).toEqual([400, 'VALIDATION_FAILED']);
    }
    const noKey = await h.call(finance, 'POST', `/api/wallet/${account.name}/adjustments`, { amountMinor: 5, reason: 'x' });
    expect([noKey.statusCode, codeOf(noKey)]).toEqual([400, 'VALIDATION_FAILED']);
    const check = await h.call(finance, 'GET', `/api/wallet/${account.name}/check`);
    expect(check.json()).toMatchObject({ ok: true, problems: [], wallet: { balanceMinor: 750, adjustedMinor: -250, creditedMinor: 1_000 }, recomputed: { balanceMinor: 750 } });
  });

  it('ledger pages newest first and filters by kind; reservations from sending show up too', async () => {
    const account = await h.smsAccount();
    for (let i = 1; i <= 5; i += 1) await topUp(finance, account.name, { amountMinor: i * 100, reference: `r${i}` });
    await reserve(store().db, { accountId: account.id, idempotencyKey: `sms:test:${randomUUID()}`, parts: 2 });
    const page1 = (await h.call(finance, 'GET', `/api/wallet/${account.name}/ledger?limit=4`)).json() as { items: { id: number; kind: string; amountMinor: number }[]; nextBefore: number | null };
    expect(page1.items.map((e) => e.kind)).toEqual(['pending', 'credit', 'credit', 'credit']);
    expect(page1.nextBefore).toBe(page1.items[3]!.id);
    const page2 = (await h.call(finance, 'GET', `/api/wallet/${account.name}/ledger?limit=4&before=${page1.nextBefore}`)).json() as typeof page1;
    expect(page2.items.map((e) => e.amountMinor)).toEqual([200, 100]);
    expect(page2.nextBefore).toBeNull();
    const credits = (await h.call(finance, 'GET', `/api/wallet/${account.name}/ledger?kind=credit&limit=100`)).json() as typeof page1;
    expect(credits.items).toHaveLength(5);
    const bad = await h.call(finance, 'GET', `/api/wallet/${account.name}/ledger?kind=gift&limit=5000`);
    expect([bad.statusCode, codeOf(bad)]).toEqual([400, 'VALIDATION_FAILED']);
  });

  it('prices: history and current price; setting one needs finance or admin', async () => {
    const account = await h.smsAccount();
    const initial = (await h.call(readonly, 'GET', `/api/wallet/${account.name}/prices`)).json() as { currentMinor: number; history: unknown[] };
    expect(initial.history).toEqual([]);
    expect(initial.currentMinor).toBeGreaterThan(0);
    const set = await h.call(finance, 'POST', `/api/wallet/${account.name}/prices`, { priceMinor: 8 });
    expect(set.statusCode, set.body).toBe(201);
    expect(set.json()).toMatchObject({ priceMinor: 8, currency: 'CNY' });
    const future = Date.now() + 86_400_000;
    await h.call(admin, 'POST', `/api/wallet/${account.name}/prices`, { priceMinor: 9, effectiveFrom: future });
    const prices = (await h.call(readonly, 'GET', `/api/wallet/${account.name}/prices`)).json() as { currentMinor: number; history: { priceMinor: number; effectiveFrom: number }[] };
    expect(prices.currentMinor).toBe(8);
    expect(prices.history.map((p) => p.priceMinor)).toEqual([9, 8]);
    expect((await h.call(marketer, 'POST', `/api/wallet/${account.name}/prices`, { priceMinor: 1 })).statusCode).toBe(403);
    const negative = await h.call(finance, 'POST', `/api/wallet/${account.name}/prices`, { priceMinor: -1 });
    expect([negative.statusCode, codeOf(negative)]).toEqual([400, 'VALIDATION_FAILED']);
  });

  it('low-balance threshold: set, flagged when the balance is below, cleared with null', async () => {
    const account = await h.smsAccount();
    await topUp(finance, account.name, { amountMinor: 500, reference: 'r' });
    const set = await h.call(finance, 'PUT', `/api/wallet/${account.name}/threshold`, { thresholdMinor: 1_000 });
    expect(set.statusCode, set.body).toBe(200);
    expect(set.json()).toMatchObject({ accountId: account.id, thresholdMinor: 1_000, balanceMinor: 500, low: true });
    const cleared = await h.call(finance, 'PUT', `/api/wallet/${account.name}/threshold`, { thresholdMinor: null });
    expect(cleared.json()).toMatchObject({ thresholdMinor: null, low: false });
    const missing = await h.call(finance, 'PUT', `/api/wallet/${account.name}/threshold`, {});
    expect([missing.statusCode, codeOf(missing)]).toEqual([400, 'VALIDATION_FAILED']);
    expect((await h.call(readonly, 'PUT', `/api/wallet/${account.name}/threshold`, { thresholdMinor: 1 })).statusCode).toBe(403);
  });

  it('consistency check reports a wallet whose running totals disagree with its entries', async () => {
    const account = await h.smsAccount();
    await topUp(finance, account.name, { amountMinor: 300, reference: 'r' });
    await store().db.updateTable('sms_wallets').set({ balance_minor: 999 }).where('sms_account_id', '=', account.id).execute();
    const check = await h.call(readonly, 'GET', `/api/wallet/${account.name}/check`);
    expect(check.statusCode, check.body).toBe(200);
    const report = check.json() as { ok: boolean; problems: string[] };
    expect(report.ok).toBe(false);
    expect(report.problems.join('\n')).toMatch(/balanceMinor: wallet 999 ≠ entries 300/);
    expect((await checkConsistency(store().db, account.id)).ok).toBe(false);
  });

  it('statistics CSV: streamed with a download name, zero-filled periods, cost in major units; bad ranges are 400', async () => {
    const account = await h.smsAccount();
    const { db } = store();
    const now = Date.now();
    const message = (day: string, parts: number, cost: number, status: 'delivered' | 'failed') => ({
      sms_account_id: account.id,
      campaign_id: null,
      outbox_id: null,
      to_e164: '+8613800138000',
      parts,
      price_minor: 100,
      cost_minor: cost,
      status,
      provider: 'aliyun',
      provider_message_id: null,
      idempotency_key: `sms:test:${randomUUID()}`,
      error_code: null,
      error_text: null,
      created_at: now,
      accepted_at: status === 'delivered' ? now : null,
      delivered_at: status === 'delivered' ? now : null,
      day_key: day,
    });
    await db.insertInto('sms_messages').values([message('2026-03-01', 2, 200, 'delivered'), message('2026-03-01', 1, 100, 'delivered'), message('2026-03-03', 1, 0, 'failed')]).execute();

    const response = await h.call(finance, 'GET', `/api/wallet/${account.name}/stats.csv?from=2026-03-01&to=2026-03-03`);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers['content-disposition']).toBe(`attachment; filename="sms-stats-${account.id}-2026-03-01-2026-03-03.csv"`);
    const lines = response.body.trim().split(/\r?\n/);
    expect(lines[0]).toBe('period,messages,parts,accepted,delivered,failed,pending,cost');
    expect(lines.slice(1)).toEqual(['2026-03-01,2,3,2,2,0,0,0.30', '2026-03-02,0,0,0,0,0,0,0.00', '2026-03-03,1,1,0,0,1,0,0.00']);
    const monthly = await h.call(admin, 'GET', `/api/wallet/${account.name}/stats.csv?from=2026-03-01&to=2026-03-31&by=month&bom=true`);
    expect(monthly.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(monthly.body.trim().split(/\r?\n/)[1]).toBe('2026-03,3,4,2,2,1,0,0.30');

    for (const query of ['from=2026-03-01', 'from=2026-3-1&to=2026-03-02', 'from=2026-03-05&to=2026-03-01', 'from=2026-02-30&to=2026-03-01']) {
      const bad = await h.call(finance, 'GET', `/api/wallet/${account.name}/stats.csv?${query}`);
      expect(bad.statusCode, `${query}: ${bad.body}`).toBe(400);
      expect(codeOf(bad), query).toMatch(/^(VALIDATION_FAILED|BILLING_)/);
    }
  });
});

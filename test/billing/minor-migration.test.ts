// Issue "journeys", item 2: migration 0510 turns stored fen into 厘 (× 10) on both engines.
import { expect, it } from 'vitest';
import { balance, billingMigrations, checkConsistency, listPrices, reserve, setPrice, topUp } from '../../src/modules/billing/index.js';
import { sendMigrations } from '../../src/modules/sending/index.js';
import { dialectOf } from '../../src/platform/db/index.js';
import { describeStoreContract } from '../helpers/store-contract.js';
import { makeSmsAccount } from './sms-account.fixture.js';

describeStoreContract('migration 0510: fen → 厘', (store) => {
  it('multiplies every stored price and amount by 10; the wallet stays consistent', async () => {
    const { db } = store();
    const account = await makeSmsAccount(db, { price: null });
    // What a store written before the change holds, in fen: ¥5.00 topped up, ¥0.08 a part, 2 parts held.
    await setPrice(db, { accountId: account.id, priceMinor: 8, effectiveFrom: 0 });
    await topUp(db, { accountId: account.id, idempotencyKey: `${account.name}:t`, amountMinor: 500, reference: 'r', operator: 'f' });
    await setPrice(db, { accountId: account.id, priceMinor: 8, effectiveFrom: 1 });
    await reserve(db, { accountId: account.id, idempotencyKey: `${account.name}:m`, parts: 2 });
    await db.updateTable('sms_wallets').set({ low_balance_minor: 100 }).where('sms_account_id', '=', account.id).execute();
    await db
      .insertInto('sms_messages')
      .values({ sms_account_id: account.id, campaign_id: null, outbox_id: null, to_e164: '+8613800138000', parts: 2, price_minor: 8, cost_minor: 16, status: 'accepted', provider: 'twilio', provider_message_id: 'SM1', idempotency_key: `${account.name}:row`, error_code: null, error_text: null, created_at: 1, accepted_at: 1, delivered_at: null, day_key: '2026-03-01' })
      .execute();

    const migration = billingMigrations.find((m) => m.name === '0510_billing_minor_to_li');
    expect(migration).toBeDefined();
    await migration!.up(db, dialectOf(db));

    expect(await balance(db, account.id)).toMatchObject({ balanceMinor: 4_840, creditedMinor: 5_000, pendingMinor: 160, lowBalanceMinor: 1_000 });
    expect((await listPrices(db, account.id)).map((p) => p.priceMinor)).toEqual([80, 80]);
    const row = await db.selectFrom('sms_messages').select(['price_minor', 'cost_minor']).where('idempotency_key', '=', `${account.name}:row`).executeTakeFirstOrThrow();
    expect({ price: Number(row.price_minor), cost: Number(row.cost_minor) }).toEqual({ price: 80, cost: 160 });
    expect((await checkConsistency(db, account.id)).ok).toBe(true);
  });

  it('0480 multiplies the SMS cost on outbox rows and leaves email rows (null) alone', async () => {
    const { db } = store();
    const migration = sendMigrations.find((m) => m.name === '0480_outbox_sms_cost_to_li');
    expect(migration).toBeDefined();
    // An SMS row written before the change (16 fen) and an email row (no cost).
    const now = 1;
    const customer = await db.insertInto('customers').values({ display_name: 'Old', custom: '{}', locked: 0, created_at: now, updated_at: now }).returning('id').executeTakeFirstOrThrow();
    const template = await db.insertInto('templates').values({ name: `t-${Math.random()}`, channel: 'sms', current_version: 1, created_at: now, updated_at: now }).returning('id').executeTakeFirstOrThrow();
    const version = await db
      .insertInto('template_versions')
      .values({ template_id: template.id, version: 1, subject: null, body_format: 'text', body: 'Hi', attachments: '[]', is_marketing: 0, created_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    const campaign = await db
      .insertInto('campaigns')
      .values({ name: 'old', channel: 'sms', kind: 'bulk', template_version_id: version.id, audience: '{}', status: 'finished', tracking: 0, created_at: now, updated_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    const base = { campaign_id: campaign.id, customer_id: customer.id, state: 'sent' as const, attempts: 1, created_at: now, updated_at: now };
    await db.insertInto('outbox').values([
      { ...base, channel: 'sms', address: '+8613800138000', reply_token: `m-${campaign.id}-s`, cost_minor: 16 },
      { ...base, channel: 'email', address: 'old@example.test', reply_token: `m-${campaign.id}-e` },
    ]).execute();
    await migration!.up(db, dialectOf(db));
    const rows = await db.selectFrom('outbox').select(['channel', 'cost_minor']).where('campaign_id', '=', campaign.id).orderBy('channel').execute();
    expect(rows.map((r) => [r.channel, r.cost_minor === null ? null : Number(r.cost_minor)])).toEqual([['email', null], ['sms', 160]]);
  });
});

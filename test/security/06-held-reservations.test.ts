// Issue #16, item 6: SMS money could be held forever. A message whose provider outcome is unknown
// kept its reservation with no way to settle it, and a deferred retry whose re-rendered text
// counted other parts raised BILLING_IDEMPOTENCY_CONFLICT and left the money held with the row
// stuck. Every reservation now ends: finance settles held ones over HTTP, a retry reuses its own.
import { randomBytes } from 'node:crypto';
import { afterAll, expect, it } from 'vitest';
import { checkWallets } from '../../src/modules/billing/index.js';
import { createLogger } from '../../src/platform/logger/index.js';
import { createSmsChannel, processSmsRow, smsKeyFor, type SmsChannel, type SmsProviderCache } from '../../src/modules/sending/channels/index.js';
import { CampaignService, DEFAULT_SEND_SETTINGS, MemoryRateLimiter } from '../../src/modules/sending/index.js';
import { countSegments, type SmsProvider } from '../../src/adapters/sms/index.js';
import { TidingsError } from '../../src/platform/errors/index.js';
import { AudienceSource, mobile, seedPhoneCustomers, seedSmsTemplate } from '../fixtures/sms/sms-campaign.seed.js';
import { describeStoreContract } from '../helpers/store-contract.js';
import { useLiveApi, type LiveApi } from './harness.js';
import { fundedSmsAccount } from './sms-wallet.fixture.js';

const logger = createLogger({ level: 'silent' });
let nextPhone = 0;

type Answer = 'unknown' | 'unavailable' | 'accept';

/** A provider that answers each send with the next scripted answer (in-process, no network). */
function scriptedProvider(answers: Answer[]): SmsProvider & { texts: string[] } {
  const texts: string[] = [];
  return {
    kind: 'twilio',
    texts,
    async send(request) {
      texts.push(request.text);
      const answer = answers.shift() ?? 'accept';
      if (answer === 'unknown') throw new TidingsError('SMS_OUTCOME_UNKNOWN', 'the provider did not answer in time');
      if (answer === 'unavailable') throw new TidingsError('SMS_PROVIDER_UNAVAILABLE', 'the provider answered 503');
      return { providerMessageId: `SM${texts.length}-${randomBytes(3).toString('hex')}`, parts: countSegments(request.text, { provider: 'twilio' }).segments, status: 'accepted' };
    },
  };
}

describeStoreContract('security 06: every SMS reservation ends', (store) => {
  const live = useLiveApi(store);
  const channels: SmsChannel[] = [];
  afterAll(async () => {
    for (const c of channels) await c.close();
  });

  /** A running SMS campaign to `count` customers on a funded account, sent through processSmsRow with `provider`. */
  async function campaignWith(api: LiveApi, provider: SmsProvider, count: number, fundsMinor: number) {
    const { db } = api.context.store;
    const account = await fundedSmsAccount(api, fundsMinor);
    const version = await seedSmsTemplate(db, 'Hi {{customer.displayName}}, your order has shipped.');
    // Valid mainland mobiles (139…), distinct across the suite's campaigns.
    const customers = await seedPhoneCustomers(db, Array.from({ length: count }, () => mobile((nextPhone += 1), '139')));
    const campaigns = new CampaignService({ db, recipients: new AudienceSource(db) });
    const name = `spring-sale-${randomBytes(3).toString('hex')}`;
    const campaign = await campaigns.create({ name, channel: 'sms', smsAccountId: account.id, templateVersionId: version, audience: { customerIds: customers } });
    await campaigns.start(campaign.id);
    const real = createSmsChannel({ db, secrets: api.context.secrets, logger });
    channels.push(real);
    const providers = { get: async (id: number) => ({ ...(await real.providers.get(id)), provider }) } as unknown as SmsProviderCache;
    const deps = { db, limiter: new MemoryRateLimiter(), logger, settings: { ...DEFAULT_SEND_SETTINGS, retryBaseMs: 10, maxAttempts: 5 }, sms: { ...real, providers } };
    const rows = () => db.selectFrom('outbox').selectAll().where('campaign_id', '=', campaign.id).orderBy('id').execute();
    const send = async (index: number) => processSmsRow(deps, (await rows())[index]!);
    return { db, account, campaign: { id: campaign.id, name }, customers, rows, send };
  }

  const walletOf = async (api: LiveApi, account: string) => {
    const finance = await api.actor('finance');
    const reply = await api.request('GET', `/api/wallet/${account}`, { actor: finance });
    expect(reply.status, reply.text).toBe(200);
    return reply.body as { balanceMinor: number; pendingMinor: number; postedMinor: number };
  };
  /** The ledger check, over HTTP and as `tidings wallet check` runs it: balance = credits − posted − held. */
  const expectChecked = async (api: LiveApi, account: { id: number; name: string }) => {
    const finance = await api.actor('finance');
    const overHttp = await api.request('GET', `/api/wallet/${account.name}/check`, { actor: finance });
    expect(overHttp.body).toMatchObject({ ok: true, problems: [] });
    const report = await checkWallets(api.context.store.db, [account.id]);
    expect(report.wallets.flatMap((w) => w.problems)).toEqual([]);
    expect(report.ok).toBe(true);
  };

  it('finance lists messages whose outcome is unknown and settles each once: rejected releases, accepted charges', async () => {
    const api = live();
    const provider = scriptedProvider(['unknown', 'unknown']);
    const { db, account, campaign, rows, send } = await campaignWith(api, provider, 2, 100);
    expect(await send(0)).toEqual({ kind: 'done', outcome: 'unknown' });
    expect(await send(1)).toEqual({ kind: 'done', outcome: 'unknown' });
    const [first, second] = await rows();
    expect(await walletOf(api, account.name)).toMatchObject({ balanceMinor: 80, pendingMinor: 20, postedMinor: 0 });

    const finance = await api.actor('finance');
    const held = await api.request('GET', `/api/wallet/${account.name}/held`, { actor: finance });
    expect(held.status, held.text).toBe(200);
    await expectChecked(api, account);
    const items = (held.body as { items: Record<string, unknown>[] }).items;
    expect(items).toEqual([
      expect.objectContaining({ key: smsKeyFor(first!.id), amountMinor: 10, parts: 1, campaignName: campaign.name, recipient: first!.address, outboxState: 'unknown' }),
      expect.objectContaining({ key: smsKeyFor(second!.id), amountMinor: 10, parts: 1, campaignName: campaign.name, recipient: second!.address, outboxState: 'unknown' }),
    ]);
    expect(items[0]!.ageMs).toEqual(expect.any(Number));

    // A marketer may not settle money.
    const marketer = await api.actor('marketer');
    const denied = await api.request('POST', `/api/wallet/${account.name}/held/settle`, {
      actor: marketer,
      body: { key: smsKeyFor(first!.id), outcome: 'rejected', note: 'x' },
    });
    expect(denied.status).toBe(403);

    const settle = (key: string, outcome: 'accepted' | 'rejected', note: string) =>
      api.request('POST', `/api/wallet/${account.name}/held/settle`, { actor: finance, body: { key, outcome, note } });

    // While a worker is handing the message over, nobody settles it by hand.
    await db.updateTable('outbox').set({ state: 'sending' }).where('id', '=', first!.id).execute();
    const busy = await settle(smsKeyFor(first!.id), 'rejected', 'too early');
    expect([busy.status, (busy.body as { error: { code: string } }).error.code]).toEqual([409, 'BILLING_RESERVATION_BUSY']);
    expect(await walletOf(api, account.name)).toMatchObject({ balanceMinor: 80, pendingMinor: 20 });
    await db.updateTable('outbox').set({ state: 'unknown' }).where('id', '=', first!.id).execute();

    const released = await settle(smsKeyFor(first!.id), 'rejected', 'provider portal: never received');
    expect(released.status, released.text).toBe(200);
    expect(released.body).toMatchObject({ kind: 'void', amountMinor: 10, outcome: 'rejected' });
    expect(await walletOf(api, account.name)).toMatchObject({ balanceMinor: 90, pendingMinor: 10, postedMinor: 0 });
    await expectChecked(api, account);

    const charged = await settle(smsKeyFor(second!.id), 'accepted', 'provider portal: delivered');
    expect(charged.status, charged.text).toBe(200);
    expect(charged.body).toMatchObject({ kind: 'post', amountMinor: 10, outcome: 'accepted' });
    expect(await walletOf(api, account.name)).toMatchObject({ balanceMinor: 90, pendingMinor: 0, postedMinor: 10 });
    await expectChecked(api, account);

    // Who settled it, when and why is on the ledger entry; the rows ended with the money.
    const entries = await db.selectFrom('sms_ledger').select(['kind', 'operator', 'reason', 'created_at']).where('sms_account_id', '=', account.id).orderBy('id').execute();
    expect(entries.filter((e) => e.kind === 'void' || e.kind === 'post')).toEqual([
      expect.objectContaining({ kind: 'void', operator: finance.username, reason: expect.stringContaining('never received') }),
      expect.objectContaining({ kind: 'post', operator: finance.username, reason: expect.stringContaining('delivered') }),
    ]);
    expect((await rows()).map((r) => r.state)).toEqual(['failed', 'sent']);
    expect((await api.request('GET', `/api/wallet/${account.name}/held`, { actor: finance })).body).toEqual({ items: [] });

    // Settling again (either way) or an unknown key: a clear error, and the ledger is unchanged.
    const before = await db.selectFrom('sms_ledger').select('id').where('sms_account_id', '=', account.id).execute();
    for (const [key, outcome] of [
      [smsKeyFor(first!.id), 'rejected'],
      [smsKeyFor(first!.id), 'accepted'],
      [smsKeyFor(second!.id), 'accepted'],
    ] as const) {
      const again = await settle(key, outcome, 'again');
      expect(again.status).toBe(409);
      expect(again.body).toMatchObject({ error: { code: 'BILLING_RESERVATION_RESOLVED', message: expect.stringContaining('no longer held') } });
    }
    const unknown = await settle('sms:outbox:999999999', 'rejected', 'typo');
    expect([unknown.status, (unknown.body as { error: { code: string } }).error.code]).toEqual([404, 'BILLING_RESERVATION_NOT_FOUND']);
    expect(await db.selectFrom('sms_ledger').select('id').where('sms_account_id', '=', account.id).execute()).toEqual(before);
    expect(await walletOf(api, account.name)).toMatchObject({ balanceMinor: 90, pendingMinor: 0, postedMinor: 10 });
    await expectChecked(api, account);
  });

  it('a deferred retry whose re-rendered text counts more parts reuses its one reservation (no leak, no conflict)', async () => {
    const api = live();
    const provider = scriptedProvider(['unavailable', 'accept']);
    const { db, account, customers, rows, send } = await campaignWith(api, provider, 1, 100);
    expect(await send(0)).toMatchObject({ kind: 'later', reason: 'deferred' });
    expect(await walletOf(api, account.name)).toMatchObject({ balanceMinor: 90, pendingMinor: 10 });

    // Between the attempts the customer's name grows: the retry's text needs 2 parts, not 1.
    await db.updateTable('customers').set({ display_name: 'Dr. '.padEnd(150, 'x') }).where('id', '=', customers[0]!).execute();
    await db.updateTable('outbox').set({ next_attempt_at: 0 }).where('id', '=', (await rows())[0]!.id).execute();
    expect(await send(0)).toEqual({ kind: 'done', outcome: 'sent' });
    expect(provider.texts.map((t) => countSegments(t, { provider: 'twilio' }).segments)).toEqual([1, 2]);

    const [row] = await rows();
    expect(row).toMatchObject({ state: 'sent', parts: 1, cost_minor: 10 });
    const pending = await db.selectFrom('sms_ledger').select(['idempotency_key', 'parts']).where('sms_account_id', '=', account.id).where('kind', '=', 'pending').execute();
    expect(pending).toEqual([{ idempotency_key: smsKeyFor(row!.id), parts: 1 }]);
    // Charged what was reserved, once; nothing left held.
    expect(await walletOf(api, account.name)).toMatchObject({ balanceMinor: 90, pendingMinor: 0, postedMinor: 10 });
    const finance = await api.actor('finance');
    expect((await api.request('GET', `/api/wallet/${account.name}/held`, { actor: finance })).body).toEqual({ items: [] });
    await expectChecked(api, account);
  });

  it('a retry after the campaign changed SMS account leaves the first reservation held and settleable, never a second charge', async () => {
    const api = live();
    const provider = scriptedProvider(['unavailable', 'accept']);
    const { db, account, campaign, rows, send } = await campaignWith(api, provider, 1, 100);
    expect(await send(0)).toMatchObject({ kind: 'later', reason: 'deferred' });
    const other = await fundedSmsAccount(api, 100);
    await db.updateTable('campaigns').set({ sms_account_id: other.id }).where('id', '=', campaign.id).execute();
    await db.updateTable('outbox').set({ next_attempt_at: 0 }).where('id', '=', (await rows())[0]!.id).execute();
    expect(await send(0)).toEqual({ kind: 'done', outcome: 'unknown' });
    const [row] = await rows();
    expect(row).toMatchObject({ state: 'unknown', error_code: 'BILLING_IDEMPOTENCY_CONFLICT', error_text: expect.stringContaining('tidings wallet settle') });
    expect(provider.texts).toHaveLength(1);
    expect(await walletOf(api, other.name)).toMatchObject({ balanceMinor: 100, pendingMinor: 0 });

    const finance = await api.actor('finance');
    const held = (await api.request('GET', `/api/wallet/${account.name}/held`, { actor: finance })).body as { items: { key: string }[] };
    expect(held.items.map((h) => h.key)).toEqual([smsKeyFor(row!.id)]);
    const settled = await api.request('POST', `/api/wallet/${account.name}/held/settle`, { actor: finance, body: { key: smsKeyFor(row!.id), outcome: 'rejected', note: 'never sent' } });
    expect(settled.status, settled.text).toBe(200);
    expect(await walletOf(api, account.name)).toMatchObject({ balanceMinor: 100, pendingMinor: 0 });
    expect((await rows())[0]!.state).toBe('failed');
    await expectChecked(api, account);
    await expectChecked(api, other);
  });
});

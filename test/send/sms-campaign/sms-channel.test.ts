import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { assertConsistent, balance, topUp } from '../../../src/modules/billing/index.js';
import { SecretBox } from '../../../src/platform/crypto/index.js';
import { suppress } from '../../../src/modules/customers/index.js';
import { createLogger } from '../../../src/platform/logger/index.js';
import { createSmsChannel, processSmsRow, type SmsChannel, type SmsRowDeps } from '../../../src/modules/sending/channels/index.js';
import { CampaignService, DEFAULT_SEND_SETTINGS, MemoryRateLimiter, processSendJob, type SendDeps } from '../../../src/modules/sending/index.js';
import { AudienceSource, mobile, seedPhoneCustomers, seedSmsTemplate, seedTwilioAccount } from '../../fixtures/sms/sms-campaign.seed.js';
import { startTwilioFake, TWILIO_INVALID, TWILIO_SERVER_ERROR, TWILIO_THROTTLED, type TwilioFake } from '../../fixtures/sms/twilio-server.js';
import { TWILIO_SID, TWILIO_TOKEN } from '../../fixtures/sms/sms-campaign.seed.js';
import { describeStoreContract } from '../../helpers/store-contract.js';
import { FakeClock } from '../../helpers/clock.js';

const PRICE = 10; // DEFAULT_PRICE_MINOR: 0.10 yuan per part
const logger = createLogger({ level: 'silent' });

let fake: TwilioFake;
beforeAll(async () => {
  fake = await startTwilioFake(TWILIO_SID, TWILIO_TOKEN);
});
afterAll(() => fake?.close());

describeStoreContract('send: SMS rows through the channel (Twilio SDK against a local Twilio-wire server)', (store) => {
  const channels: SmsChannel[] = [];
  afterAll(async () => {
    for (const c of channels) await c.close();
  });

  let prefix = 100;
  const setup = async (input: { phones?: string[]; count?: number; fundsFor?: number; apiBaseUrl?: string; body?: string; maxAttempts?: number }) => {
    const { db } = store();
    const secrets = new SecretBox(randomBytes(32));
    const account = await seedTwilioAccount(db, secrets, { apiBaseUrl: input.apiBaseUrl ?? fake.url });
    const version = await seedSmsTemplate(db, input.body);
    prefix += 1;
    const phones = input.phones ?? Array.from({ length: input.count ?? 1 }, (_, i) => mobile(i, String(prefix)));
    const customers = await seedPhoneCustomers(db, phones);
    if (input.fundsFor) {
      await topUp(db, { accountId: account.id, idempotencyKey: `topup:${account.id}:1`, amountMinor: input.fundsFor * PRICE, reference: 'T1', operator: 'finance' });
    }
    const campaigns = new CampaignService({ db, recipients: new AudienceSource(db) });
    const campaign = await campaigns.create({ name: 'sms', channel: 'sms', smsAccountId: account.id, templateVersionId: version, audience: { customerIds: customers } });
    await campaigns.start(campaign.id);
    const sms = createSmsChannel({ db, secrets, logger, guard: { allowPrivateHosts: '127.0.0.1/8,::1' } });
    channels.push(sms);
    const deps: SmsRowDeps = {
      db,
      limiter: new MemoryRateLimiter(),
      logger,
      settings: { ...DEFAULT_SEND_SETTINGS, retryBaseMs: 10, maxAttempts: input.maxAttempts ?? 10 },
      sms,
    };
    const rows = () => db.selectFrom('outbox').selectAll().where('campaign_id', '=', campaign.id).orderBy('id').execute();
    const run = async (index = 0) => {
      const row = (await rows())[index]!;
      return processSmsRow(deps, row);
    };
    return { db, account, campaign, campaigns, deps, rows, run, phones };
  };

  it('sends a queued row once: sent with the provider id, parts and cost; the rendered text reached the provider', async () => {
    const { db, account, campaign, campaigns, deps, rows, run, phones } = await setup({ count: 1, fundsFor: 3 });
    const before = fake.accepted.length;
    const snapshot = (await rows())[0]!;
    expect(await run()).toEqual({ kind: 'done', outcome: 'sent' });
    const [row] = await rows();
    const accepted = fake.accepted.slice(before);
    expect(accepted).toHaveLength(1);
    expect(accepted[0]).toMatchObject({ to: phones[0], body: 'Customer 0: your order has shipped.' });
    // The language variant rendered is recorded with the sent mark (an English-only template: en).
    expect(row).toMatchObject({ state: 'sent', message_id: accepted[0]!.sid, parts: 1, cost_minor: PRICE, error_code: null, language: 'en' });
    // A duplicate job holding the old snapshot cannot claim the row again.
    expect(await processSmsRow(deps, snapshot)).toEqual({ kind: 'done', outcome: 'campaign-finished' });
    await db.updateTable('campaigns').set({ status: 'running' }).where('id', '=', campaign.id).execute();
    expect(await processSmsRow(deps, snapshot)).toEqual({ kind: 'done', outcome: 'not-claimed' });
    await db.updateTable('campaigns').set({ status: 'finished' }).where('id', '=', campaign.id).execute();
    expect(fake.accepted.length).toBe(before + 1);
    expect((await balance(db, account.id)).balanceMinor).toBe(2 * PRICE);
    expect((await assertConsistent(db, account.id)).ok).toBe(true);
    expect((await campaigns.get(campaign.id)).status).toBe('finished');
  });

  it('charges a long Chinese text per part (UCS-2: 2 parts)', async () => {
    const { run, rows } = await setup({ count: 1, fundsFor: 5, body: '尊敬的{{customer.displayName}}，' + '新年快乐万事如意'.repeat(9) });
    expect(await run()).toMatchObject({ outcome: 'sent' });
    expect((await rows())[0]).toMatchObject({ state: 'sent', parts: 2, cost_minor: 2 * PRICE, language: 'zh-CN' });
  });

  it('is routed here by processSendJob for channel sms (the email composer is never asked)', async () => {
    const { deps, rows } = await setup({ count: 1, fundsFor: 1 });
    const never = () => {
      throw new Error('email port used for an SMS row');
    };
    const sendDeps = { ...deps, composer: { compose: never }, senders: { resolve: never }, transports: { forAccount: never, close: async () => {} } } as unknown as SendDeps;
    const row = (await rows())[0]!;
    expect(await processSendJob(sendDeps, row.id)).toMatchObject({ kind: 'done', outcome: 'sent' });
    expect(await processSendJob(sendDeps, row.id)).toEqual({ kind: 'done', outcome: 'already-sent' });
  });

  it('suppresses a number opted out after the start, without reserving or sending', async () => {
    const { db, account, run, rows, phones } = await setup({ count: 1, fundsFor: 1 });
    await suppress(db, { channel: 'sms', value: phones[0]!, reason: 'sms-keyword' });
    const before = fake.accepted.length;
    expect(await run()).toEqual({ kind: 'done', outcome: 'suppressed' });
    expect((await rows())[0]!.state).toBe('suppressed');
    expect(fake.accepted.length).toBe(before);
    expect((await balance(db, account.id)).pendingMinor).toBe(0);
  });

  it('fails an invalid number permanently and gives the money back', async () => {
    const { db, account, run, rows } = await setup({ phones: [TWILIO_INVALID], fundsFor: 1 });
    expect(await run()).toEqual({ kind: 'done', outcome: 'failed' });
    expect((await rows())[0]).toMatchObject({ state: 'failed', error_code: 'SMS_INVALID_NUMBER' });
    expect(await balance(db, account.id)).toMatchObject({ balanceMinor: PRICE, pendingMinor: 0, postedMinor: 0 });
  });

  it('defers a rate-limited message for the Retry-After delay, keeping one reservation across retries', async () => {
    const { db, account, rows, deps: realDeps } = await setup({ phones: [TWILIO_THROTTLED], fundsFor: 2 });
    const clock = new FakeClock(Date.UTC(2027, 0, 1));
    const deps = { ...realDeps, clock };
    const result = await processSmsRow(deps, (await rows())[0]!);
    expect(result).toMatchObject({ kind: 'later', reason: 'deferred' });
    const row = (await rows())[0]!;
    expect(row).toMatchObject({ state: 'deferred', error_code: 'SMS_RATE_LIMITED', attempts: 1 });
    expect(row.next_attempt_at).toBe(clock.now() + 3000);
    // The account is held back for everyone sharing the limiter (for up to Retry-After's 3 s; how
    // much of it is left by now depends on the machine's load, so only "still held" is asserted).
    const held = await deps.limiter.peek(`sms:${account.id}`, {});
    expect(held).toBeGreaterThan(0);
    expect(held).toBeLessThanOrEqual(3000);
    await db.updateTable('outbox').set({ next_attempt_at: Date.now() }).where('id', '=', row.id).execute();
    const fresh = new MemoryRateLimiter();
    await processSmsRow({ ...deps, limiter: fresh }, (await rows())[0]!);
    expect((await rows())[0]).toMatchObject({ state: 'deferred', attempts: 2 });
    expect(await balance(db, account.id)).toMatchObject({ pendingMinor: PRICE, balanceMinor: PRICE });
    const entries = await db.selectFrom('sms_ledger').select('kind').where('sms_account_id', '=', account.id).where('kind', '=', 'pending').execute();
    expect(entries).toHaveLength(1);
  });

  it('cancelling a campaign gives back the money held for its deferred messages', async () => {
    const { db, account, campaign, campaigns, run, rows } = await setup({ phones: [TWILIO_THROTTLED], fundsFor: 2 });
    expect(await run()).toMatchObject({ kind: 'later', reason: 'deferred' });
    expect(await balance(db, account.id)).toMatchObject({ pendingMinor: PRICE, balanceMinor: PRICE });
    await campaigns.cancel(campaign.id);
    expect((await rows())[0]).toMatchObject({ state: 'cancelled' });
    expect(await balance(db, account.id)).toMatchObject({ pendingMinor: 0, balanceMinor: 2 * PRICE });
    expect((await assertConsistent(db, account.id)).ok).toBe(true);
  });

  it('marks an ambiguous provider answer unknown, keeps the reservation, and never resends it', async () => {
    const { db, account, run, rows } = await setup({ phones: [TWILIO_SERVER_ERROR], fundsFor: 1 });
    const before = fake.requests.length;
    expect(await run()).toEqual({ kind: 'done', outcome: 'unknown' });
    expect((await rows())[0]).toMatchObject({ state: 'unknown', error_code: 'SMS_OUTCOME_UNKNOWN' });
    expect(await balance(db, account.id)).toMatchObject({ pendingMinor: PRICE, balanceMinor: 0 });
    // The campaign has nothing open left (unknown is reported, not retried), and even with it
    // running again the row cannot be claimed.
    expect(await run()).toEqual({ kind: 'done', outcome: 'campaign-finished' });
    await db.updateTable('campaigns').set({ status: 'running' }).where('id', '=', (await rows())[0]!.campaign_id).execute();
    expect(await run()).toEqual({ kind: 'done', outcome: 'not-claimed' });
    expect(fake.requests.length).toBe(before + 1);
  });

  it('retries an unreachable provider with backoff, then gives up as failed and releases the money', async () => {
    const { db, account, run, rows } = await setup({ count: 1, fundsFor: 1, apiBaseUrl: 'http://127.0.0.1:1', maxAttempts: 2 });
    expect(await run()).toMatchObject({ kind: 'later', reason: 'deferred' });
    const row = (await rows())[0]!;
    expect(row).toMatchObject({ state: 'deferred', error_code: 'SMS_PROVIDER_UNAVAILABLE' });
    await db.updateTable('outbox').set({ next_attempt_at: Date.now() }).where('id', '=', row.id).execute();
    expect(await run()).toEqual({ kind: 'done', outcome: 'failed' });
    expect((await rows())[0]).toMatchObject({ state: 'failed', error_code: 'SMS_PROVIDER_UNAVAILABLE' });
    expect(await balance(db, account.id)).toMatchObject({ pendingMinor: 0, balanceMinor: PRICE });
    expect((await assertConsistent(db, account.id)).ok).toBe(true);
  });

  it('pauses the campaign "balance too low" when the wallet runs out; top-up + resume sends the rest once', async () => {
    const { db, account, campaign, campaigns, run, rows, phones } = await setup({ count: 4, fundsFor: 2 });
    const before = fake.accepted.length;
    expect(await run(0)).toMatchObject({ outcome: 'sent' });
    expect(await run(1)).toMatchObject({ outcome: 'sent' });
    expect(await run(2)).toEqual({ kind: 'done', outcome: 'campaign-paused' });
    const paused = await campaigns.get(campaign.id);
    expect(paused.status).toBe('paused');
    expect(paused.status_reason).toContain('balance too low');
    // The pipeline stops claiming: the fourth row is not even tried.
    expect(await run(3)).toEqual({ kind: 'done', outcome: 'campaign-paused' });
    const waiting = (await rows()).slice(2);
    expect(waiting.map((r) => [r.state, r.error_code, r.attempts])).toEqual([
      ['queued', 'BILLING_INSUFFICIENT_BALANCE', 0],
      ['queued', 'BILLING_INSUFFICIENT_BALANCE', 0],
    ]);
    expect(await balance(db, account.id)).toMatchObject({ balanceMinor: 0, pendingMinor: 0 });

    await topUp(db, { accountId: account.id, idempotencyKey: `topup:${account.id}:2`, amountMinor: 2 * PRICE, reference: 'T2', operator: 'finance' });
    await campaigns.resume(campaign.id);
    for (const i of [0, 1, 2, 3]) await run(i);
    const all = await rows();
    expect(all.map((r) => r.state)).toEqual(['sent', 'sent', 'sent', 'sent']);
    expect(all.every((r) => r.error_code === null)).toBe(true);
    const to = fake.accepted.slice(before).map((a) => a.to);
    expect(to.sort()).toEqual([...phones].sort()); // each number exactly once
    expect(await balance(db, account.id)).toMatchObject({ balanceMinor: 0, postedMinor: 4 * PRICE, pendingMinor: 0 });
    expect((await assertConsistent(db, account.id)).ok).toBe(true);
    expect((await campaigns.get(campaign.id)).status).toBe('finished');
  });

  it('respects the account limits from its settings with the key sms:<accountId>', async () => {
    const { db } = store();
    const secrets = new SecretBox(randomBytes(32));
    const account = await seedTwilioAccount(db, secrets, { apiBaseUrl: fake.url, limits: { perMinute: 1 } });
    const sms = createSmsChannel({ db, secrets, logger, guard: { allowPrivateHosts: '127.0.0.1/8,::1' } });
    channels.push(sms);
    const entry = await sms.providers.get(account.id);
    expect(entry).toMatchObject({ limitKey: `sms:${account.id}`, limits: { perMinute: 1 } });
    expect(await sms.providers.get(account.id)).toBe(entry); // one long-lived provider per account
  });
});

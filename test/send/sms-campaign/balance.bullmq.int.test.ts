import { afterAll, beforeAll, expect, it } from 'vitest';
import { assertConsistent, balance, topUp } from '../../../src/modules/billing/index.js';
import { waitUntil } from '../../fixtures/send/harness.js';
import { describeWithServices } from '../../helpers/services.js';
import { tidings } from './cli-io.js';
import { openSmsHarness, type SmsHarness } from './sms-bullmq.harness.js';
import { waitFor } from '../../helpers/wait.js';

const TOTAL = 1000;
const FUNDED = 500;
const PRICE = 10; // minor units (厘) per part, the price seedTwilioAccount sets; every text here is one GSM-7 part

await describeWithServices(['postgres', 'redis'], 'SMS campaign: 1,000 messages, money for 500, two BullMQ worker processes', () => {
  let h: SmsHarness;
  beforeAll(async () => {
    h = await openSmsHarness(TOTAL);
  }, 60_000);
  afterAll(async () => {
    await h?.close();
  }, 30_000);

  it('sends exactly 500, never overdraws, pauses "balance too low"; top-up + resume sends the other 500 once', async () => {
    const { db } = h.pg.store;
    await topUp(db, { accountId: h.account.id, idempotencyKey: 'topup:1', amountMinor: FUNDED * PRICE, reference: 'T1', operator: 'finance' });
    await Promise.all([h.startWorker(), h.startWorker()]);
    const campaign = await h.producer.campaigns.create({
      name: 'balance',
      channel: 'sms',
      smsAccountId: h.account.id,
      templateVersionId: h.version,
      audience: { customerIds: h.customers },
    });

    // Sample the wallet while the workers race for the last fen (the CHECK constraint
    // balance_minor >= 0 is the store's own guard; this watches it from outside).
    let sampling = true;
    let lowest = Number.POSITIVE_INFINITY;
    let samples = 0;
    // Samples the wallet until the campaign has settled (bounded, like every wait in the suite).
    const sampler = waitFor(
      async () => {
        const w = await db.selectFrom('sms_wallets').select(['balance_minor', 'pending_minor']).where('sms_account_id', '=', h.account.id).executeTakeFirst();
        if (w) {
          lowest = Math.min(lowest, Number(w.balance_minor), Number(w.pending_minor));
          samples++;
        }
        return !sampling;
      },
      { timeoutMs: 120_000, intervalMs: 10, what: 'the campaign to settle while sampling the wallet' },
    );

    await h.producer.campaigns.start(campaign.id);
    // Settled: paused, nothing in flight (no row `sending`, no reservation pending). The pause
    // lands first; sends that reserved before it still finish, and the rows of reservations refused
    // after it go back to `queued`.
    const settled = async () => {
      const c = await h.producer.campaigns.get(campaign.id);
      if (c.status !== 'paused') return false;
      const open = await db.selectFrom('outbox').select('id').where('campaign_id', '=', campaign.id).where('state', '=', 'sending').execute();
      if (open.length > 0) return false;
      return (await balance(db, h.account.id)).pendingMinor === 0;
    };
    try {
      // Bounded generously: 500 sends by two worker processes on a loaded 2-core machine.
      await waitUntil(settled, 120_000, 50);
    } finally {
      sampling = false;
      await sampler;
    }

    const paused = await h.producer.campaigns.get(campaign.id);
    expect(paused.status_reason).toContain('balance too low');
    expect(h.fake.accepted).toHaveLength(FUNDED);
    // The worker that hit the empty wallet pauses the campaign, then tags the rows still waiting:
    // two statements, so the tags may land just after the pause was seen.
    const untagged = () =>
      db
        .selectFrom('outbox')
        .select('id')
        .where('campaign_id', '=', campaign.id)
        .where('state', '!=', 'sent')
        .where((eb) => eb.or([eb('error_code', 'is', null), eb('error_code', '!=', 'BILLING_INSUFFICIENT_BALANCE')]))
        .execute();
    await expect.poll(async () => (await untagged()).length).toBe(0);
    const rows = await db.selectFrom('outbox').select(['id', 'state', 'error_code', 'parts', 'cost_minor', 'address']).where('campaign_id', '=', campaign.id).execute();
    const sent = rows.filter((r) => r.state === 'sent');
    const waiting = rows.filter((r) => r.state !== 'sent');
    expect(sent).toHaveLength(FUNDED);
    expect(sent.every((r) => r.parts === 1 && r.cost_minor === PRICE)).toBe(true);
    expect(waiting).toHaveLength(TOTAL - FUNDED);
    // The other 500 are reported as waiting for money: not sent, not failed.
    expect(waiting.every((r) => r.state === 'queued' && r.error_code === 'BILLING_INSUFFICIENT_BALANCE')).toBe(true);
    expect(await balance(db, h.account.id)).toMatchObject({ balanceMinor: 0, pendingMinor: 0, postedMinor: FUNDED * PRICE });
    expect(lowest).toBeGreaterThanOrEqual(0);
    expect(samples).toBeGreaterThan(5);
    expect((await assertConsistent(db, h.account.id)).ok).toBe(true);

    // Finance tops up, the marketer resumes: the rest goes out, nothing twice. ¥5 = 5,000 厘 = 500 parts at 10.
    const topup = await tidings(['wallet', 'topup', h.account.name, '--amount', '5', '--reference', 'T2', '--operator', 'finance', '--json'], h.env);
    expect(topup.err).toBe('');
    expect(topup.code).toBe(0);
    const resume = await tidings(['campaign', 'resume', String(campaign.id), '--json'], h.env);
    expect(resume.err).toBe('');
    expect(resume.code).toBe(0);
    await waitUntil(async () => (await h.producer.campaigns.get(campaign.id)).status === 'finished', 120_000, 50).catch(async (error: Error) => {
      // Say what was left, so a rare stall names the rows it waited on.
      const left = await db
        .selectFrom('outbox')
        .select(['state', 'error_code', (eb) => eb.fn.countAll<number>().as('n')])
        .where('campaign_id', '=', campaign.id)
        .groupBy(['state', 'error_code'])
        .execute();
      const status = (await h.producer.campaigns.get(campaign.id)).status;
      throw new Error(`${error.message}; campaign ${status}; rows ${JSON.stringify(left)}`);
    });

    const to = h.fake.accepted.map((a) => a.to);
    expect(to).toHaveLength(TOTAL);
    expect(new Set(to).size).toBe(TOTAL);
    expect(new Set(to)).toEqual(new Set(h.phones));
    expect(await balance(db, h.account.id)).toMatchObject({ balanceMinor: 0, pendingMinor: 0, postedMinor: TOTAL * PRICE });
    expect((await assertConsistent(db, h.account.id)).ok).toBe(true);
  }, 300_000);
});

import { expect, it } from 'vitest';
import {
  accountComplaintRate,
  campaignComplaintReport,
  complaintLimitOf,
  complaintLimitPassed,
  complaintPauseReason,
  pauseCampaignsOverComplaintLimit,
  recordComplaint,
  sendEnv,
} from '../../src/modules/sending/index.js';
import { z } from 'zod';
import { describeStoreContract } from '../helpers/store-contract.js';
import { FakeClock } from '../helpers/clock.js';
import { seedAccount, seedCampaign, seedCustomer } from '../inbox/seed.js';
import type { Kysely } from 'kysely';
import type { DatabaseSchema } from '../../src/platform/db/index.js';

const LIMIT = { maxBasisPoints: 30, minDelivered: 500 };

it('the bound: strictly above the rate, and only after the minimum sample', () => {
  expect(complaintLimitPassed({ complaints: 3, delivered: 500 }, LIMIT)).toBe(true); // 0.6 %
  expect(complaintLimitPassed({ complaints: 1, delivered: 500 }, LIMIT)).toBe(false); // 0.2 %: one complaint never pauses alone
  expect(complaintLimitPassed({ complaints: 3, delivered: 1000 }, LIMIT)).toBe(false); // exactly 0.3 % is not above
  expect(complaintLimitPassed({ complaints: 4, delivered: 1000 }, LIMIT)).toBe(true);
  expect(complaintLimitPassed({ complaints: 50, delivered: 499 }, LIMIT)).toBe(false); // sample too small
  expect(complaintPauseReason({ complaints: 3, delivered: 500 }, LIMIT)).toBe(
    'SEND_COMPLAINT_RATE: Paused: 3 complaints in 500 delivered (0.6 %), above the 0.3 % limit. Check the audience and content before resuming.',
  );
});

it('settings: SEND_COMPLAINT_MAX_PERCENT is a percentage with up to two decimals, defaults 0.3 % after 500 delivered', () => {
  const schema = z.object({ SEND_COMPLAINT_MAX_PERCENT: sendEnv.SEND_COMPLAINT_MAX_PERCENT, SEND_COMPLAINT_MIN_DELIVERED: sendEnv.SEND_COMPLAINT_MIN_DELIVERED });
  expect(complaintLimitOf(schema.parse({}))).toEqual({ maxBasisPoints: 30, minDelivered: 500 });
  expect(complaintLimitOf(schema.parse({ SEND_COMPLAINT_MAX_PERCENT: '0.25', SEND_COMPLAINT_MIN_DELIVERED: '4' }))).toEqual({ maxBasisPoints: 25, minDelivered: 4 });
  expect(complaintLimitOf(schema.parse({ SEND_COMPLAINT_MAX_PERCENT: '2' }))).toMatchObject({ maxBasisPoints: 200 });
  for (const bad of ['0', '0.001', 'abc', '101', '-1']) expect(schema.safeParse({ SEND_COMPLAINT_MAX_PERCENT: bad }).success).toBe(false);
});

/** A running campaign from `accountId` with `delivered` sent rows (one customer each). */
async function runningCampaign(db: Kysely<DatabaseSchema>, delivered: number, accountId: number | null = null) {
  const recipients = [];
  for (let i = 0; i < delivered; i++) {
    const address = `c${i}-${Math.random().toString(36).slice(2, 8)}@example.test`;
    recipients.push({ customerId: await seedCustomer(db, `C${i}`, [address]), address });
  }
  const seeded = await seedCampaign(db, recipients, accountId);
  await db.updateTable('campaigns').set({ status: 'running' }).where('id', '=', seeded.campaignId).execute();
  return seeded;
}

describeStoreContract('complaints', (store) => {
  it('records a complaint once per message, against the campaign and its sending mailbox', async () => {
    const db = store().db;
    const account = await seedAccount(db, { name: `fbl-${Date.now()}`, email: 'sales@example.test' });
    const first = await runningCampaign(db, 4, account);
    const second = await runningCampaign(db, 6, account);
    const clock = new FakeClock(Date.now() + 60_000);
    const [a, b] = first.outbox as [(typeof first.outbox)[0], (typeof first.outbox)[0]];
    const recorded = await recordComplaint(db, { outboxId: a.id, feedbackType: 'abuse', userAgent: 'FBL/1.0', arrivedAt: 1_700_000_000_000, inboxMessageId: null }, clock);
    expect(recorded).toMatchObject({ outboxId: a.id, campaignId: first.campaignId, mailAccountId: account, customerId: a.customerId, address: a.address, isNew: true });
    // The same message reported again is not counted twice.
    expect(await recordComplaint(db, { outboxId: a.id, feedbackType: 'abuse' }, clock)).toMatchObject({ isNew: false });
    await recordComplaint(db, { outboxId: b.id, feedbackType: 'fraud' }, clock);
    await recordComplaint(db, { outboxId: second.outbox[0]!.id, feedbackType: 'abuse' }, clock);
    expect(await recordComplaint(db, { outboxId: 999_999, feedbackType: 'abuse' }, clock)).toBeUndefined();

    const report = await campaignComplaintReport(db, first.campaignId, LIMIT);
    expect(report.campaign).toEqual({ complaints: 2, delivered: 4, rate: 0.5 });
    expect(report.account).toEqual({ mailAccountId: account, complaints: 3, delivered: 10, rate: 0.3 });
    expect(report.limit).toEqual({ maxRate: 0.003, minDelivered: 500 });
    expect(await accountComplaintRate(db, account)).toEqual({ complaints: 3, delivered: 10, rate: 0.3 });
    await expect(campaignComplaintReport(db, 999_999, LIMIT)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('pauses a running campaign above the bound once it has the minimum sample, with a reason a person understands', async () => {
    const db = store().db;
    const limit = { maxBasisPoints: 30, minDelivered: 8 };
    const clock = new FakeClock(Date.now() + 60_000);
    const small = await runningCampaign(db, 7); // below the sample: never pauses, whatever the rate
    const big = await runningCampaign(db, 10);
    const calm = await runningCampaign(db, 10); // no complaint
    for (const row of small.outbox.slice(0, 3)) await recordComplaint(db, { outboxId: row.id, feedbackType: 'abuse' }, clock);
    await recordComplaint(db, { outboxId: big.outbox[0]!.id, feedbackType: 'abuse' }, clock);

    const paused = await pauseCampaignsOverComplaintLimit(db, limit);
    expect(paused).toEqual([big.campaignId]);
    const status = async (id: number) => db.selectFrom('campaigns').select(['status', 'status_reason']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(await status(big.campaignId)).toEqual({
      status: 'paused',
      status_reason: 'SEND_COMPLAINT_RATE: Paused: 1 complaint in 10 delivered (10 %), above the 0.3 % limit. Check the audience and content before resuming.',
    });
    expect((await status(small.campaignId)).status).toBe('running');
    expect((await status(calm.campaignId)).status).toBe('running');

    // A person resumes it: the same complaints do not pause it again; a new one does.
    clock.advance(1_000);
    await db.updateTable('campaigns').set({ status: 'running', status_reason: null, updated_at: clock.now() }).where('id', '=', big.campaignId).execute();
    expect(await pauseCampaignsOverComplaintLimit(db, limit)).toEqual([]);
    clock.advance(1_000);
    await recordComplaint(db, { outboxId: big.outbox[1]!.id, feedbackType: 'abuse' }, clock);
    expect(await pauseCampaignsOverComplaintLimit(db, limit)).toEqual([big.campaignId]);
    expect((await status(big.campaignId)).status_reason).toMatch(/^SEND_COMPLAINT_RATE: Paused: 2 complaints in 10 delivered \(20 %\)/);
  });
});

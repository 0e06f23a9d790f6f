import { afterAll, beforeAll, expect, it } from 'vitest';
import { assertConsistent, balance, topUp } from '../../../src/modules/billing/index.js';
import { smsKeyFor } from '../../../src/modules/sending/channels/index.js';
import { waitUntil } from '../../fixtures/send/harness.js';
import { describeWithServices } from '../../helpers/services.js';
import { killProcess, openSmsHarness, type SmsHarness } from './sms-bullmq.harness.js';

const TOTAL = 800;
const PRICE = 10;

/*
 * "None sent twice, none charged twice", precisely:
 *  - every row ends `sent` or `unknown` (unknown = the killed worker had claimed it; never resent);
 *  - the provider endpoint accepted each number at most once; every `sent` row's number exactly
 *    once, under the sid stored as its message_id; an `unknown` row's number at most once;
 *  - per idempotency key `sms:outbox:<id>` the ledger holds at most one reservation and at most
 *    one resolution; every `sent` row is posted; a post may also belong to an `unknown` row whose
 *    message reached the endpoint (the worker died between the ledger's post and the outbox
 *    update: charged once, and resend-unknown marks it sent from the ledger without resending);
 *  - the endpoint's accepted parts × price = posted + the still-pending reservations of `unknown`
 *    rows whose message did reach the endpoint (they await a person's settlement, charged once).
 */
await describeWithServices(['postgres', 'redis'], 'SMS campaign: kill -9 a BullMQ worker mid-campaign', () => {
  let h: SmsHarness;
  beforeAll(async () => {
    // The killed worker's claimed rows become unknown once the harness's short stale bound passes
    // without renewal; the live workers renew theirs, however slow a send is under load. The short
    // job lock hands the dead worker's unclaimed jobs to the others.
    h = await openSmsHarness(TOTAL, { SEND_JOB_LOCK_MS: '3000' });
  }, 60_000);
  afterAll(async () => {
    await h?.close();
  }, 30_000);

  it('charges exactly the accepted parts, sends nothing twice, and reports only in-flight rows as unknown', async () => {
    const { db } = h.pg.store;
    await topUp(db, { accountId: h.account.id, idempotencyKey: 'topup:1', amountMinor: TOTAL * PRICE * 2, reference: 'T1', operator: 'finance' });
    const [victim] = await Promise.all([h.startWorker(), h.startWorker()]);
    const campaign = await h.producer.campaigns.create({
      name: 'crash',
      channel: 'sms',
      smsAccountId: h.account.id,
      templateVersionId: h.version,
      audience: { customerIds: h.customers },
    });
    await h.producer.campaigns.start(campaign.id);

    await h.fake.waitForAccepted(TOTAL / 4, 120_000);
    await killProcess(victim!);
    await h.startWorker();
    // Bounded generously: ~600 sends on a loaded 2-core machine plus the stale bound.
    await waitUntil(async () => (await h.producer.campaigns.get(campaign.id)).status === 'finished', 240_000, 100);

    const rows = await db.selectFrom('outbox').select(['id', 'state', 'message_id', 'address', 'parts']).where('campaign_id', '=', campaign.id).execute();
    expect(rows).toHaveLength(TOTAL);
    expect(rows.every((r) => r.state === 'sent' || r.state === 'unknown')).toBe(true);
    const sent = rows.filter((r) => r.state === 'sent');
    const unknown = rows.filter((r) => r.state === 'unknown');
    expect(unknown.length).toBeLessThanOrEqual(16); // the killed worker's SEND_CONCURRENCY

    const byNumber = new Map<string, { sid: string; segments: number }[]>();
    for (const a of h.fake.accepted) byNumber.set(a.to, [...(byNumber.get(a.to) ?? []), a]);
    expect([...byNumber.values()].every((list) => list.length === 1)).toBe(true);
    for (const r of sent) expect(byNumber.get(r.address)?.[0]?.sid).toBe(r.message_id);
    const unknownReached = unknown.filter((r) => byNumber.has(r.address));
    expect(h.fake.accepted).toHaveLength(sent.length + unknownReached.length);

    const entries = await db.selectFrom('sms_ledger').select(['idempotency_key', 'kind', 'amount_minor']).where('sms_account_id', '=', h.account.id).execute();
    const reservations = entries.filter((e) => e.kind === 'pending');
    expect(new Set(reservations.map((e) => e.idempotency_key)).size).toBe(reservations.length);
    const posts = entries.filter((e) => e.kind === 'post');
    // One post per sent row; any other post belongs to an unknown row that reached the endpoint.
    const postKeys = new Set(posts.map((e) => e.idempotency_key));
    expect(postKeys.size).toBe(posts.length);
    for (const r of sent) expect(postKeys.has(`${smsKeyFor(r.id)}:post`), `sent row ${r.id} is posted`).toBe(true);
    const reachedPostKeys = new Set(unknownReached.map((r) => `${smsKeyFor(r.id)}:post`));
    const extraPosts = posts.filter((e) => !sent.some((r) => `${smsKeyFor(r.id)}:post` === e.idempotency_key));
    expect(extraPosts.every((e) => reachedPostKeys.has(e.idempotency_key))).toBe(true);

    const wallet = await balance(db, h.account.id);
    const sentParts = sent.reduce((n, r) => n + (r.parts ?? 0), 0);
    const extraPosted = extraPosts.reduce((n, e) => n + Number(e.amount_minor), 0);
    expect(wallet.postedMinor).toBe(sentParts * PRICE + extraPosted);
    const acceptedParts = h.fake.accepted.reduce((n, a) => n + a.segments, 0);
    // Reservations of unknown rows that were posted before the worker died are no longer pending.
    const postedUnknown = new Set(extraPosts.map((e) => e.idempotency_key.replace(/:post$/, '')));
    const stillPending = reservations.filter((e) => !postedUnknown.has(e.idempotency_key));
    const reachedUnknownKeys = new Set(unknownReached.map((r) => smsKeyFor(r.id)));
    const pendingOfReached = stillPending.filter((e) => reachedUnknownKeys.has(e.idempotency_key)).reduce((n, e) => n + Number(e.amount_minor), 0);
    expect(acceptedParts * PRICE).toBe(wallet.postedMinor + pendingOfReached);
    // Every reservation still pending belongs to an unknown row (nothing else is left hanging).
    const unknownKeys = new Set(unknown.map((r) => smsKeyFor(r.id)));
    expect(wallet.pendingMinor).toBe(stillPending.filter((e) => unknownKeys.has(e.idempotency_key)).reduce((n, e) => n + Number(e.amount_minor), 0));
    expect((await assertConsistent(db, h.account.id)).ok).toBe(true);
  }, 400_000);
});

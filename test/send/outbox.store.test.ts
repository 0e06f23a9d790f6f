import { expect, it } from 'vitest';
import { finishIfDone } from '../../src/modules/sending/campaign.store.js';
import {
  claimForSending,
  claimManyForSending,
  getOutboxRows,
  markDeferred,
  markManySent,
  markSent,
  markUnknown,
  recoverStaleSending,
  requeueUnknown,
} from '../../src/modules/sending/outbox.store.js';
import { describeStoreContract } from '../helpers/store-contract.js';
import { draftEmailCampaign } from '../fixtures/send/seed.js';
import { suppress } from '../../src/modules/customers/index.js';

describeStoreContract('send: outbox state machine', (store) => {
  const setup = async (n: number) => ({ db: store().db, ...(await draftEmailCampaign(store().db, n, 'u', 'contract.test')) });
  const ids = async (db: ReturnType<typeof store>['db'], campaignId: number) =>
    (await db.selectFrom('outbox').select(['id', 'state']).where('campaign_id', '=', campaignId).orderBy('id').execute());

  it('materialises one row per reachable customer, idempotently; the audience leaves suppressed recipients out', async () => {
    const { db, campaigns, campaign, tag } = await setup(5);
    await suppress(db, { channel: 'email', value: `u1-${tag}@contract.test`, reason: 'unsubscribed' });
    await campaigns.start(campaign.id);
    // Re-running the materialisation (an interrupted start) adds nothing.
    await db.updateTable('send_campaign_state').set({ materialized_at: null }).where('campaign_id', '=', campaign.id).execute();
    await campaigns.start(campaign.id);
    const rows = await ids(db, campaign.id);
    expect(rows).toHaveLength(4);
    expect(rows.map((r) => r.state)).toEqual(['queued', 'queued', 'queued', 'queued']);
  });

  it('lets exactly one of two concurrent claims win, and never claims for a paused campaign', async () => {
    const { db, campaigns, campaign } = await setup(2);
    await campaigns.start(campaign.id);
    const [first, second] = await ids(db, campaign.id);
    const now = Date.now();
    const results = await Promise.all([claimForSending(db, first!.id, now), claimForSending(db, first!.id, now)]);
    expect(results.filter(Boolean)).toHaveLength(1);
    await campaigns.pause(campaign.id);
    expect(await claimForSending(db, second!.id, now)).toBe(false);
    await campaigns.resume(campaign.id);
    expect(await claimForSending(db, second!.id, now)).toBe(true);
  });

  it('moves sending → deferred (not before due) → sent, and stale sending → unknown, requeued only by a person', async () => {
    const { db, campaigns, campaign } = await setup(2);
    await campaigns.start(campaign.id);
    const [a, b] = await ids(db, campaign.id);
    const now = Date.now();
    expect(await claimForSending(db, a!.id, now)).toBe(true);
    expect(await markDeferred(db, a!.id, now + 60_000, 'SEND_SMTP_TEMPORARY', '454 try later')).toBe(true);
    expect(await claimForSending(db, a!.id, now)).toBe(false); // not due yet
    expect(await claimForSending(db, a!.id, now + 60_000)).toBe(true);
    expect(await markSent(db, a!.id, '<tid.x@example.test>', now)).toBe(true);
    expect(await markSent(db, a!.id, '<tid.x@example.test>', now)).toBe(false); // only from sending/unknown

    expect(await claimForSending(db, b!.id, now)).toBe(true);
    await db.updateTable('outbox').set({ updated_at: now - 10_000 }).where('id', '=', b!.id).execute();
    expect(await recoverStaleSending(db, 5_000)).toBe(1);
    expect(await claimForSending(db, b!.id, now)).toBe(false); // unknown is never claimed
    expect(await markUnknown(db, b!.id, 'X', 'y')).toBe(false);
    expect(await finishIfDone(db, campaign.id)).toBe(true);
    expect((await requeueUnknown(db, campaign.id))).toEqual([b!.id]);
  });

  it('claims, reads and marks many rows in one statement each, only those in the right state', async () => {
    const { db, campaigns, campaign } = await setup(5);
    await campaigns.start(campaign.id);
    const rows = (await ids(db, campaign.id)).map((r) => r.id);
    const [a, b, c, d, e] = rows as [number, number, number, number, number];
    const now = Date.now();
    expect(await claimForSending(db, e, now)).toBe(true);
    // e is already sending: the batch wins the other four; an id repeated by padding counts once.
    expect((await claimManyForSending(db, [a, b, c, d, e], now)).sort((x, y) => x - y)).toEqual([a, b, c, d]);
    const read = await getOutboxRows(db, [a, e, 999_999_999]);
    expect([...read.keys()].sort((x, y) => x - y)).toEqual([a, e]);
    expect(read.get(a)?.state).toBe('sending');
    await markDeferred(db, d, now + 60_000, 'SEND_SMTP_TEMPORARY', '454');
    const marked = await markManySent(db, [
      { id: a, messageId: '<tid.a@example.test>', at: now },
      { id: b, messageId: '<tid.b@example.test>', at: now + 1 },
      { id: d, messageId: '<tid.d@example.test>', at: now }, // deferred: not marked
    ]);
    expect([...marked].sort((x, y) => x - y)).toEqual([a, b]);
    const after = await db.selectFrom('outbox').select(['id', 'state', 'message_id', 'sent_at']).where('id', 'in', [a, b, d]).orderBy('id').execute();
    expect(after.map((r) => [r.state, r.message_id, Number(r.sent_at ?? 0) - now])).toEqual([
      ['sent', '<tid.a@example.test>', 0],
      ['sent', '<tid.b@example.test>', 1],
      ['deferred', null, -now],
    ]);
    expect((await markManySent(db, [])).size).toBe(0);
  });

  it('cancels queued and deferred rows but leaves sent ones', async () => {
    const { db, campaigns, campaign } = await setup(3);
    await campaigns.start(campaign.id);
    const [a] = await ids(db, campaign.id);
    expect(await claimForSending(db, a!.id, Date.now())).toBe(true);
    await markSent(db, a!.id, '<tid.y@example.test>', Date.now());
    const progress = await campaigns.cancel(campaign.id);
    expect(progress.status).toBe('cancelled');
    expect(progress.counts).toMatchObject({ sent: 1, cancelled: 2 });
    await expect(campaigns.resume(campaign.id)).rejects.toMatchObject({ code: 'SEND_CAMPAIGN_STATE' });
  });
});

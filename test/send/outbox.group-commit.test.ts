import { expect, it } from 'vitest';
import { RunningCampaignCache } from '../../src/modules/sending/campaign.cache.js';
import { pauseCampaign } from '../../src/modules/sending/campaign.store.js';
import { OutboxGroupCommit } from '../../src/modules/sending/outbox.group-commit.js';
import { markFailed } from '../../src/modules/sending/outbox.store.js';
import { describeStoreContract } from '../helpers/store-contract.js';
import { draftEmailCampaign } from '../fixtures/send/seed.js';

describeStoreContract('send: outbox group commit and running-campaign cache', (store) => {
  const setup = async (n: number) => {
    const { db } = store();
    const { campaigns, campaign } = await draftEmailCampaign(db, n, 'g', 'group.test');
    await campaigns.start(campaign.id);
    const rows = await db.selectFrom('outbox').select('id').where('campaign_id', '=', campaign.id).orderBy('id').execute();
    return { db, campaigns, campaign, ids: rows.map((r) => r.id) };
  };
  const states = async (db: ReturnType<typeof store>['db'], campaignId: number) =>
    (await db.selectFrom('outbox').select('state').where('campaign_id', '=', campaignId).orderBy('id').execute()).map((r) => r.state);

  it('claims concurrent requests in one batch: every row once, a duplicate request loses, nothing of a paused campaign', async () => {
    const { db, campaign, ids } = await setup(7);
    const writer = new OutboxGroupCommit(db);
    const [first, ...rest] = ids;
    // Requested in the same turn of the event loop, so they share a batch.
    const results = await Promise.all([writer.claim(first!), writer.claim(first!), ...rest.slice(0, 5).map((id) => writer.claim(id))]);
    expect(results.slice(0, 2).sort()).toEqual([false, true]);
    expect(results.slice(2)).toEqual([true, true, true, true, true]);
    expect(await states(db, campaign.id)).toEqual(['sending', 'sending', 'sending', 'sending', 'sending', 'sending', 'queued']);
    expect(await writer.claim(first!)).toBe(false);
    await pauseCampaign(db, campaign.id, 'test');
    expect(await writer.claim(rest[5]!)).toBe(false);
    expect((await states(db, campaign.id))[6]).toBe('queued');
  });

  it('marks rows sent with their Message-ID and finishes the campaign after the batch holding its last row', async () => {
    const { db, campaigns, campaign, ids } = await setup(5);
    const writer = new OutboxGroupCommit(db, { maxBatch: 2 });
    expect(await Promise.all(ids.map((id) => writer.claim(id)))).toEqual([true, true, true, true, true]);
    const sentAt = Date.now();
    const marks = await Promise.all(ids.slice(0, 4).map((id) => writer.markSent(id, campaign.id, `<m${id}@example.test>`, sentAt)));
    expect(marks).toEqual([true, true, true, true]);
    expect((await campaigns.get(campaign.id)).status).toBe('running');
    expect(await writer.markSent(ids[4]!, campaign.id, `<m${ids[4]}@example.test>`, sentAt)).toBe(true);
    expect((await campaigns.get(campaign.id)).status).toBe('finished');
    const rows = await db.selectFrom('outbox').select(['id', 'state', 'message_id', 'sent_at']).where('campaign_id', '=', campaign.id).orderBy('id').execute();
    expect(rows.map((r) => [r.state, r.message_id, Number(r.sent_at)])).toEqual(ids.map((id) => ['sent', `<m${id}@example.test>`, sentAt]));
    // Only from sending/unknown, as markSent.
    expect(await writer.markSent(ids[0]!, campaign.id, '<again@example.test>', sentAt)).toBe(false);
  });

  it('waits with the finish check while a row it claimed is open, and runs it when that row settles', async () => {
    const { db, campaigns, campaign, ids } = await setup(3);
    const writer = new OutboxGroupCommit(db);
    expect(await Promise.all(ids.map((id) => writer.claim(id, campaign.id)))).toEqual([true, true, true]);
    const sentAt = Date.now();
    expect(await Promise.all(ids.slice(0, 2).map((id) => writer.markSent(id, campaign.id, `<m${id}@example.test>`, sentAt)))).toEqual([true, true]);
    expect((await campaigns.get(campaign.id)).status).toBe('running');
    // The third message fails; its failure is written without a finish check of its own.
    await markFailed(db, ids[2]!, 'SEND_SMTP_REJECTED', '550 no such user');
    expect((await campaigns.get(campaign.id)).status).toBe('running');
    await writer.settle(ids[2]!);
    expect((await campaigns.get(campaign.id)).status).toBe('finished');
    // Settling an unknown or already settled row does nothing.
    await writer.settle(ids[2]!);
    await writer.settle(-1);
  });

  it('finishes after the last sent mark when no check was held back', async () => {
    const { db, campaigns, campaign, ids } = await setup(2);
    const writer = new OutboxGroupCommit(db);
    expect(await Promise.all(ids.map((id) => writer.claim(id, campaign.id)))).toEqual([true, true]);
    await writer.markSent(ids[0]!, campaign.id, '<a@example.test>', Date.now());
    expect((await campaigns.get(campaign.id)).status).toBe('running');
    await writer.markSent(ids[1]!, campaign.id, '<b@example.test>', Date.now());
    expect((await campaigns.get(campaign.id)).status).toBe('finished');
  });

  it('reuses a running campaign row for a moment but never a paused one', async () => {
    const { db, campaigns, campaign } = await setup(1);
    const cache = new RunningCampaignCache(db, 60_000);
    expect((await cache.get(campaign.id))?.status).toBe('running');
    await campaigns.pause(campaign.id);
    // Still the cached running row: the claim's own status check is what stops sending.
    expect((await cache.get(campaign.id))?.status).toBe('running');
    const fresh = new RunningCampaignCache(db, 60_000);
    expect((await fresh.get(campaign.id))?.status).toBe('paused');
    await campaigns.resume(campaign.id);
    expect((await fresh.get(campaign.id))?.status).toBe('running');
    expect(await cache.get(-1)).toBeUndefined();
  });
});

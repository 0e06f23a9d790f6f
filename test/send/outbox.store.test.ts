import { expect, it } from 'vitest';
import { finishIfDone } from '../../src/send/campaign.store.js';
import {
  claimForSending,
  markDeferred,
  markSent,
  markUnknown,
  recoverStaleSending,
  requeueUnknown,
} from '../../src/send/outbox.store.js';
import { AudienceRecipientSource, CampaignService } from '../../src/send/index.js';
import { describeStoreContract } from '../helpers/store-contract.js';
import { seedAccount, seedCustomers, seedTemplateVersion } from '../fixtures/send/seed.js';
import { suppress } from '../../src/customers/index.js';

describeStoreContract('send: outbox state machine', (store) => {
  const setup = async (n: number) => {
    const { db } = store();
    const campaigns = new CampaignService({ db, recipients: new AudienceRecipientSource(db, { timeZone: 'Asia/Shanghai', region: 'CN' }) });
    const account = await seedAccount(db, { port: 25 });
    const version = await seedTemplateVersion(db);
    const tag = Math.random().toString(36).slice(2, 8);
    const customers = await seedCustomers(db, n, (i) => `u${i}-${tag}@contract.test`);
    const campaign = await campaigns.create({ name: 'c', mailAccountId: account, templateVersionId: version, audience: { customerIds: customers } });
    return { db, campaigns, campaign, customers, tag };
  };
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
    expect(await recoverStaleSending(db, 5_000, now)).toBe(1);
    expect(await claimForSending(db, b!.id, now)).toBe(false); // unknown is never claimed
    expect(await markUnknown(db, b!.id, 'X', 'y')).toBe(false);
    expect(await finishIfDone(db, campaign.id)).toBe(true);
    expect((await requeueUnknown(db, campaign.id))).toEqual([b!.id]);
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

import type { KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs, QueryResult, RootOperationNode, UnknownRow } from 'kysely';
import { expect, it } from 'vitest';
import { AudienceRecipientSource, CampaignService, MergeCustomerCache } from '../../../src/modules/sending/index.js';
import { makeSqliteStore } from '../../helpers/store-contract.js';
import { seedAccount, seedCustomers, seedTemplateVersion } from '../../fixtures/send/seed.js';

/** Counts the statements that read the outbox (the cache's look-ahead is the only one here). */
class OutboxReads implements KyselyPlugin {
  count = 0;
  transformQuery({ node }: PluginTransformQueryArgs): RootOperationNode {
    if (node.kind === 'SelectQueryNode' && JSON.stringify(node.from).includes('"outbox"')) this.count++;
    return node;
  }
  async transformResult({ result }: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return result;
  }
}

it('concurrent misses of one campaign share one look-ahead and load each customer once', async () => {
  const store = await makeSqliteStore();
  try {
    const { db } = store;
    const account = await seedAccount(db, { port: 25 });
    const version = await seedTemplateVersion(db);
    const customers = await seedCustomers(db, 60, (i) => `c${i}@example.test`);
    const campaigns = new CampaignService({ db, recipients: new AudienceRecipientSource(db, { timeZone: 'Asia/Shanghai', region: 'CN' }) });
    const campaign = await campaigns.create({ name: 'm', mailAccountId: account, templateVersionId: version, audience: { customerIds: customers } });
    const rows = customers.map((customerId, i) => ({
      campaign_id: campaign.id,
      customer_id: customerId,
      channel: 'email' as const,
      address: `c${i}@example.test`,
      state: 'queued' as const,
      attempts: 0,
      reply_token: `tok${String(i).padStart(17, '0')}`,
      created_at: 0,
      updated_at: 0,
    }));
    const outbox = await db.insertInto('outbox').values(rows as never).returningAll().execute();

    const reads = new OutboxReads();
    const cache = new MergeCustomerCache({ db: db.withPlugin(reads), lookAhead: 200 });
    // 50 jobs start at once, as the dispatcher starts them.
    const merged = await Promise.all(outbox.slice(0, 50).map((row) => cache.forRow(row)));
    expect(merged.map((c) => c?.email)).toEqual(outbox.slice(0, 50).map((r) => r.address));
    expect(reads.count).toBe(1);
    // The look-ahead covered the rows after them too: no further query.
    await cache.forRow(outbox[55]!);
    expect(reads.count).toBe(1);
  } finally {
    await store.close();
  }
});

import { expect, it } from 'vitest';
import { markEarlierOneoffTemplates } from '../../src/modules/sending/oneoff/oneoff.migration.js';
import { markOutboxBounced, oneoffTemplateIds } from '../../src/modules/sending/index.js';
import { describeStoreContract } from '../helpers/store-contract.js';
import { seedCampaign, seedCustomer } from '../inbox/seed.js';

describeStoreContract('one-off marks (migration 0460)', (store) => {
  it('marks earlier one-off templates, not a template a bulk campaign also uses nor a marketer\'s own', async () => {
    const { db } = store();
    const now = Date.now();
    const template = async (name: string, kinds: ('bulk' | 'oneoff')[]) => {
      const t = await db.insertInto('templates').values({ name, channel: 'email', created_at: now, updated_at: now } as never).returning('id').executeTakeFirstOrThrow();
      const v = await db
        .insertInto('template_versions')
        .values({ template_id: Number(t.id), version: 1, subject: 's', body_format: 'text', body: 'b', created_at: now } as never)
        .returning('id')
        .executeTakeFirstOrThrow();
      for (const kind of kinds) {
        await db.insertInto('campaigns').values({ name: 'c', channel: 'email', kind, template_version_id: Number(v.id), created_at: now, updated_at: now } as never).execute();
      }
      return Number(t.id);
    };
    const oneoff = await template(`one-off 2026-12-07 07:33 ${Math.random()}`, ['oneoff']);
    const shared = await template(`one-off 2026-12-07 07:34 ${Math.random()}`, ['oneoff', 'bulk']);
    const marketers = await template(`Year-end ${Math.random()}`, ['oneoff']);
    await markEarlierOneoffTemplates(db);
    await markEarlierOneoffTemplates(db);
    const marked = await oneoffTemplateIds(db);
    expect([marked.has(oneoff), marked.has(shared), marked.has(marketers)]).toEqual([true, false, false]);
  });

  it('a bounce turns only a handed-over row into not delivered', async () => {
    const { db } = store();
    const customer = await seedCustomer(db, 'B', ['b-mark@example.test']);
    const { outbox } = await seedCampaign(db, [{ customerId: customer, address: 'b-mark@example.test' }]);
    const row = outbox[0]!;
    expect(await markOutboxBounced(db, row.id, '5.1.1 user unknown')).toBe(true);
    expect(await db.selectFrom('outbox').select(['state', 'error_code', 'error_text']).where('id', '=', row.id).executeTakeFirstOrThrow()).toEqual({
      state: 'failed',
      error_code: 'SEND_BOUNCED',
      error_text: '5.1.1 user unknown',
    });
    // Already failed: nothing changes.
    expect(await markOutboxBounced(db, row.id, 'again')).toBe(false);
  });
});

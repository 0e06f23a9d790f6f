import { describe, expect, it } from 'vitest';
import { orConflict } from '../../src/platform/db/index.js';
import { migrateAppStore, openAppStore } from '../../src/app/index.js';
import { describeStoreContract } from '../helpers/store-contract.js';

describeStoreContract('store foundation', (store, engine) => {
  it('reports its engine and answers a ping', async () => {
    expect(store().dialect).toBe(engine);
    expect(await store().ping()).toBe(true);
  });

  it('is migrated, and migrating again changes nothing', async () => {
    expect(await migrateAppStore(store())).toEqual([]);
  });

  it('returns generated ids and 64-bit times as numbers', async () => {
    const { db } = store();
    const at = 1_790_000_000_123;
    const row = await db
      .insertInto('customers')
      .values({ display_name: '张伟', family_name: '张', given_name: '伟', custom: '{}', locked: 0, created_at: at, updated_at: at })
      .returning(['id', 'created_at'])
      .executeTakeFirstOrThrow();
    expect(typeof row.id).toBe('number');
    expect(row.created_at).toBe(at);
    const read = await db.selectFrom('customers').selectAll().where('id', '=', row.id).executeTakeFirstOrThrow();
    expect(read.display_name).toBe('张伟');
    expect(read.created_at).toBe(at);
  });

  it('enforces uniqueness of one outbox row per campaign, customer and channel', async () => {
    const { db } = store();
    const now = Date.now();
    const customer = await db
      .insertInto('customers')
      .values({ display_name: 'Alex', custom: '{}', locked: 0, created_at: now, updated_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    const template = await db
      .insertInto('templates')
      .values({ name: `t-${engine}`, channel: 'email', current_version: 1, created_at: now, updated_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    const version = await db
      .insertInto('template_versions')
      .values({ template_id: template.id, version: 1, subject: 'Hi', body_format: 'text', body: 'Hello', attachments: '[]', is_marketing: 1, created_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    const campaign = await db
      .insertInto('campaigns')
      .values({ name: 'c', channel: 'email', kind: 'bulk', template_version_id: version.id, audience: '{}', status: 'draft', tracking: 0, created_at: now, updated_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    const row = { campaign_id: campaign.id, customer_id: customer.id, channel: 'email' as const, address: 'a@example.test', state: 'queued' as const, attempts: 0, created_at: now, updated_at: now };
    await db.insertInto('outbox').values({ ...row, reply_token: 'tok-1' }).execute();
    await expect(db.insertInto('outbox').values({ ...row, reply_token: 'tok-2' }).execute()).rejects.toThrow(/unique|duplicate/i);
  });

  it('cascades customer deletion to their addresses', async () => {
    const { db } = store();
    const now = Date.now();
    const customer = await db
      .insertInto('customers')
      .values({ display_name: 'Gone', custom: '{}', locked: 0, created_at: now, updated_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db.insertInto('customer_emails').values({ customer_id: customer.id, email: 'gone@example.test', is_primary: 1 }).execute();
    await db.deleteFrom('customers').where('id', '=', customer.id).execute();
    const left = await db.selectFrom('customer_emails').select('id').where('customer_id', '=', customer.id).execute();
    expect(left).toEqual([]);
  });
});

describe('openStore', () => {
  it('fails with STORE_UNAVAILABLE naming the cause when PostgreSQL is unreachable', async () => {
    await expect(
      openAppStore({ target: { kind: 'postgres', url: 'postgres://nobody@127.0.0.1:1/none' } }),
    ).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });
  });
});

describeStoreContract('orConflict', (store) => {
  it('turns a duplicate into CONFLICT with the given message, on both engines', async () => {
    const { db } = store();
    const now = Date.now();
    const insert = () =>
      db.insertInto('groups').values({ name: 'g', kind: 'static', created_at: now }).execute().then(() =>
        db.insertInto('suppressions').values({ channel: 'email', scope: 'address', value: 'x@example.test', reason: 'manual', created_at: now }).execute(),
      );
    await orConflict(insert, 'unused');
    await expect(orConflict(insert, 'x@example.test is already suppressed')).rejects.toMatchObject({
      code: 'CONFLICT',
      message: 'x@example.test is already suppressed',
    });
  });
});

import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import {
  addToGroup,
  createCustomer,
  createGroup,
  defineCustomField,
  deleteCustomer,
  getCustomer,
  loadMergeCustomer,
  listCustomers,
  listGroups,
  previewAudience,
  removeFromGroup,
  resolveAudience,
  suppress,
  updateCustomer,
  updateGroup,
  type AudienceOptions,
  type AudienceRecipient,
} from '../../src/modules/customers/index.js';
import { isTidingsError } from '../../src/platform/errors/index.js';
import type { Store } from '../../src/platform/db/index.js';
import { describeStoreContract } from '../helpers/store-contract.js';

const opts = { region: 'CN' };
const tag = () => randomBytes(4).toString('hex');

async function rejects(promise: Promise<unknown>, code: string): Promise<void> {
  let caught: unknown;
  try {
    await promise;
  } catch (error) {
    caught = error;
  }
  expect(isTidingsError(caught) ? caught.code : caught).toBe(code);
}

async function collect(store: Store, options: AudienceOptions): Promise<AudienceRecipient[]> {
  const all: AudienceRecipient[] = [];
  for await (const batch of resolveAudience(store.db, options)) {
    expect(batch.length).toBeLessThanOrEqual(options.batchSize ?? 1000);
    all.push(...batch);
  }
  return all;
}

describeStoreContract('customers', (store) => {
  it('creates, reads, updates a customer with normalised fields', async () => {
    const { db } = store();
    const t = tag();
    await defineCustomField(db, { name: 'city', type: 'text', label: '城市' });
    await defineCustomField(db, { name: 'spend', type: 'number' });
    const created = await createCustomer(
      db,
      {
        name: '欧阳娜娜',
        title: '女士',
        emails: [`NaNa.${t}@Example.TEST`, `nana2.${t}@example.test`],
        phones: ['138 0013 8000'.replace('8000', String(1000 + (parseInt(t, 16) % 8999)))],
        birthday: '3月15日',
        timeZone: 'Asia/Shanghai',
        language: 'zh-cn',
        custom: { city: '遵义', spend: '1,200.5' },
      },
      opts,
    );
    expect(created).toMatchObject({
      familyName: '欧阳',
      givenName: '娜娜',
      displayName: '欧阳娜娜',
      emails: [`nana.${t}@example.test`, `nana2.${t}@example.test`],
      birthday: { month: 3, day: 15, year: null },
      language: 'zh-CN',
      custom: { city: '遵义', spend: 1200.5 },
      locked: false,
    });
    expect(created.phones[0]).toMatch(/^\+86138/);
    const updated = await updateCustomer(db, created.id, { owner: 'li', custom: { city: null } }, opts);
    expect(updated).toMatchObject({ owner: 'li', custom: { spend: 1200.5 }, displayName: '欧阳娜娜' });
    // The merge fields carry the template names (customer.displayName, customer.mobile), primary address first.
    expect(await loadMergeCustomer(db, created.id)).toMatchObject({
      displayName: '欧阳娜娜',
      familyName: '欧阳',
      title: '女士',
      email: `nana.${t}@example.test`,
      mobile: created.phones[0],
      custom: { spend: 1200.5 },
    });
  });

  it('reports every bad field at once, and refuses an address another customer has', async () => {
    const { db } = store();
    let caught: unknown;
    try {
      await createCustomer(db, { emails: ['not-an-email'], phones: ['123'], birthday: '1991-02-29', timeZone: 'Mars/Base' }, opts);
    } catch (error) {
      caught = error;
    }
    expect(isTidingsError(caught, 'CUSTOMER_INVALID')).toBe(true);
    const fields = ((caught as { context: { issues: { field: string }[] } }).context.issues).map((i) => i.field);
    expect(fields).toEqual(expect.arrayContaining(['name', 'emails.0', 'phones.0', 'birthday', 'timeZone']));
    const email = `dup.${tag()}@example.test`;
    await createCustomer(db, { name: 'A', emails: [email] }, opts);
    await rejects(createCustomer(db, { name: 'B', emails: [email.toUpperCase()] }, opts), 'CUSTOMER_ADDRESS_TAKEN');
    await rejects(createCustomer(db, { name: 'C', custom: { nosuchfield: 'x' } }, opts), 'CUSTOMER_FIELD_UNKNOWN');
  });

  it('refuses to delete a locked customer, deletes an unlocked one', async () => {
    const { db } = store();
    const c = await createCustomer(db, { name: 'Locked Larry', locked: true }, opts);
    await rejects(deleteCustomer(db, c.id), 'CUSTOMER_LOCKED');
    await updateCustomer(db, c.id, { locked: false }, opts);
    await deleteCustomer(db, c.id);
    await rejects(getCustomer(db, c.id), 'CUSTOMER_NOT_FOUND');
    await rejects(deleteCustomer(db, c.id), 'CUSTOMER_NOT_FOUND');
  });

  it('searches by name, pinyin, initials, email, phone and company', async () => {
    const { db } = store();
    const t = tag();
    const c = await createCustomer(db, { name: `张伟`, company: `遵义茅台${t}`, emails: [`zw.${t}@example.test`], phones: ['13912345678'] }, opts);
    for (const query of ['张伟', 'zhangwei', 'ZW', `zw.${t}`, '139 1234 5678', `茅台${t}`, 'zunyi']) {
      const page = await listCustomers(db, { query, limit: 1000 });
      expect(page.items.map((i) => i.id), query).toContain(c.id);
    }
    expect((await listCustomers(db, { query: `nobody-${t}` })).items).toEqual([]);
  });

  it('pages with a keyset cursor without gaps or repeats', async () => {
    const { db } = store();
    const owner = `pager-${tag()}`;
    const ids: number[] = [];
    for (let i = 0; i < 7; i++) ids.push((await createCustomer(db, { name: `Pager ${i}`, owner }, opts)).id);
    const filter = { field: 'owner' as const, op: 'eq' as const, value: owner };
    const seen: number[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = await listCustomers(db, { filter, limit: 3, cursor });
      seen.push(...page.items.map((c) => c.id));
      cursor = page.nextCursor;
      pages++;
    } while (cursor && pages < 10);
    expect(seen).toEqual(ids);
    expect(pages).toBe(3);
  });

  it('keeps groups as a tree: subgroups, moves, no cycles, static membership', async () => {
    const { db } = store();
    const t = tag();
    const root = await createGroup(db, { name: `客户${t}` });
    const guizhou = await createGroup(db, { name: '贵州', parentId: root.id });
    const zunyi = await createGroup(db, { name: '遵义', parentId: guizhou.id });
    expect((await listGroups(db)).find((g) => g.id === zunyi.id)?.path).toBe(`客户${t}/贵州/遵义`);
    await rejects(updateGroup(db, root.id, { parentId: zunyi.id }), 'CUSTOMER_GROUP_CYCLE');
    await rejects(createGroup(db, { name: '贵州', parentId: root.id }), 'CONFLICT');
    const a = await createCustomer(db, { name: '李雷' }, opts);
    const b = await createCustomer(db, { name: '韩梅梅' }, opts);
    expect(await addToGroup(db, zunyi.id, [a.id])).toBe(1);
    expect(await addToGroup(db, zunyi.id, [a.id])).toBe(0);
    await addToGroup(db, root.id, [b.id]);
    const members = await listCustomers(db, { groupId: root.id });
    expect(members.items.map((c) => c.id).sort()).toEqual([a.id, b.id].sort());
    expect((await listCustomers(db, { groupId: zunyi.id })).items.map((c) => c.id)).toEqual([a.id]);
    expect(await removeFromGroup(db, zunyi.id, [a.id])).toBe(1);
    expect((await listCustomers(db, { groupId: guizhou.id })).items).toEqual([]);
  });

  it('evaluates saved filters (birthday this month, custom city, owner, has email, not unsubscribed)', async () => {
    const { db } = store();
    const t = tag();
    const owner = `li-${t}`;
    await defineCustomField(db, { name: 'city', type: 'text' });
    const now = new Date('2025-06-10T04:00:00Z');
    const match = await createCustomer(db, { name: '王芳', owner, birthday: '06-30', emails: [`wf.${t}@example.test`], custom: { city: '遵义' } }, opts);
    await createCustomer(db, { name: '王二', owner, birthday: '07-01', emails: [`w2.${t}@example.test`], custom: { city: '遵义' } }, opts);
    await createCustomer(db, { name: '王三', owner, birthday: '06-01', custom: { city: '遵义' } }, opts);
    const unsubscribed = await createCustomer(db, { name: '王四', owner, birthday: '06-02', emails: [`w4.${t}@example.test`], custom: { city: '遵义' } }, opts);
    await suppress(db, { channel: 'email', value: unsubscribed.emails[0] as string, reason: 'unsubscribed' });
    await createCustomer(db, { name: '王五', owner, birthday: '06-03', emails: [`w5.${t}@example.test`], custom: { city: '贵阳' } }, opts);
    const saved = await createGroup(db, {
      name: `birthday-${t}`,
      filter: {
        all: [
          { field: 'birthday', op: 'this-month' },
          { field: 'custom.city', op: 'eq', value: '遵义' },
          { field: 'owner', op: 'eq', value: owner },
          { field: 'email', op: 'exists' },
          { field: 'suppressed', channel: 'email', op: 'not' },
        ],
      },
    });
    expect(saved.kind).toBe('filter');
    const preview = await previewAudience(db, { channel: 'email', selection: { filterIds: [saved.id] }, now });
    expect(preview).toEqual({ total: 1, reachable: 1, suppressed: 0, noAddress: 0 });
    const recipients = await collect(store(), { channel: 'email', selection: { filterIds: [saved.id] }, now });
    expect(recipients).toEqual([{ customerId: match.id, address: `wf.${t}@example.test` }]);
  });
});

describeStoreContract('audience selection', (store) => {
  it('nothing selected = everybody reachable minus suppressed (address and domain), one address per customer', async () => {
    const { db } = store();
    const t = tag();
    const ids: Record<string, number> = {};
    const add = async (key: string, input: Parameters<typeof createCustomer>[1]) => {
      ids[key] = (await createCustomer(db, input, opts)).id;
    };
    await add('two-emails', { name: 'Two Emails', emails: [`primary.${t}@example.test`, `second.${t}@example.test`], phones: ['13700000001'] });
    await add('plain', { name: 'Plain', emails: [`plain.${t}@example.test`] });
    await add('unsubscribed', { name: 'Unsub', emails: [`unsub.${t}@example.test`], phones: ['13700000002'] });
    await add('bounced', { name: 'Bounced', emails: [`bounce.${t}@example.test`] });
    await add('blocked-domain', { name: 'Blocked', emails: [`x@blocked-${t}.test`] });
    await add('phone-only', { name: 'Phone Only', phones: ['13700000003'] });
    await add('sms-stop', { name: 'Sms Stop', phones: ['13700000004'] });
    await add('nothing', { name: 'No Address' });
    // A suppressed secondary address does not block the primary one.
    await suppress(db, { channel: 'email', value: `second.${t}@example.test`, reason: 'hard-bounce' });
    await suppress(db, { channel: 'email', value: `UNSUB.${t}@example.test`, reason: 'unsubscribed' });
    await suppress(db, { channel: 'email', value: `bounce.${t}@example.test`, reason: 'hard-bounce' });
    await suppress(db, { channel: 'email', scope: 'domain', value: `blocked-${t}.test`, reason: 'manual' });
    await suppress(db, { channel: 'sms', value: '+8613700000004', reason: 'sms-keyword' });

    const email = await collect(store(), { channel: 'email', selection: {}, batchSize: 2 });
    expect(email).toEqual([
      { customerId: ids['two-emails'], address: `primary.${t}@example.test` },
      { customerId: ids.plain, address: `plain.${t}@example.test` },
    ]);
    expect(await previewAudience(db, { channel: 'email', selection: {} })).toEqual({ total: 8, reachable: 2, suppressed: 3, noAddress: 3 });

    const sms = await collect(store(), { channel: 'sms', selection: {} });
    expect(sms.map((r) => r.customerId)).toEqual([ids['two-emails'], ids.unsubscribed, ids['phone-only']]);
    expect(sms[0]?.address).toBe('+8613700000001');
    expect(await previewAudience(db, { channel: 'sms', selection: {} })).toEqual({ total: 8, reachable: 3, suppressed: 1, noAddress: 4 });
  });

  it('unions ids, groups and filters, deduplicated by customer', async () => {
    const { db } = store();
    const t = tag();
    const make = async (name: string, owner?: string) =>
      (await createCustomer(db, { name, owner: owner ?? null, emails: [`${name.toLowerCase()}.${t}@example.test`] }, opts)).id;
    const a = await make('Ann');
    const b = await make('Bob', `owner-${t}`);
    const c = await make('Cat');
    await make('Dan');
    const group = await createGroup(db, { name: `vip-${t}` });
    const sub = await createGroup(db, { name: 'sub', parentId: group.id });
    await addToGroup(db, sub.id, [a, c]);
    const selection = { customerIds: [a, b], groupIds: [group.id], filter: { field: 'owner' as const, op: 'eq' as const, value: `owner-${t}` } };
    const recipients = await collect(store(), { channel: 'email', selection, batchSize: 1 });
    expect(recipients.map((r) => r.customerId)).toEqual([a, b, c]);
    expect(await previewAudience(db, { channel: 'email', selection })).toMatchObject({ total: 3, reachable: 3 });
    await rejects(previewAudience(db, { channel: 'email', selection: { groupIds: [999_999] } }), 'CUSTOMER_GROUP_NOT_FOUND');
  });

  it('resolves a recipient list file: known addresses matched, unknown ones become customers, once per file', async () => {
    const { db } = store();
    const t = tag();
    const known = await createCustomer(db, { name: 'Known', emails: [`known.${t}@example.test`] }, opts);
    const dir = mkdtempSync(join(tmpdir(), 'tidings-list-'));
    try {
      const listFile = join(dir, 'list.csv');
      writeFileSync(listFile, `email,name\nKNOWN.${t}@example.test,Renamed\nnew.${t}@example.test,\nnot-an-address,\n`);
      const preview = await previewAudience(db, { channel: 'email', selection: { listFile } });
      expect(preview).toEqual({ total: 2, reachable: 2, suppressed: 0, noAddress: 0 });
      const recipients = await collect(store(), { channel: 'email', selection: { listFile, customerIds: [known.id] } });
      expect(recipients.map((r) => r.address)).toEqual([`known.${t}@example.test`, `new.${t}@example.test`]);
      expect((await getCustomer(db, known.id)).displayName).toBe('Known');
      expect((await listGroups(db)).filter((g) => g.path.startsWith('Imported lists/list.csv'))).toHaveLength(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeStoreContract } from '../../helpers/store-contract.js';
import { codeOf, routesHarness, type Caller, type RoutesHarness } from './routes.fixture.js';

const unique = () => randomBytes(4).toString('hex');

describeStoreContract('audience preview, groups and suppressions routes', (store) => {
  let h: RoutesHarness;
  let marketer: Caller;
  let readonly: Caller;
  let sales: Caller;
  const ids: Record<string, number> = {};
  beforeAll(async () => {
    h = await routesHarness(store());
    [marketer, readonly, sales] = await Promise.all([h.caller('marketer'), h.caller('readonly'), h.caller('sales')]);
    // A fresh store: five customers, one suppressed by address, one by domain, one without email.
    for (const [key, body] of Object.entries({
      ann: { name: 'Ann', emails: ['ann@example.test'], phones: ['13800138001'] },
      bob: { name: 'Bob', emails: ['bob@example.test'] },
      cat: { name: 'Cat', emails: ['cat@blocked.example'] },
      dan: { name: 'Dan', phones: ['13800138004'] },
      eve: { name: 'Eve', emails: ['eve@example.test'], phones: ['13800138005'] },
    })) {
      const response = await h.call(marketer, 'POST', '/api/customers', body);
      ids[key] = (response.json() as { id: number }).id;
    }
    expect((await h.call(marketer, 'POST', '/api/suppressions', { value: 'eve@example.test', reason: 'unsubscribed' })).statusCode).toBe(200);
    expect((await h.call(marketer, 'POST', '/api/suppressions', { value: 'blocked.example', scope: 'domain' })).statusCode).toBe(200);
  });
  afterAll(() => h?.app.close());

  describe('audience preview', () => {
    it('nothing selected = everybody, minus the suppressed and those without an address — and says so', async () => {
      const email = await h.call(readonly, 'POST', '/api/audience/preview', { channel: 'email' });
      expect(email.statusCode, email.body).toBe(200);
      expect(email.json()).toEqual({ channel: 'email', everybody: true, total: 5, reachable: 2, suppressed: 2, noAddress: 1 });
      const sms = await h.call(readonly, 'POST', '/api/audience/preview', { channel: 'sms', selection: {} });
      expect(sms.json()).toEqual({ channel: 'sms', everybody: true, total: 5, reachable: 3, suppressed: 0, noAddress: 2 });
    });

    it('a selection is the union of its parts', async () => {
      const group = (await h.call(marketer, 'POST', '/api/groups', { name: `VIP ${unique()}` })).json() as { id: number };
      await h.call(marketer, 'PUT', `/api/customers/${ids.bob}/groups/${group.id}`);
      const response = await h.call(marketer, 'POST', '/api/audience/preview', {
        channel: 'email',
        selection: { customerIds: [ids.eve], groupIds: [group.id], filter: { field: 'email', op: 'ends-with', value: '@blocked.example' } },
      });
      expect(response.json()).toEqual({ channel: 'email', everybody: false, total: 3, reachable: 1, suppressed: 2, noAddress: 0 });
    });

    it('refuses bad input with codes; sales may not count the whole base', async () => {
      for (const [body, status, code] of [
        [{}, 400, 'VALIDATION_FAILED'],
        [{ channel: 'fax' }, 400, 'VALIDATION_FAILED'],
        [{ channel: 'email', selection: { listFile: '/etc/passwd' } }, 400, 'VALIDATION_FAILED'],
        [{ channel: 'email', selection: { filter: { field: 'nope', op: 'eq' } } }, 400, 'CUSTOMER_FILTER_INVALID'],
        [{ channel: 'email', selection: { groupIds: [99999999] } }, 404, 'CUSTOMER_GROUP_NOT_FOUND'],
      ] as const) {
        const response = await h.call(marketer, 'POST', '/api/audience/preview', body);
        expect([response.statusCode, codeOf(response)], JSON.stringify(body)).toEqual([status, code]);
      }
      expect(codeOf(await h.call(sales, 'POST', '/api/audience/preview', { channel: 'email' }))).toBe('AUTH_FORBIDDEN');
    });
  });

  describe('groups', () => {
    it('tree: create nested, move, cycle refused, saved filter members, delete', async () => {
      const tag = unique();
      const top = (await h.call(marketer, 'POST', '/api/groups', { name: `客户${tag}` })).json() as { id: number };
      const mid = (await h.call(marketer, 'POST', '/api/groups', { name: '贵州', parentId: top.id })).json() as { id: number; path: string; depth: number };
      expect(mid).toMatchObject({ path: `客户${tag}/贵州`, depth: 1 });
      const leaf = (await h.call(marketer, 'POST', '/api/groups', { name: '遵义', parentId: mid.id })).json() as { id: number };
      const tree = (await h.call(readonly, 'GET', '/api/groups?kind=static')).json() as { id: number; path: string; kind: string }[];
      const mine = tree.filter((g) => g.path.startsWith(`客户${tag}`)).map((g) => g.id);
      expect(mine).toEqual([top.id, mid.id, leaf.id]);

      const cycle = await h.call(marketer, 'PATCH', `/api/groups/${top.id}`, { parentId: leaf.id });
      expect([cycle.statusCode, codeOf(cycle)]).toEqual([409, 'CUSTOMER_GROUP_CYCLE']);
      const moved = await h.call(marketer, 'PATCH', `/api/groups/${leaf.id}`, { parentId: null });
      expect(moved.json()).toMatchObject({ path: '遵义', depth: 0, parentId: null });
      const dup = await h.call(marketer, 'POST', '/api/groups', { name: '遵义' });
      expect([dup.statusCode, codeOf(dup)]).toEqual([409, 'CONFLICT']);

      await h.call(marketer, 'PUT', `/api/customers/${ids.ann}/groups/${mid.id}`);
      const members = (await h.call(readonly, 'GET', `/api/groups/${top.id}/members`)).json() as { items: { id: number }[] };
      expect(members.items.map((c) => c.id)).toEqual([ids.ann]);

      const saved = await h.call(marketer, 'POST', '/api/groups', { name: `Has phone ${tag}`, filter: { field: 'phone', op: 'exists' } });
      expect(saved.json()).toMatchObject({ kind: 'filter', filter: { field: 'phone', op: 'exists' } });
      const savedId = (saved.json() as { id: number }).id;
      const matches = (await h.call(readonly, 'GET', `/api/groups/${savedId}/members?limit=2`)).json() as { items: { id: number }[]; nextCursor: string | null };
      expect(matches.items.map((c) => c.id)).toEqual([ids.ann, ids.dan]);
      const rest = (await h.call(readonly, 'GET', `/api/groups/${savedId}/members?limit=2&cursor=${matches.nextCursor}`)).json() as { items: { id: number }[] };
      expect(rest.items.map((c) => c.id)).toEqual([ids.eve]);
      expect((await h.call(readonly, 'GET', '/api/groups?kind=filter')).json()).toEqual([expect.objectContaining({ id: savedId })]);
      const badFilter = await h.call(marketer, 'PATCH', `/api/groups/${savedId}`, { filter: { field: 'phone', op: 'sometimes' } });
      expect([badFilter.statusCode, codeOf(badFilter)]).toEqual([400, 'CUSTOMER_FILTER_INVALID']);

      expect((await h.call(marketer, 'DELETE', `/api/groups/${top.id}`)).statusCode).toBe(204);
      expect(codeOf(await h.call(readonly, 'GET', `/api/groups/${mid.id}`))).toBe('CUSTOMER_GROUP_NOT_FOUND');
      expect((await h.call(readonly, 'GET', `/api/customers/${ids.ann}`)).statusCode).toBe(200);
    });

    it('denied and invalid', async () => {
      expect(codeOf(await h.call(readonly, 'POST', '/api/groups', { name: 'x' }))).toBe('AUTH_FORBIDDEN');
      expect(codeOf(await h.call(sales, 'GET', '/api/groups'))).toBe('AUTH_FORBIDDEN');
      for (const body of [{ name: 'a/b' }, { name: 'a\nb' }, { name: '' }, { name: 'x', color: 'red' }]) {
        const response = await h.call(marketer, 'POST', '/api/groups', body);
        expect(response.statusCode, JSON.stringify(body)).toBe(400);
        expect(['VALIDATION_FAILED', 'CUSTOMER_INVALID']).toContain(codeOf(response));
      }
    });
  });

  describe('suppressions', () => {
    it('list with channel filter and paging, add (idempotent, normalised), remove', async () => {
      const phone = await h.call(marketer, 'POST', '/api/suppressions', { value: '138 0013 8009', reason: 'sms-keyword', detail: 'TD' });
      expect(phone.json()).toEqual({ channel: 'sms', scope: 'address', value: '+8613800138009', added: true });
      const again = await h.call(marketer, 'POST', '/api/suppressions', { value: '+86 138-0013-8009' });
      expect(again.json()).toMatchObject({ added: false });

      const email = (await h.call(readonly, 'GET', '/api/suppressions?channel=email')).json() as { items: { value: string; scope: string }[]; nextAfter: number | null };
      expect(email.items.map((s) => `${s.scope}:${s.value}`)).toEqual(['address:eve@example.test', 'domain:blocked.example']);
      expect(email.nextAfter).toBeNull();
      const first = (await h.call(readonly, 'GET', '/api/suppressions?limit=1')).json() as { items: { id: number }[]; nextAfter: number | null };
      expect(first.items).toHaveLength(1);
      const second = (await h.call(readonly, 'GET', `/api/suppressions?limit=1&after=${first.nextAfter}`)).json() as { items: { id: number }[] };
      expect(second.items[0]!.id).toBeGreaterThan(first.items[0]!.id);

      const removed = await h.call(marketer, 'DELETE', '/api/suppressions', { value: '13800138009' });
      expect(removed.json()).toEqual({ channel: 'sms', scope: 'address', value: '+8613800138009', removed: true });
      expect((await h.call(marketer, 'DELETE', '/api/suppressions', { value: '13800138009' })).json()).toMatchObject({ removed: false });
    });

    it('denied and invalid', async () => {
      expect(codeOf(await h.call(readonly, 'POST', '/api/suppressions', { value: 'x@example.test' }))).toBe('AUTH_FORBIDDEN');
      expect(codeOf(await h.call(sales, 'GET', '/api/suppressions'))).toBe('AUTH_FORBIDDEN');
      for (const [body, code] of [
        [{ value: 'not a number' }, 'CUSTOMER_INVALID'],
        [{ value: 'example.com', scope: 'domain', channel: 'sms' }, 'VALIDATION_FAILED'],
        [{ value: 'x@example.test', reason: 'because' }, 'VALIDATION_FAILED'],
        [{ value: 'x@example.test\r\nBcc: y@example.test' }, 'VALIDATION_FAILED'],
      ] as const) {
        const response = await h.call(marketer, 'POST', '/api/suppressions', body);
        expect([response.statusCode, codeOf(response)], JSON.stringify(body)).toEqual([400, code]);
      }
      expect(codeOf(await h.call(readonly, 'GET', '/api/suppressions?channel=fax'))).toBe('VALIDATION_FAILED');
    });
  });
});

import { randomBytes, randomInt } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeStoreContract } from '../../helpers/store-contract.js';
import { codeOf, routesHarness, type Caller, type RoutesHarness } from './routes.fixture.js';
import { referenceLunarMonth } from '../../fixtures/schedule/chinese-years.js';

const unique = () => randomBytes(4).toString('hex');
type CustomerBody = { id: number; owner: string | null; displayName: string; emails: string[]; phones: string[]; locked: boolean; groupIds: number[] };

describeStoreContract('customer routes', (store) => {
  let h: RoutesHarness;
  let marketer: Caller;
  let readonly: Caller;
  let salesA: Caller;
  let salesB: Caller;
  let finance: Caller;
  beforeAll(async () => {
    h = await routesHarness(store());
    [marketer, readonly, salesA, salesB, finance] = await Promise.all([
      h.caller('marketer'),
      h.caller('readonly'),
      h.caller('sales'),
      h.caller('sales'),
      h.caller('finance'),
    ]);
  });
  afterAll(() => h?.app.close());

  it('takes a lunar birthday through the customers schema and shows its next Gregorian date', async () => {
    const created = await h.call(marketer, 'POST', '/api/customers', { name: `月 ${unique()}`, birthday: '1990-03-15', lunarBirthday: 'L1990-05-08L' });
    expect(created.statusCode, created.body).toBe(201);
    const body = created.json() as { id: number; lunarBirthday: unknown; birthdayCalendar: string; nextBirthday: { date: string; calendar: string; label: { zh: string } } };
    expect(body).toMatchObject({ lunarBirthday: { month: 5, day: 8, leap: true, year: 1990 }, birthdayCalendar: 'lunar', nextBirthday: { calendar: 'lunar' } });
    expect(body.nextBirthday.label.zh).toMatch(/^农历闰五月初八（/);
    // The next celebration is 五月初八 (leap or ordinary, by the rule) of this lunar year or the next, per the published table.
    const year = Number(body.nextBirthday.date.slice(0, 4));
    const candidates = [year - 1, year].flatMap((y) => [referenceLunarMonth(y, 5, true), referenceLunarMonth(y, 5, false)]).filter(Boolean);
    expect(candidates.map((m) => new Date(Date.parse(m!.start) + 7 * 86_400_000).toISOString().slice(0, 10))).toContain(body.nextBirthday.date);

    const gregorian = await h.call(marketer, 'PATCH', `/api/customers/${body.id}`, { birthdayCalendar: 'gregorian' });
    expect(gregorian.json()).toMatchObject({ birthdayCalendar: 'gregorian', nextBirthday: { calendar: 'gregorian' } });
    expect((gregorian.json() as { nextBirthday: { date: string } }).nextBirthday.date.slice(5)).toBe('03-15');

    const bad = await h.call(marketer, 'PATCH', `/api/customers/${body.id}`, { lunarBirthday: '1990年闰四月初八' });
    expect(bad.statusCode).toBe(400);
    expect(codeOf(bad)).toBe('CUSTOMER_INVALID');
    expect(bad.body).toContain('lunar year 1990 had no 闰四月 (its leap month was 闰五月)');
  });

  it('marketer: add, show, edit, search with a keyset cursor, delete', async () => {
    const tag = unique();
    const created = await h.call(marketer, 'POST', '/api/customers', { name: '张伟', emails: [`Zhang.${tag}@Example.test`], phones: [`138 ${randomInt(1000, 10_000)} ${randomInt(1000, 10_000)}`], birthday: '1990-03-15', custom: {} });
    expect(created.statusCode, created.body).toBe(201);
    const customer = created.json() as CustomerBody;
    expect(customer).toMatchObject({ displayName: '张伟', emails: [`zhang.${tag}@example.test`], locked: false });
    expect(customer.phones[0]).toMatch(/^\+86138/);

    const shown = await h.call(readonly, 'GET', `/api/customers/${customer.id}`);
    expect(shown.statusCode).toBe(200);
    expect((shown.json() as CustomerBody).id).toBe(customer.id);

    const edited = await h.call(marketer, 'PATCH', `/api/customers/${customer.id}`, { company: '遵义茶业', title: '先生' });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json()).toMatchObject({ company: '遵义茶业', title: '先生', displayName: '张伟' });

    for (let i = 0; i < 3; i++) expect((await h.call(marketer, 'POST', '/api/customers', { name: `Page ${tag} ${i}` })).statusCode).toBe(201);
    const ids: number[] = [];
    let cursor: string | null = null;
    for (let pages = 0; pages < 10; pages++) {
      const url: string = `/api/customers?query=${tag}&limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const page = (await h.call(readonly, 'GET', url)).json() as { items: CustomerBody[]; nextCursor: string | null };
      ids.push(...page.items.map((c) => c.id));
      cursor = page.nextCursor;
      if (!cursor) break;
    }
    expect(ids).toHaveLength(4);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    // Pinyin search of the Chinese name.
    const pinyin = (await h.call(readonly, 'GET', `/api/customers?query=zhangwei`)).json() as { items: CustomerBody[] };
    expect(pinyin.items.map((c) => c.id)).toContain(customer.id);

    const deleted = await h.call(marketer, 'DELETE', `/api/customers/${customer.id}`);
    expect(deleted.statusCode).toBe(204);
    expect(codeOf(await h.call(readonly, 'GET', `/api/customers/${customer.id}`))).toBe('CUSTOMER_NOT_FOUND');
  });

  it('a locked customer is not deleted: 409 CUSTOMER_LOCKED, then unlock and delete', async () => {
    const { id } = (await h.call(marketer, 'POST', '/api/customers', { name: `Locked ${unique()}`, locked: true })).json() as CustomerBody;
    const refused = await h.call(marketer, 'DELETE', `/api/customers/${id}`);
    expect(refused.statusCode).toBe(409);
    expect(codeOf(refused)).toBe('CUSTOMER_LOCKED');
    expect((await h.call(marketer, 'PATCH', `/api/customers/${id}`, { locked: false })).statusCode).toBe(200);
    expect((await h.call(marketer, 'DELETE', `/api/customers/${id}`)).statusCode).toBe(204);
  });

  it('denied roles get 403 AUTH_FORBIDDEN', async () => {
    for (const [caller, method, url] of [
      [readonly, 'POST', '/api/customers'],
      [finance, 'GET', '/api/customers'],
      [readonly, 'DELETE', '/api/customers/1'],
      [salesA, 'POST', '/api/customer-fields'],
    ] as const) {
      const response = await h.call(caller, method, url, method === 'GET' ? undefined : { name: 'x' });
      expect(response.statusCode, `${method} ${url}`).toBe(403);
      expect(codeOf(response)).toBe('AUTH_FORBIDDEN');
    }
  });

  it('validation errors are 4xx with a code naming the field', async () => {
    const cases = [
      { body: { name: 'Bad Mail', emails: ['not-an-address'] }, status: 400, code: 'CUSTOMER_INVALID', says: /emails\.0/ },
      { body: { name: 'Bad Day', birthday: '1990-02-30' }, status: 400, code: 'CUSTOMER_INVALID', says: /birthday/ },
      { body: {}, status: 400, code: 'CUSTOMER_INVALID', says: /name/ },
      { body: { name: 'Extra', isVip: true }, status: 400, code: 'VALIDATION_FAILED', says: /isVip/ },
      { body: { name: 'Evil\r\nBcc: x@example.test' }, status: 400, code: 'VALIDATION_FAILED', says: /body\.name/ },
      { body: { name: 'Field', custom: { nosuchfield: 'x' } }, status: 400, code: 'CUSTOMER_FIELD_UNKNOWN', says: /nosuchfield/ },
    ];
    for (const c of cases) {
      const response = await h.call(marketer, 'POST', '/api/customers', c.body);
      expect(response.statusCode, response.body).toBe(c.status);
      expect(codeOf(response)).toBe(c.code);
      expect((response.json() as { error: { message: string } }).error.message).toMatch(c.says);
    }
    const mail = `taken.${unique()}@example.test`;
    expect((await h.call(marketer, 'POST', '/api/customers', { name: 'First', emails: [mail] })).statusCode).toBe(201);
    const taken = await h.call(marketer, 'POST', '/api/customers', { name: 'Second', emails: [mail] });
    expect([taken.statusCode, codeOf(taken)]).toEqual([409, 'CUSTOMER_ADDRESS_TAKEN']);
    expect(codeOf(await h.call(marketer, 'GET', '/api/customers?filter={"field":"nope"}'))).toBe('CUSTOMER_FILTER_INVALID');
    expect(codeOf(await h.call(marketer, 'GET', '/api/customers/abc'))).toBe('VALIDATION_FAILED');
  });

  it('sales users see and change only their own customers; others answer 404 on every route', async () => {
    const tag = unique();
    const mine = await h.call(salesA, 'POST', '/api/customers', { name: `Mine ${tag}` });
    expect(mine.statusCode, mine.body).toBe(201);
    const own = mine.json() as CustomerBody;
    expect(own.owner).toBe(salesA.username);
    const theirs = (await h.call(marketer, 'POST', '/api/customers', { name: `Theirs ${tag}`, owner: salesB.username })).json() as CustomerBody;
    const nobodys = (await h.call(marketer, 'POST', '/api/customers', { name: `Nobody ${tag}` })).json() as CustomerBody;
    const group = (await h.call(marketer, 'POST', '/api/groups', { name: `G ${tag}` })).json() as { id: number };

    const listA = (await h.call(salesA, 'GET', `/api/customers?query=${tag}`)).json() as { items: CustomerBody[] };
    expect(listA.items.map((c) => c.id)).toEqual([own.id]);
    const listB = (await h.call(salesB, 'GET', `/api/customers?query=${tag}`)).json() as { items: CustomerBody[] };
    expect(listB.items.map((c) => c.id)).toEqual([theirs.id]);
    // The owner condition is added to a caller's own filter, not replaced by it.
    const filtered = (await h.call(salesA, 'GET', `/api/customers?filter=${encodeURIComponent(JSON.stringify({ field: 'owner', op: 'eq', value: salesB.username }))}`)).json() as { items: CustomerBody[] };
    expect(filtered.items).toEqual([]);
    const all = (await h.call(marketer, 'GET', `/api/customers?query=${tag}`)).json() as { items: CustomerBody[] };
    expect(all.items).toHaveLength(3);

    for (const other of [theirs.id, nobodys.id]) {
      for (const [method, url, body] of [
        ['GET', `/api/customers/${other}`, undefined],
        ['PATCH', `/api/customers/${other}`, { notes: 'mine now' }],
        ['DELETE', `/api/customers/${other}`, undefined],
        ['PUT', `/api/customers/${other}/groups/${group.id}`, undefined],
        ['DELETE', `/api/customers/${other}/groups/${group.id}`, undefined],
        ['GET', `/api/customers/${other}/timeline`, undefined],
      ] as const) {
        const response = await h.call(salesA, method, url, body);
        expect(response.statusCode, `${method} ${url}`).toBe(404);
        expect(codeOf(response)).toBe('CUSTOMER_NOT_FOUND');
      }
    }
    expect(((await h.call(marketer, 'GET', `/api/customers/${theirs.id}`)).json() as { notes: string | null }).notes).toBeNull();

    // Own customers: edit, group membership, timeline; but not give them away or create for others.
    expect((await h.call(salesA, 'PATCH', `/api/customers/${own.id}`, { notes: 'called' })).statusCode).toBe(200);
    const added = await h.call(salesA, 'PUT', `/api/customers/${own.id}/groups/${group.id}`);
    expect(added.json()).toEqual({ customerId: own.id, groupId: group.id, changed: true });
    expect((await h.call(salesA, 'GET', `/api/customers/${own.id}`)).json()).toMatchObject({ groupIds: [group.id] });
    expect((await h.call(salesA, 'DELETE', `/api/customers/${own.id}/groups/${group.id}`)).json()).toMatchObject({ changed: true });
    expect((await h.call(salesA, 'GET', `/api/customers/${own.id}/timeline`)).json()).toEqual([]);
    const giveAway = await h.call(salesA, 'PATCH', `/api/customers/${own.id}`, { owner: salesB.username });
    expect([giveAway.statusCode, codeOf(giveAway)]).toEqual([403, 'AUTH_FORBIDDEN']);
    const forOther = await h.call(salesA, 'POST', '/api/customers', { name: 'For B', owner: salesB.username });
    expect([forOther.statusCode, codeOf(forOther)]).toEqual([403, 'AUTH_FORBIDDEN']);
    expect((await h.call(salesA, 'DELETE', `/api/customers/${own.id}`)).statusCode).toBe(204);
  });

  it('group membership: static groups only, missing ones 404', async () => {
    const { id } = (await h.call(marketer, 'POST', '/api/customers', { name: `Member ${unique()}` })).json() as CustomerBody;
    const saved = (await h.call(marketer, 'POST', '/api/groups', { name: `F ${unique()}`, filter: { field: 'email', op: 'exists' } })).json() as { id: number };
    const toFilter = await h.call(marketer, 'PUT', `/api/customers/${id}/groups/${saved.id}`);
    expect([toFilter.statusCode, codeOf(toFilter)]).toEqual([400, 'CUSTOMER_INVALID']);
    const missing = await h.call(marketer, 'PUT', `/api/customers/${id}/groups/99999999`);
    expect([missing.statusCode, codeOf(missing)]).toEqual([404, 'CUSTOMER_GROUP_NOT_FOUND']);
  });

  it('custom fields: define, list, use', async () => {
    const name = `city_${unique()}`;
    const defined = await h.call(marketer, 'POST', '/api/customer-fields', { name, type: 'text', label: '城市' });
    expect(defined.json()).toEqual({ name, type: 'text', label: '城市' });
    const listed = (await h.call(salesA, 'GET', '/api/customer-fields')).json() as { name: string }[];
    expect(listed.map((f) => f.name)).toContain(name);
    const created = await h.call(marketer, 'POST', '/api/customers', { name: 'With City', custom: { [name]: '遵义' } });
    expect((created.json() as { custom: Record<string, string> }).custom).toEqual({ [name]: '遵义' });
    const clash = await h.call(marketer, 'POST', '/api/customer-fields', { name, type: 'number' });
    expect([clash.statusCode, codeOf(clash)]).toEqual([400, 'CUSTOMER_INVALID']);
  });
});

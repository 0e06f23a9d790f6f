import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeStoreContract } from '../../helpers/store-contract.js';
import { codeOf, routesHarness, type Caller, type RoutesHarness } from './routes.fixture.js';

/** Month and day `days` from now in Asia/Shanghai (the test config's default zone). */
function shanghaiDate(days: number): { month: number; day: number } {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', month: 'numeric', day: 'numeric' }).formatToParts(new Date(Date.now() + days * 86_400_000));
  return { month: Number(parts.find((p) => p.type === 'month')!.value), day: Number(parts.find((p) => p.type === 'day')!.value) };
}

describeStoreContract('holiday and birthday routes', (store) => {
  let h: RoutesHarness;
  let marketer: Caller;
  let sales: Caller;
  let finance: Caller;
  beforeAll(async () => {
    h = await routesHarness(store(), { TIDINGS_DEFAULT_TIMEZONE: 'Asia/Shanghai' });
    [marketer, sales, finance] = await Promise.all([h.caller('marketer'), h.caller('sales'), h.caller('finance')]);
  });
  afterAll(() => h?.app.close());

  it('holidays of a year: fixed, lunar and solar-term dates', async () => {
    const response = await h.call(marketer, 'GET', '/api/holidays?year=2027');
    expect(response.statusCode).toBe(200);
    const list = response.json() as { key: string; name: string; date: string; kind: string }[];
    // 2027: Spring Festival on 6 February, Mid-Autumn on 15 September, Qingming on 5 April.
    expect(list).toEqual(expect.arrayContaining([
      expect.objectContaining({ name: '春节', date: '2027-02-06', kind: 'lunar' }),
      expect.objectContaining({ name: '中秋节', date: '2027-09-15', kind: 'lunar' }),
      expect.objectContaining({ name: '清明节', date: '2027-04-05', kind: 'solar-term' }),
    ]));
    expect(list.map((x) => x.date)).toEqual([...list.map((x) => x.date)].sort());
    expect((await h.call(marketer, 'GET', '/api/holidays')).statusCode).toBe(200);
    for (const bad of ['1800', '2101', 'abc']) expect(codeOf(await h.call(marketer, 'GET', `/api/holidays?year=${bad}`)), bad).toBe('VALIDATION_FAILED');
    expect(codeOf(await h.call(sales, 'GET', '/api/holidays'))).toBe('AUTH_FORBIDDEN');
  });

  it('upcoming birthdays; sales see only their own customers', async () => {
    const today = shanghaiDate(0);
    const soon = shanghaiDate(2);
    const later = shanghaiDate(40);
    const birthday = (d: { month: number; day: number }, year?: number) => ({ month: d.month, day: d.day, year: year ?? null });
    const mine = (await h.call(sales, 'POST', '/api/customers', { name: 'Mine Soon', birthday: birthday(soon, 1990) })).json() as { id: number };
    const other = (await h.call(marketer, 'POST', '/api/customers', { name: 'Other Soon', birthday: birthday(soon), owner: 'someone-else' })).json() as { id: number };
    const far = (await h.call(marketer, 'POST', '/api/customers', { name: 'Far', birthday: birthday(later) })).json() as { id: number };

    const all = (await h.call(marketer, 'GET', '/api/birthdays?days=7')).json() as { customerId: number; inDays: number; turns: number | null }[];
    expect(all.map((b) => b.customerId).sort()).toEqual([mine.id, other.id].sort());
    // Shanghai's midnight (16:00 UTC) may pass between the dates above and the request.
    const dayPassed = JSON.stringify(shanghaiDate(0)) !== JSON.stringify(today);
    expect(all.find((b) => b.customerId === mine.id)).toMatchObject({ inDays: dayPassed ? 1 : 2, turns: expect.any(Number) });
    expect(((await h.call(marketer, 'GET', '/api/birthdays?days=60')).json() as { customerId: number }[]).map((b) => b.customerId)).toContain(far.id);
    const byOwner = (await h.call(marketer, 'GET', '/api/birthdays?days=7&owner=someone-else')).json() as { customerId: number }[];
    expect(byOwner.map((b) => b.customerId)).toEqual([other.id]);

    const own = (await h.call(sales, 'GET', '/api/birthdays?days=60&owner=someone-else')).json() as { customerId: number }[];
    expect(own.map((b) => b.customerId)).toEqual([mine.id]);
    expect(codeOf(await h.call(finance, 'GET', '/api/birthdays'))).toBe('AUTH_FORBIDDEN');
    expect(codeOf(await h.call(marketer, 'GET', '/api/birthdays?days=400'))).toBe('VALIDATION_FAILED');
  });
});

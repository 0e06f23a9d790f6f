import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, expect, it } from 'vitest';
import {
  compileFilterSql,
  createCustomer,
  exportCustomers,
  getCustomer,
  importCustomers,
  loadFilterContext,
  loadMergeCustomer,
  nextBirthdayOf,
  parseFilter,
  updateCustomer,
} from '../../src/modules/customers/index.js';
import { storeAudienceSource, upcomingBirthdays } from '../../src/modules/schedule/index.js';
import { isTidingsError } from '../../src/platform/errors/index.js';
import type { Store } from '../../src/platform/db/index.js';
import { describeStoreContract } from '../helpers/store-contract.js';
import { FakeClock } from '../helpers/clock.js';
import { referenceLunarMonth } from '../fixtures/schedule/chinese-years.js';

const opts = { region: 'CN' };
const tag = () => randomBytes(4).toString('hex');
const addDays = (date: string, days: number): string => new Date(Date.parse(date) + days * 86_400_000).toISOString().slice(0, 10);
/** The Gregorian day of a lunar birthday in `year`, from the published table. */
const tableDay = (year: number, month: number, day: number, leap = false) => addDays(referenceLunarMonth(year, month, leap)!.start, day - 1);
/** 10:00 in Shanghai on `date`. */
const morningOf = (date: string) => new FakeClock(new Date(`${date}T02:00:00Z`));

const dir = mkdtempSync(join(tmpdir(), 'tidings-lunar-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function matching(store: Store, filter: unknown, now: Date, ids: readonly number[]): Promise<number[]> {
  const ctx = { ...(await loadFilterContext(store.db, { timeZone: 'Asia/Shanghai', region: 'CN' })), now };
  const rows = await store.db.selectFrom('customers').select('id').where(compileFilterSql(parseFilter(filter), ctx)).where('id', 'in', ids).orderBy('id').execute();
  return rows.map((r) => Number(r.id));
}

describeStoreContract('lunar birthdays', (store) => {
  it('stores a lunar birthday next to the Gregorian one; the calendar follows what was given', async () => {
    const { db } = store();
    const c = await createCustomer(db, { name: '张伟', birthday: '1990-03-15', lunarBirthday: '农历1990年闰五月初八' }, opts);
    expect(c.lunarBirthday).toEqual({ month: 5, day: 8, leap: true, year: 1990 });
    expect(c.birthday).toEqual({ month: 3, day: 15, year: 1990 });
    expect(c.birthdayCalendar).toBe('lunar');
    expect(await getCustomer(db, c.id)).toMatchObject({ lunarBirthday: c.lunarBirthday, birthdayCalendar: 'lunar' });

    const gregorian = await updateCustomer(db, c.id, { birthdayCalendar: 'gregorian' }, opts);
    expect(gregorian).toMatchObject({ birthdayCalendar: 'gregorian', lunarBirthday: { month: 5, day: 8, leap: true, year: 1990 } });
    const cleared = await updateCustomer(db, c.id, { lunarBirthday: null }, opts);
    expect(cleared).toMatchObject({ birthdayCalendar: 'gregorian', lunarBirthday: null });

    // "农历…" written in the Gregorian birthday field (a 生日 column) is read as the lunar birthday.
    const inBirthdayColumn = await createCustomer(db, { name: '周杰', birthday: '农历腊月廿三' }, opts);
    expect(inBirthdayColumn).toMatchObject({ birthday: null, lunarBirthday: { month: 12, day: 23, leap: false, year: null }, birthdayCalendar: 'lunar' });

    const viaObject = await createCustomer(db, { name: '李娜', lunarBirthday: { month: 8, day: 15 } }, opts);
    expect(viaObject).toMatchObject({ lunarBirthday: { month: 8, day: 15, leap: false, year: null }, birthdayCalendar: 'lunar' });
  });

  it('refuses an impossible lunar date or a lunar calendar without a lunar birthday, naming the field', async () => {
    const { db } = store();
    for (const input of [{ lunarBirthday: '闰腊月初一' }, { lunarBirthday: 'L08-31' }, { birthdayCalendar: 'lunar' as const }]) {
      let caught: unknown;
      try {
        await createCustomer(db, { name: '错', ...input }, opts);
      } catch (error) {
        caught = error;
      }
      expect(isTidingsError(caught, 'CUSTOMER_INVALID')).toBe(true);
      expect((caught as Error).message).toMatch(/^lunarBirthday: /);
    }
  });

  it('filters pick a lunar customer on the Gregorian day the rule gives, and not a Gregorian one by mistake', async () => {
    const { db } = store();
    const t = tag();
    const midAutumn = await createCustomer(db, { name: `中秋${t}`, lunarBirthday: '八月十五' }, opts);
    const leapJune = await createCustomer(db, { name: `闰六${t}`, lunarBirthday: '闰六月初十' }, opts);
    const ordinaryJune = await createCustomer(db, { name: `六月${t}`, lunarBirthday: '六月初十' }, opts);
    // Gregorian 2025-10-06 (that year's 中秋) is stored, but the lunar birthday is celebrated: not matched by its Gregorian day.
    const lunarWithGregorian = await createCustomer(db, { name: `双${t}`, birthday: '10-07', lunarBirthday: '腊月廿三' }, opts);
    const gregorian = await createCustomer(db, { name: `公${t}`, birthday: '10-06' }, opts);
    const ids = [midAutumn.id, leapJune.id, ordinaryJune.id, lunarWithGregorian.id, gregorian.id];

    const midAutumn2025 = tableDay(2025, 8, 15);
    expect(midAutumn2025).toBe('2025-10-06');
    const on = (date: string) => morningOf(date).date();
    expect(await matching(store(), { field: 'birthday', op: 'today' }, on(midAutumn2025), ids)).toEqual([midAutumn.id, gregorian.id]);
    expect(await matching(store(), { field: 'birthday', op: 'today' }, on('2025-10-07'), ids)).toEqual([]);
    // 2025 has 闰六月: the leap birthday is in the leap month, the ordinary one in the ordinary month.
    expect(await matching(store(), { field: 'birthday', op: 'today' }, on(tableDay(2025, 6, 10, true)), ids)).toEqual([leapJune.id]);
    expect(await matching(store(), { field: 'birthday', op: 'today' }, on(tableDay(2025, 6, 10)), ids)).toEqual([ordinaryJune.id]);
    // 2026 has none: both on the ordinary 六月初十.
    expect(await matching(store(), { field: 'birthday', op: 'today' }, on(tableDay(2026, 6, 10)), ids)).toEqual([leapJune.id, ordinaryJune.id]);
    // Next 7 days from six days before 中秋 2026 (no Gregorian birthday in that window).
    expect(await matching(store(), { field: 'birthday', op: 'next-days', value: 7 }, on(addDays(tableDay(2026, 8, 15), -6)), ids)).toEqual([midAutumn.id]);
    expect(await matching(store(), { field: 'birthday', op: 'next-days', value: 7 }, on(addDays(tableDay(2026, 8, 15), -8)), ids)).toEqual([]);
    // This month / month 10 of 2025: 中秋 2025 is in October, as is the Gregorian 10-06; 腊月廿三 of lunar 2025 is in February 2026.
    expect(await matching(store(), { field: 'birthday', op: 'this-month' }, on('2025-10-20'), ids)).toEqual([midAutumn.id, gregorian.id]);
    expect(await matching(store(), { field: 'birthday', op: 'month', value: 2 }, on('2026-01-05'), ids)).toEqual([lunarWithGregorian.id]);
    expect(await matching(store(), { field: 'birthday', op: 'exists' }, on('2026-01-05'), ids)).toEqual(ids);
    // A lunar date kept while the Gregorian calendar is celebrated (with no Gregorian date) is never greeted: no birthday for the filters either.
    const keptOnly = await createCustomer(db, { name: `存${t}`, lunarBirthday: '八月十五', birthdayCalendar: 'gregorian' }, opts);
    expect(await matching(store(), { field: 'birthday', op: 'exists' }, on('2026-01-05'), [...ids, keptOnly.id])).toEqual(ids);
    expect(await matching(store(), { field: 'birthday', op: 'missing' }, on('2026-01-05'), [...ids, keptOnly.id])).toEqual([keptOnly.id]);
  });

  it('upcomingBirthdays lists a lunar customer on the right day, with the label both ways and the age in lunar years', async () => {
    const { db } = store();
    const owner = `rep-${tag()}`;
    const c = await createCustomer(db, { name: '王芳', owner, lunarBirthday: '1960年八月十五' }, opts);
    const g = await createCustomer(db, { name: 'Alex', owner, birthday: '1990-09-30', timeZone: 'Asia/Shanghai' }, opts);
    const midAutumn2026 = tableDay(2026, 8, 15);
    expect(midAutumn2026).toBe('2026-09-25');
    const clock = morningOf('2026-09-20');
    const list = await upcomingBirthdays(db, { owner, days: 7, now: clock.date(), defaultZone: 'Asia/Shanghai' });
    expect(list).toEqual([
      {
        customerId: c.id, displayName: '王芳', owner, date: '2026-09-25', inDays: 5, turns: 66, calendar: 'lunar',
        lunar: { month: 8, day: 15, leap: false },
        label: { zh: '农历八月十五（今年 9月25日）', en: 'Lunar 8th month, day 15 (this year: 25 Sep)' },
      },
    ]);
    const later = await upcomingBirthdays(db, { owner, days: 10, now: clock.date(), defaultZone: 'Asia/Shanghai' });
    expect(later.map((b) => [b.customerId, b.calendar, b.label.en])).toEqual([
      [c.id, 'lunar', 'Lunar 8th month, day 15 (this year: 25 Sep)'],
      [g.id, 'gregorian', '30 Sep'],
    ]);
    // The day after, the next one is lunar 2027's 八月十五.
    const next = nextBirthdayOf(await getCustomer(db, c.id), morningOf('2026-09-26').date(), 'Asia/Shanghai');
    expect(next).toEqual({ date: tableDay(2027, 8, 15), calendar: 'lunar', label: expect.objectContaining({ zh: `农历八月十五（明年 9月${Number(tableDay(2027, 8, 15).slice(8))}日）` }) });
  });

  it('the birthday campaign audience carries the celebrated birthday; templates get customer.lunarBirthday', async () => {
    const { db } = store();
    const c = await createCustomer(db, { name: '赵敏', birthday: '03-01', lunarBirthday: 'L04-08L' }, opts);
    const g = await createCustomer(db, { name: '钱静', birthday: '03-01' }, opts);
    expect((await loadMergeCustomer(db, c.id)).lunarBirthday).toBe('农历闰四月初八');
    expect((await loadMergeCustomer(db, g.id)).lunarBirthday).toBeNull();
    const members = await storeAudienceSource(db).members({ id: 1, audience: JSON.stringify({ customerIds: [c.id, g.id] }) });
    expect(members.map((m) => m.birthday)).toEqual([
      { calendar: 'lunar', lunar: { month: 4, day: 8, leap: true } },
      { calendar: 'gregorian', month: 3, day: 1 },
    ]);
  });

  it('imports 农历生日 / lunar_birthday columns (UTF-8 and GBK) and exports them back re-importably', async () => {
    const { db } = store();
    const t = tag();
    const rows = [
      `姓名,手机,农历生日`,
      `甲${t},1390000${t.slice(0, 4).replace(/[a-f]/g, '1')},农历八月十五`,
      `乙${t},,闰四月初八`,
      `丙${t},,1990年腊月廿三`,
      `丁${t},,八月三十一`,
    ].join('\r\n');
    const utf8 = join(dir, `u-${t}.csv`);
    writeFileSync(utf8, rows);
    const result = await importCustomers(db, utf8, opts);
    expect(result.imported).toBe(3);
    expect(result.errors).toEqual([{ row: 5, column: '农历生日', reason: expect.stringMatching(/at most 30 days/) }]);

    const gbk = join(dir, `g-${t}.csv`);
    writeFileSync(gbk, iconv.encode(`name,lunar_birthday,birthday\r\n戊${t},L06-10L,1990-01-02\r\n`, 'gbk'));
    const fromGbk = await importCustomers(db, gbk, { ...opts, encoding: 'auto' });
    expect(fromGbk.imported).toBe(1);

    const out = join(dir, `e-${t}.csv`);
    const { createWriteStream } = await import('node:fs');
    await exportCustomers(db, createWriteStream(out), { query: t });
    const text = readFileSync(out, 'utf8');
    const header = text.split('\r\n')[0]!.split(',');
    expect(header).toEqual(expect.arrayContaining(['lunar_birthday', 'birthday_calendar']));
    const lines = text.split('\r\n').filter((l) => l.includes(t));
    const cell = (line: string, column: string) => line.split(',')[header.indexOf(column)];
    expect(lines.map((l) => [cell(l, 'lunar_birthday'), cell(l, 'birthday_calendar')])).toEqual([
      ['八月十五', 'lunar'],
      ['闰四月初八', 'lunar'],
      ['1990年腊月廿三', 'lunar'],
      ['闰六月初十', 'lunar'],
    ]);
    // Re-import into a fresh store gives the same birthdays back.
    const { makeSqliteStore } = await import('../helpers/store-contract.js');
    const fresh = await makeSqliteStore();
    try {
      const again = await importCustomers(fresh.db, out, opts);
      expect(again.imported).toBe(4);
      const back = await fresh.db.selectFrom('customers').select(['lunar_birthday_month', 'lunar_birthday_day', 'lunar_birthday_leap', 'lunar_birth_year', 'birthday_calendar']).orderBy('id').execute();
      expect(back.map((r) => [r.lunar_birthday_month, r.lunar_birthday_day, r.lunar_birthday_leap, r.lunar_birth_year, r.birthday_calendar])).toEqual([
        [8, 15, 0, null, 'lunar'],
        [4, 8, 1, null, 'lunar'],
        [12, 23, 0, 1990, 'lunar'],
        [6, 10, 1, null, 'lunar'],
      ]);
    } finally {
      await fresh.close();
    }
  });
});

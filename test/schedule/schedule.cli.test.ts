import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runTidings } from '../helpers/cli.js';
import { openAppStore } from '../../src/app/index.js';
import { referenceLunarDate } from '../fixtures/schedule/chinese-years.js';

const dir = mkdtempSync(join(tmpdir(), 'tidings-schedule-cli-'));
const env = { DATABASE_URL: `sqlite:${join(dir, 'cli.db')}`, TIDINGS_DATA_DIR: dir, LOG_LEVEL: 'silent' };
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cli = (argv: string[]) => runTidings(env, argv);

describe('tidings holidays', () => {
  it('prints the year as JSON', async () => {
    const { code, out } = await cli(['holidays', '2027', '--json']);
    expect(code).toBe(0);
    const list = JSON.parse(out) as { name: string; nameEn: string; date: string; kind: string }[];
    expect(list).toContainEqual(expect.objectContaining({ name: '春节', nameEn: 'Spring Festival', date: '2027-02-06', kind: 'lunar' }));
    expect(list).toContainEqual(expect.objectContaining({ name: '清明节', date: '2027-04-05', kind: 'solar-term' }));
    expect(list).toContainEqual(expect.objectContaining({ name: '国庆节', date: '2027-10-01', kind: 'fixed' }));
  });

  it('refuses a year outside the tables', async () => {
    const { code, err } = await cli(['holidays', '2150']);
    expect(code).toBe(1);
    expect(err).toContain('SCHEDULE_YEAR_OUT_OF_RANGE');
  });
});

describe('tidings birthdays', () => {
  it("lists a rep's customers with a birthday in the next days, and exits 3 when there are none", async () => {
    const store = await openAppStore({ target: { kind: 'sqlite', path: join(dir, 'cli.db') } });
    const today = new Date();
    const inTwoDays = new Date(today.getTime() + 2 * 86_400_000);
    const base = { custom: '{}', locked: 0, created_at: 0, updated_at: 0, time_zone: 'Asia/Shanghai' };
    await store.db
      .insertInto('customers')
      .values([
        { ...base, display_name: '李雷', owner: 'li', birthday_month: inTwoDays.getUTCMonth() + 1, birthday_day: inTwoDays.getUTCDate() },
        { ...base, display_name: '韩梅梅', owner: 'han', birthday_month: inTwoDays.getUTCMonth() + 1, birthday_day: inTwoDays.getUTCDate() },
      ])
      .execute();
    await store.close();
    const { code, out } = await cli(['birthdays', '--days', '7', '--owner', 'li', '--json']);
    expect(code).toBe(0);
    const list = JSON.parse(out) as { displayName: string; inDays: number }[];
    expect(list.map((b) => b.displayName)).toEqual(['李雷']);
    expect(list[0]!.inDays).toBeGreaterThanOrEqual(1);
    expect((await cli(['birthdays', '--owner', 'nobody', '--json'])).code).toBe(3);
  });
});

describe('tidings birthdays with lunar birthdays', () => {
  it('customers add takes --lunar-birthday through the same parser; birthdays lists it on its Gregorian day with a label', async () => {
    const added = await cli(['customers', 'add', '--name', '月饼', '--owner', 'moon', '--lunar-birthday', '农历八月十五', '--json']);
    expect(added.code).toBe(0);
    expect(JSON.parse(added.out)).toMatchObject({ lunarBirthday: { month: 8, day: 15, leap: false, year: null }, birthdayCalendar: 'lunar' });
    const bad = await cli(['customers', 'add', '--name', '错', '--lunar-birthday', '闰腊月初一']);
    expect(bad.code).not.toBe(0);
    expect(bad.err).toContain('闰腊月 does not occur');

    const { code, out } = await cli(['birthdays', '--days', '400', '--owner', 'moon', '--json']);
    expect(code).toBe(0);
    const [entry] = JSON.parse(out) as { date: string; calendar: string; lunar: unknown; label: { zh: string; en: string } }[];
    expect(entry).toMatchObject({ calendar: 'lunar', lunar: { month: 8, day: 15, leap: false } });
    // The date is a 八月十五 of the published table (this lunar year's or next).
    const year = Number(entry!.date.slice(0, 4));
    expect([referenceLunarDate(year, 8, 15), referenceLunarDate(year - 1, 8, 15)]).toContain(entry!.date);
    expect(entry!.label.zh).toMatch(/^农历八月十五（(今年|明年) \d+月\d+日）$/);
    const table = await cli(['birthdays', '--days', '400', '--owner', 'moon']);
    expect(table.out).toContain('Lunar 8th month, day 15');
  });
});

describe('tidings schedule-preview', () => {
  it('shows the next occurrences of a schedule', async () => {
    const { code, out } = await cli(['schedule-preview', '{"kind":"holiday","holiday":"mid-autumn","time":"09:00"}', '--count', '2', '--json']);
    expect(code).toBe(0);
    expect((JSON.parse(out) as unknown[]).length).toBe(2);
    const bad = await cli(['schedule-preview', '{"kind":"never"}']);
    expect(bad.err).toContain('SCHEDULE_INVALID');
  });
});

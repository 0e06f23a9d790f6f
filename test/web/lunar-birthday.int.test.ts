// Lunar birthdays in a real browser against a real `tidings serve`: a marketer adds a customer
// with a lunar birthday through the form (English, then one with a leap month in Chinese) and
// sees it both ways, the lunar day and the Gregorian date it falls on next, on the customer's
// page and in the list. The Gregorian date comes from the server; the test checks it against the
// published calendar table, not against the code under test.
import { randomBytes } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeInBrowser, launchChromium, openPage, screenshot } from '../helpers/browser.js';
import { startWebServer, type WebServer } from '../helpers/web-server.js';
import { referenceLunarMonth } from '../fixtures/schedule/chinese-years.js';
import { apiSession, must, signInInBrowser, type ApiSession } from './flows/session.js';

const run = randomBytes(3).toString('hex');
const MARKETER = { username: `lu-${run}`, password: 'marketer-password-1', role: 'marketer', displayName: 'Lu Marketer' };

interface Shown {
  id: number;
  nextBirthday: { date: string; calendar: string; label: { en: string; zh: string } } | null;
}

/** The lunar years whose month `month` (leap or not) holds the Gregorian `date` on day `day`, per the published table. */
function tableYearsOf(date: string, month: number, day: number, leap: boolean): number[] {
  const year = Number(date.slice(0, 4));
  return [year - 1, year].filter((y) => {
    const span = referenceLunarMonth(y, month, leap) ?? referenceLunarMonth(y, month, false);
    if (!span) return false;
    const at = new Date(Date.parse(span.start) + (Math.min(day, span.days) - 1) * 86_400_000).toISOString().slice(0, 10);
    return at === date;
  });
}

await describeInBrowser([], 'web UI: lunar birthdays entered in the form and shown both ways', () => {
  let server: WebServer;
  let browser: Browser;
  let marketer: ApiSession;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startWebServer(), launchChromium()]);
    const admin = await apiSession(server.url, 'admin', server.adminPassword);
    await must(admin, 'POST', '/api/users', MARKETER);
    marketer = await apiSession(server.url, MARKETER.username, MARKETER.password);
  }, 90_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('English: 八月十五 chosen in the form, shown as "Lunar 8th month, day 15 (… year: d Mon)"', async () => {
    const { page, errors } = await openPage(browser, { locale: 'en-GB', allow: [/401 \(Unauthorized\)/] });
    await signInInBrowser(page, server.url, MARKETER.username, MARKETER.password);
    await page.goto(`${server.url}/customers`);
    await page.getByRole('link', { name: 'Add customer' }).click();
    await page.getByRole('heading', { level: 1, name: 'Add a customer' }).waitFor();
    const name = `Moon ${run}`;
    await page.getByLabel(/^Full name/).fill(name);
    await page.getByLabel('Celebrates').selectOption({ label: 'Lunar birthday (农历)' });
    await page.getByText(/A leap-month birthday \(闰月\) is celebrated in that leap month in years that have it/).waitFor();
    await page.getByLabel('Lunar month').selectOption({ label: '8th month (八月)' });
    await page.getByLabel('Lunar day').selectOption({ label: '15 (十五)' });
    await page.getByLabel(/^Lunar birth year/).fill('1962');
    await screenshot(page, 'lunar-birthday-form-en');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByRole('heading', { level: 1, name }).waitFor({ timeout: 30_000 });

    const id = Number(/\/customers\/(\d+)/.exec(page.url())?.[1]);
    const shown = await must<Shown & { lunarBirthday: unknown; birthdayCalendar: string }>(marketer, 'GET', `/api/customers/${id}`);
    expect(shown.lunarBirthday).toEqual({ month: 8, day: 15, leap: false, year: 1962 });
    expect(shown.birthdayCalendar).toBe('lunar');
    const next = shown.nextBirthday!;
    expect(tableYearsOf(next.date, 8, 15, false)).toHaveLength(1);
    const day = Number(next.date.slice(8));
    const month = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][Number(next.date.slice(5, 7)) - 1];
    expect(next.label.en).toMatch(new RegExp(`^Lunar 8th month, day 15 \\((this|next) year: ${day} ${month}\\)$`));
    await expect.poll(() => page.getByTestId('celebrated-birthday').textContent()).toBe(next.label.en);
    await screenshot(page, 'lunar-birthday-page-en');

    await page.goto(`${server.url}/customers`);
    await page.getByLabel('Search customers').fill(run);
    const row = page.locator('table tbody tr', { hasText: name });
    await expect.poll(() => row.getByText(next.label.en, { exact: true }).count(), { timeout: 15_000 }).toBe(1);
    expect(errors).toEqual([]);
  });

  it('Chinese: 闰四月初八 chosen in the form, shown as "农历闰四月初八（…年 M月D日）"', async () => {
    const { page, errors } = await openPage(browser, { locale: 'zh-CN', allow: [/401 \(Unauthorized\)/] });
    await signInInBrowser(page, server.url, MARKETER.username, MARKETER.password);
    await page.goto(`${server.url}/customers`);
    await page.getByRole('link', { name: '添加客户' }).click();
    await page.getByRole('heading', { level: 1, name: '添加客户' }).waitFor();
    const name = `月${run}`;
    await page.getByLabel(/^姓名/).fill(name);
    await page.getByLabel('过哪个生日').selectOption({ label: '农历生日' });
    await page.getByText(/闰月生日：当年有这个闰月就在闰月过/).waitFor();
    await page.getByLabel('农历月').selectOption({ label: '闰四月' });
    await page.getByLabel('农历日').selectOption({ label: '初八' });
    await screenshot(page, 'lunar-birthday-form-zh');
    await page.getByRole('button', { name: '保存', exact: true }).click();
    await page.getByRole('heading', { level: 1, name }).waitFor({ timeout: 30_000 });

    const id = Number(/\/customers\/(\d+)/.exec(page.url())?.[1]);
    const next = (await must<Shown>(marketer, 'GET', `/api/customers/${id}`)).nextBirthday!;
    // In a year with 闰四月 the leap month, else the ordinary 四月: one of them holds the date.
    expect(tableYearsOf(next.date, 4, 8, true)).toHaveLength(1);
    const [, m, d] = next.date.split('-').map(Number);
    expect(next.label.zh).toMatch(new RegExp(`^农历闰四月初八（(今年|明年) ${m}月${d}日）$`));
    await expect.poll(() => page.getByTestId('celebrated-birthday').textContent()).toBe(next.label.zh);
    await screenshot(page, 'lunar-birthday-page-zh');

    await page.goto(`${server.url}/customers`);
    await page.getByLabel('搜索客户').fill(run);
    const row = page.locator('table tbody tr', { hasText: name });
    await expect.poll(() => row.getByText(next.label.zh, { exact: true }).count(), { timeout: 15_000 }).toBe(1);
    expect(errors).toEqual([]);
  });
});

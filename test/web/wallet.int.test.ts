// Issue #12, SMS wallet: finance signs in, tops up (a double submit and a lost answer each book
// once), sees the ledger entry, the statistics chart and table of SMS really sent through the
// pipeline to a local Twilio-wire server, and downloads the CSV; a sales user cannot open it.
import type { Browser, Request } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTwilioFake, type TwilioFake } from '../fixtures/sms/twilio-server.js';
import { addDays } from '../../src/web/client/screens/wallet/date-range.js';
import { describeInBrowser, launchChromium, openPage, screenshot } from '../helpers/browser.js';
import { startWebServer, type WebServer } from '../helpers/web-server.js';
import {
  createTwilioSmsAccount,
  downloadStatsCsv,
  expectWalletForbidden,
  openWallet,
  readBalanceMinor,
  readChartBars,
  sendSmsCampaign,
  setStatsRange,
  topUpViaForm,
  TWILIO_SID,
  TWILIO_TOKEN,
} from './flows/wallet.js';
import { apiSession, createUser, signInInBrowser, type ApiSession } from './flows/session.js';

const FINANCE = { username: 'finance1', role: 'finance', password: 'finance1-Wallet-pass', displayName: 'Finance One' };
const SALES = { username: 'sales1', role: 'sales', password: 'sales1-Wallet-pass', displayName: 'Sales One' };
const ACCOUNT = 'sms-main';
const PHONES = ['+8613800000001', '+8613800000002', '+8613800000003'];
// 203 GSM-7 characters: two parts each (153 per part once a message is split).
const BODY = 'Tidings wallet test message. '.repeat(7);
// Minor units are 厘 (0.001 yuan): ¥50.00.
const SEED_TOP_UP = 50_000;
const PRICE = 100; // the default price per part, minor units (厘): ¥0.10

/** Today in the SMS account's time zone, where the statistics count messages. */
const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());

await describeInBrowser([], 'web UI: SMS wallet (finance)', () => {
  let server: WebServer;
  let browser: Browser;
  let twilio: TwilioFake;
  let admin: ApiSession;
  /** The account's day when the messages went out: the statistics count them on it, even if the run crosses midnight there. */
  let day: string;

  beforeAll(async () => {
    twilio = await startTwilioFake(TWILIO_SID, TWILIO_TOKEN);
    [server, browser] = await Promise.all([startWebServer({ TIDINGS_ALLOW_PRIVATE_HOSTS: '127.0.0.1/8,::1' }), launchChromium()]);
    admin = await apiSession(server.url, 'admin', server.adminPassword);
    await createUser(admin, FINANCE);
    await createUser(admin, SALES);
    await createTwilioSmsAccount(admin, { name: ACCOUNT, apiBaseUrl: twilio.url });
    await sendSmsCampaign(admin, { account: ACCOUNT, phones: PHONES, body: BODY, topUpMinor: SEED_TOP_UP });
    day = today();
    expect(twilio.accepted.map((m) => m.to).sort()).toEqual(PHONES);
    expect(twilio.accepted.every((m) => m.segments === 2)).toBe(true);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await twilio?.close();
  });

  // 401: the first /api/auth/me before sign-in; ERR_FAILED: the top-up answer the test drops on purpose.
  const newPage = (locale = 'en') => openPage(browser, { locale, acceptDownloads: true, allow: [/401 \(Unauthorized\)/, /net::ERR_FAILED/] });


  it('finance: balance, top-up booked once (double submit, lost answer), ledger, chart by day and month, CSV', async () => {
    const { page, errors } = await newPage('en');
    await signInInBrowser(page, server.url, FINANCE.username, FINANCE.password);
    await openWallet(page);
    const cost = PHONES.length * 2 * PRICE;
    const start = SEED_TOP_UP - cost;
    await expect.poll(() => readBalanceMinor(page)).toBe(start);
    await expect.poll(() => page.getByTestId('wallet-balance').textContent()).toBe('¥49.40');
    await screenshot(page, 'wallet-en');

    // Two submits in the same task (a double click before the page re-renders) book one top-up:
    // whatever reaches the server carries one Idempotency-Key.
    const keys: string[] = [];
    const onRequest = (r: Request) => r.url().endsWith('/topups') && keys.push(r.headers()['idempotency-key'] ?? '');
    page.on('request', onRequest);
    await topUpViaForm(page, { amount: '100.00', reference: 'INV-2026-001', presses: 2 });
    page.off('request', onRequest);
    expect(keys.length).toBeGreaterThanOrEqual(1);
    expect(new Set(keys).size).toBe(1);
    expect(keys[0]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    await expect.poll(() => readBalanceMinor(page)).toBe(start + 100_000);
    const ledger = page.getByTestId('ledger-table');
    const credit = ledger.locator('tbody tr[data-kind="credit"]', { hasText: 'INV-2026-001' });
    await expect.poll(() => credit.count()).toBe(1);
    await expect.poll(() => credit.locator('td.num').getAttribute('data-minor')).toBe('100000');
    // Who booked it, by display name.
    await expect.poll(() => credit.textContent()).toContain(FINANCE.displayName);

    // The answer to the next top-up is lost on the way back (the server booked it); pressing again
    // sends the same Idempotency-Key, and the server replays the booking instead of repeating it.
    let seenKey: string | undefined;
    await page.route('**/api/wallet/*/topups', async (route) => {
      seenKey = route.request().headers()['idempotency-key'];
      const response = await route.fetch();
      expect(response.status()).toBe(201);
      await route.abort('failed');
    });
    const form = page.getByTestId('topup-form');
    await form.getByLabel(/Amount/).fill('50');
    await form.getByLabel(/Payment reference/).fill('INV-2026-002');
    await form.getByRole('button', { name: 'Top up' }).click();
    await form.getByRole('alert').waitFor();
    await page.unroute('**/api/wallet/*/topups');
    const retried = page.waitForRequest((r) => r.url().endsWith('/topups'));
    await form.getByRole('button', { name: 'Top up' }).click();
    expect((await retried).headers()['idempotency-key']).toBe(seenKey);
    await form.getByRole('status').filter({ hasText: 'already been booked' }).waitFor();
    await expect.poll(() => readBalanceMinor(page)).toBe(start + 150_000);
    await expect.poll(() => ledger.locator('tbody tr[data-kind="credit"]', { hasText: 'INV-2026-002' }).count()).toBe(1);
    await expect.poll(() => page.getByTestId('wallet-balance').textContent()).toBe('¥199.40');

    // An adjustment: a deduction needs an amount and a reason before anything is sent, then books
    // a negative adjustment entry.
    const adjust = page.getByTestId('adjust-form');
    await adjust.getByLabel('Direction').selectOption('deduct');
    await adjust.getByLabel(/Amount/).fill('0');
    await adjust.getByRole('button', { name: 'Book adjustment' }).click();
    await adjust.getByRole('alert').filter({ hasText: 'greater than zero' }).waitFor();
    await adjust.getByLabel(/Amount/).fill('1.40');
    await adjust.getByRole('button', { name: 'Book adjustment' }).click();
    await adjust.getByRole('alert').filter({ hasText: 'Enter the reason.' }).waitFor();
    await adjust.getByLabel(/Reason/).fill('Refund ticket 42');
    await adjust.getByRole('button', { name: 'Book adjustment' }).click();
    await adjust.getByRole('status').filter({ hasText: 'New balance: ¥198.00' }).waitFor();
    await expect.poll(() => readBalanceMinor(page)).toBe(start + 150_000 - 1_400);
    await expect.poll(() => ledger.locator('tbody tr[data-kind="adjustment"]', { hasText: 'Refund ticket 42' }).count()).toBe(1);
    // The form is empty again for the next booking.
    await expect.poll(() => adjust.getByLabel(/Amount/).inputValue()).toBe('');
    // The running totals still agree with the ledger entries after all of it.
    await page.getByRole('button', { name: 'Check the ledger' }).click();
    await page.getByRole('status').filter({ hasText: 'The ledger and the balance agree.' }).waitFor();
    await screenshot(page, 'wallet-ledger');

    // Statistics: last 30 days per day has 30 bars, ending today; the sending day's holds the three
    // messages, every other day none. Today is the sending day, or the next one if the run crossed
    // midnight in Shanghai (16:00 UTC) since: the range then ends a day later.
    await setStatsRange(page, { preset: 'Last 30 days', by: 'Day' });
    const drawn = async () => {
      const bars = await readChartBars(page);
      return { bars: bars.length, endsToday: [day, addDays(day, 1)].includes(bars.at(-1)?.period ?? ''), notZero: bars.filter((b) => b.value !== 0) };
    };
    await expect.poll(drawn).toEqual({ bars: 30, endsToday: true, notZero: [{ period: day, value: 3 }] });
    const bars = await readChartBars(page);
    const [first, end] = [bars[0]!.period, bars.at(-1)!.period];
    const table = page.getByTestId('stats-table');
    await expect.poll(() => table.locator('tbody tr').count()).toBe(30);
    await expect.poll(() => table.locator(`tbody tr[data-period="${day}"]`).locator('th, td').allTextContents()).toEqual([day, '3', '6', '3', '0', '0', '0', '¥0.60']);
    await expect.poll(() => table.locator('tfoot tr').locator('th, td').allTextContents()).toEqual(['Total', '3', '6', '3', '0', '0', '0', '¥0.60']);
    await expect.poll(() => page.getByTestId('stats-chart').getAttribute('aria-label')).toBe(`Messages per day, ${first} to ${end}: total 3; highest 3 on ${day}.`);

    // The chart can show cost instead; the bars then hold minor units.
    await page.getByRole('radio', { name: 'Cost' }).check();
    await expect.poll(async () => (await readChartBars(page)).find((b) => b.period === day)?.value).toBe(cost);
    await screenshot(page, 'wallet-chart');

    // The CSV holds the same query: per day, header as `tidings sms stats --format csv`.
    const csv = await downloadStatsCsv(page);
    expect(csv.name).toMatch(/^sms-stats-\d+-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.csv$/);
    const lines = csv.text.trim().split(/\r?\n/);
    expect(lines[0]).toBe('period,messages,parts,accepted,delivered,failed,pending,cost');
    expect(lines).toHaveLength(31);
    expect(lines.slice(1).map((line) => line.split(',')[0])).toEqual(bars.map((b) => b.period));
    expect(lines.filter((line) => line.startsWith(`${day},`))).toEqual([`${day},3,6,3,0,0,0,0.60`]);

    // Per month: the months the last 30 days touch (up to three: 31 January to 1 March), the
    // sending day's with all three messages.
    await setStatsRange(page, { by: 'Month' });
    const month = day.slice(0, 7);
    const months = [...new Set(bars.map((b) => b.period.slice(0, 7)))];
    await expect.poll(() => readChartBars(page)).toEqual(months.map((m) => ({ period: m, value: m === month ? cost : 0 })));
    const monthCsv = await downloadStatsCsv(page);
    const monthLines = monthCsv.text.trim().split(/\r?\n/);
    expect(monthLines.slice(1).map((line) => line.split(',')[0])).toEqual(months);
    expect(monthLines.filter((line) => line.startsWith(`${month},`))).toEqual([`${month},3,6,3,0,0,0,0.60`]);

    // The same screen in Chinese.
    await page.getByLabel('Language').selectOption('zh-CN');
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('短信钱包');
    await page.getByRole('heading', { name: '充值', level: 2 }).waitFor();
    await screenshot(page, 'wallet-zh-CN');

    expect(errors).toEqual([]);
  });

  it('sales: no wallet in the menu, /wallet shows the forbidden notice, and the API answers 403', async () => {
    const { page, errors } = await newPage('en');
    await signInInBrowser(page, server.url, SALES.username, SALES.password);
    await expectWalletForbidden(page, server.url);
    await expect.poll(() => page.getByTestId('forbidden').textContent()).toContain('sales');

    const sales = await apiSession(server.url, SALES.username, SALES.password);
    for (const path of [`/api/wallet/${ACCOUNT}`, `/api/wallet/${ACCOUNT}/ledger`, '/api/sms-accounts', `/api/sms/stats?account=${ACCOUNT}&from=2026-01-01&to=2026-01-31`]) {
      const r = await sales.call<{ error: { code: string } }>('GET', path);
      expect(r.status, path).toBe(403);
      expect(r.body.error.code, path).toBe('AUTH_FORBIDDEN');
    }
    const topUp = await sales.call('POST', `/api/wallet/${ACCOUNT}/topups`, { amountMinor: 100, reference: 'nope' }, { 'idempotency-key': 'sales-try' });
    expect(topUp.status).toBe(403);
    expect(errors).toEqual([]);
  });
});

// Issue #16, item 6 in the browser: an SMS whose provider outcome is unknown (the local Twilio-wire
// server answers 500) leaves its money held; finance sees it in the wallet screen with campaign,
// recipient, parts and amount, releases it after a confirmation that asks why, and the balance
// comes back. The same panel in Chinese.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTwilioFake, TWILIO_SERVER_ERROR, type TwilioFake } from '../fixtures/sms/twilio-server.js';
import { describeInBrowser, launchChromium, openPage, screenshot } from '../helpers/browser.js';
import { startWebServer, type WebServer } from '../helpers/web-server.js';
import { createTwilioSmsAccount, openWallet, readBalanceMinor, sendSmsCampaign, TWILIO_SID, TWILIO_TOKEN } from './flows/wallet.js';
import { apiSession, createUser, signInInBrowser, type ApiSession } from './flows/session.js';

const FINANCE = { username: 'finance2', role: 'finance', password: 'finance2-Held-pass', displayName: 'Finance Two' };
const ACCOUNT = 'sms-held';
// Minor units are 厘 (0.001 yuan): ¥10.00 seeded, ¥0.10 a part (the default).
const SEED = 10_000;
const PRICE = 100;

await describeInBrowser([], 'web UI: held SMS reservations (finance)', () => {
  let server: WebServer;
  let browser: Browser;
  let twilio: TwilioFake;
  let admin: ApiSession;

  beforeAll(async () => {
    twilio = await startTwilioFake(TWILIO_SID, TWILIO_TOKEN);
    [server, browser] = await Promise.all([startWebServer({ TIDINGS_ALLOW_PRIVATE_HOSTS: '127.0.0.1/8,::1' }), launchChromium()]);
    admin = await apiSession(server.url, 'admin', server.adminPassword);
    await createUser(admin, FINANCE);
    await createTwilioSmsAccount(admin, { name: ACCOUNT, apiBaseUrl: twilio.url });
    await sendSmsCampaign(admin, { account: ACCOUNT, phones: [TWILIO_SERVER_ERROR], body: 'Your parcel is on its way.', topUpMinor: SEED });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await twilio?.close();
  });

  it('finance releases a held reservation after confirming with a note; the balance comes back and the row is gone', async () => {
    const { page, errors } = await openPage(browser, { locale: 'en', allow: [/401 \(Unauthorized\)/] });
    await signInInBrowser(page, server.url, FINANCE.username, FINANCE.password);
    await openWallet(page);
    await expect.poll(() => readBalanceMinor(page)).toBe(SEED - PRICE);

    const table = page.getByTestId('held-table');
    const row = table.locator('tbody tr');
    await expect.poll(() => row.count()).toBe(1);
    const cells = await row.locator('td').allTextContents();
    expect(cells.slice(1, 6)).toEqual([expect.stringMatching(/^Wallet e2e /), TWILIO_SERVER_ERROR, '1', '¥0.10', 'outcome unknown']);
    expect(cells[0]).toMatch(/^\d+ min$/);
    await screenshot(page, 'wallet-held-en');

    // Cancel changes nothing; Release asks for a note before it sends anything.
    await row.getByRole('button', { name: 'Release' }).click();
    const dialog = page.getByTestId('settle-dialog');
    await dialog.getByText('¥0.10 returns to the balance').waitFor();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(() => dialog.count()).toBe(0);
    await expect.poll(() => row.count()).toBe(1);

    await row.getByRole('button', { name: 'Release' }).click();
    await dialog.getByRole('button', { name: 'Release' }).click();
    await dialog.getByRole('alert').filter({ hasText: 'Enter a note saying why.' }).waitFor();
    await dialog.getByLabel(/Note/).fill('Twilio console: never queued');
    await dialog.getByRole('button', { name: 'Release' }).click();
    await page.getByTestId('held-panel').getByRole('status').filter({ hasText: `Released ¥0.10 for the message to ${TWILIO_SERVER_ERROR}.` }).waitFor();
    await expect.poll(() => readBalanceMinor(page)).toBe(SEED);
    await page.getByTestId('held-panel').getByText('No money is held').waitFor();
    const ledger = page.getByTestId('ledger-table');
    await expect.poll(() => ledger.locator('tbody tr[data-kind="void"]', { hasText: 'never queued' }).textContent()).toContain(FINANCE.displayName);

    await page.getByLabel('Language').selectOption('zh-CN');
    await page.getByRole('heading', { name: '预扣中的金额', level: 2 }).waitFor();
    await page.getByTestId('held-panel').getByText('没有预扣中的金额').waitFor();
    expect(errors).toEqual([]);
  });
});

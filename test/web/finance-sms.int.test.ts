// Issue "journeys" (SMS that adds up): in English and in Chinese, an admin adds a sandbox SMS
// account in the form, finance tops it up and sets a price of ¥0.045 a part, an SMS campaign goes
// to three customers (two texts take 2 parts), and the statistics, the ledger, the campaign's SMS
// cost, the per-message table and the SMS outbox all show the same parts and the same money, to the 厘.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeInBrowser, launchChromium, openPage, screenshot } from '../helpers/browser.js';
import { startWebServer, type WebServer } from '../helpers/web-server.js';
import { apiSession, createUser, must, pollUntil, signInInBrowser, type ApiSession } from './flows/session.js';
import { openWallet, topUpViaForm } from './flows/wallet.js';

const FINANCE = { username: 'finance-sms', role: 'finance', password: 'finance-sms-Pass-1', displayName: 'Finance SMS' };
const PRICE = '0.045';
const PRICE_LI = 45;
// 【Shop】 (6) + name + 55 characters: "Li" 63 → 1 part; the long names 80 and 81 → 2 parts each.
const FILL = '您'.repeat(55);
// Numbers per language run (a number belongs to one customer).
const people = (series: string) =>
  [
    { name: 'Li', phone: `+861380000${series}1`, parts: 1 },
    { name: 'Zhang Wei Long Name', phone: `+861380000${series}2`, parts: 2 },
    { name: 'Ouyang Long Name Xyz', phone: `+861380000${series}3`, parts: 2 },
  ] as const;
const PEOPLE = people('002');
const PARTS = PEOPLE.reduce((n, p) => n + p.parts, 0);
const COST_LI = PARTS * PRICE_LI; // 5 × 45 = 225 厘 = ¥0.225

/** "¥0.225", "−¥1,000.00" → 厘, read as text (no floats). */
function li(text: string): number {
  const m = /(−|-)?[^\d]*([\d,]+)\.(\d{2,3})/.exec(text.trim());
  if (!m) throw new Error(`not an amount: ${text}`);
  const value = Number(m[2]!.replace(/,/g, '') + m[3]!.padEnd(3, '0'));
  return m[1] ? -value : value;
}

await describeInBrowser([], 'web UI: SMS that adds up, sandbox provider (finance and admin)', () => {
  let server: WebServer;
  let browser: Browser;
  let admin: ApiSession;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startWebServer(), launchChromium()]);
    admin = await apiSession(server.url, 'admin', server.adminPassword);
    await createUser(admin, FINANCE);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const signedIn = async (locale: string, user: { username: string; password: string }): Promise<Page> => {
    const { page } = await openPage(browser, { locale, allow: [/401 \(Unauthorized\)/] });
    await signInInBrowser(page, server.url, user.username, user.password);
    return page;
  };

  for (const locale of ['en', 'zh-CN'] as const) {
    it(`${locale}: statistics, ledger, campaign cost, per-message table and outbox agree to the 厘`, async () => {
      const run = `${locale}-${Math.random().toString(36).slice(2, 7)}`;
      const series = locale === 'en' ? '002' : '003';
      const PEOPLE = people(series);
      const account = `sandbox-${run}`;

      // Admin: a sandbox account from the form (no credentials, nothing leaves the machine).
      const adminPage = await signedIn(locale, { username: 'admin', password: server.adminPassword });
      await adminPage.goto(`${server.url}/accounts/sms/new`);
      await adminPage.locator('select[name="provider"]').selectOption('sandbox');
      await adminPage.locator('input[name="name"]').fill(account);
      await adminPage.locator('input[name="signature"]').fill('Shop');
      await adminPage.locator('form.acct-form button[type="submit"]').click();
      const row = adminPage.locator(`tr[data-account="${account}"]`);
      await row.waitFor();
      await expect.poll(() => row.textContent()).toContain(locale === 'en' ? 'Sandbox' : '沙箱');

      // Finance: top up and set ¥0.045 a part (a price in 厘).
      const finance = await signedIn(locale, FINANCE);
      await openWallet(finance);
      // Each run adds its own account: choose it (the first one made is the default).
      await finance.locator('select[name="account"]').selectOption(account);
      await expect.poll(() => finance.url()).toContain(encodeURIComponent(account));
      await finance.getByTestId('wallet-balance').waitFor();
      await topUpViaForm(finance, { amount: '10', reference: `INV-${run}` });
      const settings = finance.locator('section[aria-labelledby="wallet-settings-heading"]');
      await settings.locator('form').first().locator('input').fill(PRICE);
      await settings.locator('form').first().locator('button[type="submit"]').click();
      await expect.poll(async () => (await must<{ currentMinor: number }>(admin, 'GET', `/api/wallet/${account}/prices`)).currentMinor).toBe(PRICE_LI);

      // The campaign: one SMS template, three customers, sent and finished.
      const customerIds: number[] = [];
      for (const person of PEOPLE) customerIds.push((await must<{ id: number }>(admin, 'POST', '/api/customers', { name: `${person.name}`, phones: [person.phone] })).id);
      const template = await must<{ id: number }>(admin, 'POST', '/api/templates', { name: `sms-${run}`, channel: 'sms', version: { bodyFormat: 'text', body: `{{customer.displayName}}${FILL}`, isMarketing: false } });
      // Issue #20: the sandbox reviews templates like a Chinese provider (approved at the first sync).
      const smsAccountId = (await must<{ id: number; name: string }[]>(admin, 'GET', '/api/sms-accounts')).find((a) => a.name === account)!.id;
      await must(admin, 'POST', `/api/templates/${template.id}/approvals`, { smsAccountId });
      await must(admin, 'POST', '/api/template-approvals/sync', {});
      const campaign = await must<{ id: number }>(admin, 'POST', '/api/campaigns', { name: `SMS ${run}`, channel: 'sms', smsAccount: account, template: template.id, audience: { customerIds } });
      await must(admin, 'POST', `/api/campaigns/${campaign.id}/start`, {});
      await pollUntil(`campaign ${campaign.id} to finish`, async () => ((await must<{ status: string }>(admin, 'GET', `/api/campaigns/${campaign.id}`)).status === 'finished' ? true : undefined), 60_000);

      // The SMS outbox: what the sandbox "sent", with readable numbers and the parts per text.
      await finance.reload();
      await finance.getByTestId('wallet-balance').waitFor();
      const outbox = finance.getByTestId('sandbox-outbox');
      await expect.poll(() => outbox.locator('tbody tr').count(), { timeout: 30_000 }).toBe(PEOPLE.length);
      const outboxParts = (await outbox.locator('tbody tr').evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-parts'))))).reduce((a, b) => a + b, 0);
      expect(outboxParts).toBe(PARTS);
      await expect.poll(() => outbox.textContent()).toContain(`+86 138 0000 ${series}2`);

      // Statistics: the total row's parts and cost.
      const stats = finance.getByTestId('stats-table');
      const total = async () => stats.locator('tfoot tr').locator('th, td').allTextContents();
      await expect.poll(async () => (await total())[2], { timeout: 30_000 }).toBe(String(PARTS));
      const statsCost = li((await total()).at(-1)!);

      // Ledger: one line per message, charged, with the parts charged.
      const ledger = finance.getByTestId('ledger-table');
      const charged = ledger.locator('tbody tr[data-state="charged"]');
      await expect.poll(() => charged.count()).toBe(PEOPLE.length);
      const ledgerCost = (await charged.locator('td.num').allTextContents()).map(li).reduce((a, b) => a + b, 0);
      const ledgerParts = (await charged.evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-parts'))))).reduce((a, b) => a + b, 0);
      await screenshot(finance, `finance-sms-wallet-${locale}`);

      // The campaign page: its SMS cost from the ledger and the per-message table.
      await finance.goto(`${server.url}/campaigns/${campaign.id}`);
      const costPanel = finance.getByTestId('campaign-sms-cost');
      await costPanel.getByTestId('campaign-sms-charged').waitFor();
      const campaignCost = li((await costPanel.getByTestId('campaign-sms-charged').textContent()) ?? '');
      const campaignParts = Number(await costPanel.getByTestId('campaign-sms-parts').textContent());
      const messages = finance.getByTestId('messages-table').locator('tbody tr');
      await expect.poll(() => messages.count()).toBe(PEOPLE.length);
      const cells = await messages.evaluateAll((rows) => rows.map((r) => Array.from(r.querySelectorAll('td.num')).map((c) => c.textContent ?? '')));
      // The SMS columns are the last two numeric ones: parts, cost.
      const tableParts = cells.map((c) => Number(c.at(-2))).reduce((a, b) => a + b, 0);
      const tableCost = cells.map((c) => li(c.at(-1)!)).reduce((a, b) => a + b, 0);
      await screenshot(finance, `finance-sms-campaign-${locale}`);

      expect({ statsCost, ledgerCost, campaignCost, tableCost }).toEqual({ statsCost: COST_LI, ledgerCost: COST_LI, campaignCost: COST_LI, tableCost: COST_LI });
      expect({ ledgerParts, campaignParts, tableParts }).toEqual({ ledgerParts: PARTS, campaignParts: PARTS, tableParts: PARTS });
      expect(await costPanel.getByTestId('campaign-sms-charged').textContent()).toBe('¥0.225');
      await adminPage.context().close();
      await finance.context().close();
    });
  }
});

// Steps of the SMS wallet e2e (issue #12), reusable in the acceptance flow: seeding through
// the HTTP API as a client would (users, an SMS account pointed at a local Twilio-wire server, a
// real SMS campaign so the statistics have numbers), and what finance does in the browser.
import type { Download, Page } from 'playwright-core';
import { expect } from 'vitest';
import { must, pollUntil, type ApiSession } from './session.js';

export const TWILIO_SID = 'AC0123456789abcdef0123456789abcdef';
export const TWILIO_TOKEN = 'wallet-e2e-auth-token-0123456789';

/** A Twilio SMS account whose REST calls go to `apiBaseUrl` (a local fake); nothing leaves the machine. */
export async function createTwilioSmsAccount(admin: ApiSession, input: { name: string; apiBaseUrl: string }): Promise<{ id: number; name: string; timeZone: string }> {
  return must(admin, 'POST', '/api/sms-accounts', {
    provider: 'twilio',
    name: input.name,
    credentials: { accountSid: TWILIO_SID, authToken: TWILIO_TOKEN },
    senderId: '+15005550006',
    settings: { apiBaseUrl: input.apiBaseUrl },
    currency: 'CNY',
    timeZone: 'Asia/Shanghai',
  });
}

/**
 * Sends real SMS through the pipeline so the statistics have bars: a top-up to pay for them, one
 * customer per number, a transactional SMS template, a campaign started and awaited until finished.
 * Returns the campaign id.
 */
export async function sendSmsCampaign(
  admin: ApiSession,
  input: { account: string; phones: readonly string[]; body: string; topUpMinor: number; timeoutMs?: number },
): Promise<number> {
  const tag = Math.random().toString(36).slice(2, 8);
  const booked = await admin.call('POST', `/api/wallet/${encodeURIComponent(input.account)}/topups`, { amountMinor: input.topUpMinor, reference: `seed-${tag}` }, { 'idempotency-key': `seed-${tag}` });
  if (booked.status !== 201) throw new Error(`seed top-up answered ${booked.status}: ${booked.text}`);
  const customerIds: number[] = [];
  for (const [i, phone] of input.phones.entries()) {
    customerIds.push((await must<{ id: number }>(admin, 'POST', '/api/customers', { name: `SMS Customer ${i + 1}`, phones: [phone] })).id);
  }
  const template = await must<{ id: number }>(admin, 'POST', '/api/templates', {
    name: `wallet-e2e-${tag}`,
    channel: 'sms',
    version: { bodyFormat: 'text', body: input.body, isMarketing: false },
  });
  const campaign = await must<{ id: number }>(admin, 'POST', '/api/campaigns', {
    name: `Wallet e2e ${tag}`,
    channel: 'sms',
    smsAccount: input.account,
    template: template.id,
    audience: { customerIds },
  });
  await must(admin, 'POST', `/api/campaigns/${campaign.id}/start`, {});
  return pollUntil(
    `campaign ${campaign.id} to finish`,
    async () => {
      const detail = await must<{ status: string; statusReason: string | null }>(admin, 'GET', `/api/campaigns/${campaign.id}`);
      if (['failed', 'cancelled', 'paused'].includes(detail.status)) throw new Error(`campaign ${campaign.id} ended ${detail.status}: ${detail.statusReason}`);
      return detail.status === 'finished' ? campaign.id : undefined;
    },
    input.timeoutMs ?? 30_000,
  );
}

/** Opens the wallet from the main menu and waits for the balance. */
export async function openWallet(page: Page): Promise<void> {
  await page.getByRole('navigation', { name: /Main menu|主菜单/ }).getByRole('link', { name: /SMS wallet|短信钱包/ }).click();
  await page.getByTestId('wallet-balance').waitFor();
}

/** The balance shown, in minor units (from the element's data, the text is formatted). */
export async function readBalanceMinor(page: Page): Promise<number> {
  return Number(await page.getByTestId('wallet-balance').getAttribute('data-minor'));
}

/**
 * Tops up through the form. `presses` > 1 submits the form that many times in the same task, the
 * way a double click lands before the page re-renders.
 */
export async function topUpViaForm(page: Page, input: { amount: string; reference: string; presses?: number }): Promise<void> {
  const form = page.getByTestId('topup-form');
  await form.getByLabel(/Amount|金额/).fill(input.amount);
  await form.getByLabel(/Payment reference|付款凭证号/).fill(input.reference);
  const presses = input.presses ?? 1;
  if (presses === 1) await form.getByRole('button', { name: /Top up|充值/ }).click();
  else await form.evaluate((f, n) => Array.from({ length: n }, () => (f as unknown as { requestSubmit(): void }).requestSubmit()), presses);
  await form.getByRole('status').filter({ hasText: /booked|记账|已充值/ }).waitFor();
}

/** Chooses a quick range (English button names) and the granularity, and waits for the chart. */
export async function setStatsRange(page: Page, input: { preset?: 'This month' | 'Last month' | 'Last 30 days'; from?: string; to?: string; by?: 'Day' | 'Month' }): Promise<void> {
  const stats = page.getByRole('region', { name: 'Usage statistics' });
  if (input.preset) await stats.getByRole('group', { name: 'Quick ranges' }).getByRole('button', { name: input.preset }).click();
  if (input.from) await stats.getByLabel('From').fill(input.from);
  if (input.to) await stats.getByLabel('To', { exact: true }).fill(input.to);
  if (input.by) await stats.getByLabel('Group by').selectOption({ label: input.by });
  await stats.getByTestId('stats-chart').waitFor();
}

/** The bars of the chart as drawn: period and value per bar. */
export async function readChartBars(page: Page): Promise<{ period: string; value: number }[]> {
  return page
    .getByTestId('stats-chart')
    .locator('rect.chart-bar')
    .evaluateAll((rects) => rects.map((r) => ({ period: r.getAttribute('data-period') ?? '', value: Number(r.getAttribute('data-value')) })));
}

/** Clicks "Export CSV" and returns the downloaded file's text and suggested name. */
export async function downloadStatsCsv(page: Page): Promise<{ name: string; text: string }> {
  const [download] = (await Promise.all([page.waitForEvent('download'), page.getByTestId('stats-csv').click()])) as [Download, void];
  const path = await download.path();
  const { readFile } = await import('node:fs/promises');
  return { name: download.suggestedFilename(), text: await readFile(path, 'utf8') };
}

/** Checks that the page refuses the wallet to this user: no menu entry, the forbidden notice at /wallet. */
export async function expectWalletForbidden(page: Page, baseUrl: string): Promise<void> {
  const links = page.getByRole('navigation', { name: /Main menu|主菜单/ }).getByRole('link');
  // allTextContents() does not wait: an empty menu would pass the check below vacuously.
  await expect.poll(() => links.count()).toBeGreaterThan(0);
  const menu = await links.allTextContents();
  expect(menu.some((label) => /SMS wallet|短信钱包/.test(label))).toBe(false);
  await page.goto(`${baseUrl}/wallet`);
  await page.getByTestId('forbidden').waitFor();
}

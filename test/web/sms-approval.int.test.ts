// Issue #20: SMS templates as providers see them, in the browser, with a sandbox SMS account (its
// reviewer approves at the first sync, no network). A marketer's SMS campaign is blocked on the
// review step while the template is not approved; on the template editor's "Provider approval"
// panel they submit it (under review), sync (approved), and the campaign then goes out.
// In English and in Chinese.
import { randomBytes } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeInBrowser, launchChromium, screenshot, watchConsole } from '../helpers/browser.js';
import { startWebServer, type WebServer } from '../helpers/web-server.js';
import { createCustomers, createGroupWith, fillWizardToReview } from './flows/campaigns.js';
import { apiSession, must, signInInBrowser, type ApiSession } from './flows/session.js';
import { openTemplate } from './flows/templates.js';

const RUN = randomBytes(3).toString('hex');
const MARKETER = { username: `appr-${RUN}`, role: 'marketer', password: `appr-${RUN}-Approved`, displayName: 'Ada Approver' };
const ACCOUNT = `sbx-${RUN}`;

await describeInBrowser([], 'web UI: an SMS template approved by the provider before the campaign goes out (sandbox)', () => {
  let server: WebServer;
  let browser: Browser;
  let marketer: ApiSession;
  let accountId: number;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startWebServer(), launchChromium()]);
    const admin = await apiSession(server.url, 'admin', server.adminPassword);
    await must(admin, 'POST', '/api/users', MARKETER);
    accountId = (await must<{ id: number }>(admin, 'POST', '/api/sms-accounts', { provider: 'sandbox', name: ACCOUNT, signature: '示例贸易', isDefault: true })).id;
    await must(admin, 'POST', `/api/wallet/${ACCOUNT}/topups`, { amountMinor: 100_000, reference: 'seed' }, { 'idempotency-key': `seed-${RUN}` });
    marketer = await apiSession(server.url, MARKETER.username, MARKETER.password);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function newPage(locale: string): Promise<{ page: Page; errors: string[] }> {
    const context = await browser.newContext({ locale, viewport: { width: 1280, height: 1000 } });
    const page = await context.newPage();
    return { page, errors: watchConsole(page, [/401 \(Unauthorized\)/]) };
  }

  for (const locale of ['en', 'zh-CN'] as const) {
    const zh = locale === 'zh-CN';
    const L = (en: string, cn: string) => (zh ? cn : en);

    it(`${locale}: blocked while not approved; submit → under review → sync → approved; then sent`, async () => {
      const tag = zh ? 'z' : 'e';
      const template = `回访短信-${RUN}-${tag}`;
      const group = `回访-${RUN}-${tag}`;
      await must(marketer, 'POST', '/api/templates', { name: template, channel: 'sms', version: { bodyFormat: 'text', body: '{{customer.displayName}}您好，感谢您的惠顾。', isMarketing: false } });
      const customers = await createCustomers(marketer, [
        { name: `张伟${tag}`, phone: `+86138${zh ? '1' : '2'}0000001` },
        { name: `李娜${tag}`, phone: `+86138${zh ? '1' : '2'}0000002` },
      ]);
      await createGroupWith(marketer, group, customers);
      const { page, errors } = await newPage(locale);
      await signInInBrowser(page, server.url, MARKETER.username, MARKETER.password);
      const wizard = { name: `回访 ${RUN} ${tag}`, channel: 'sms' as const, groups: [group], template, expectReachable: 2 };

      // 1. The review step says the template is not approved and will not send it.
      await page.goto(`${server.url}/campaigns/new`);
      await fillWizardToReview(page, wizard);
      const approval = page.getByTestId('review-approval');
      await expect.poll(() => approval.getAttribute('data-status'), { timeout: 10_000 }).toBe('missing');
      await expect.poll(() => approval.textContent()).toMatch(zh ? /服务商审核.*提交审核/ : /Provider approval.*Submit it for approval/);
      expect(await page.getByRole('button', { name: L('Send now', '立即发送') }).isDisabled()).toBe(true);
      await screenshot(page, `sms-approval-${locale}-1-blocked`);

      // 2. The template editor's panel: submit (under review), sync (approved).
      await page.goto(`${server.url}/templates`);
      await openTemplate(page, template);
      const panel = page.getByTestId('approval-panel');
      await panel.getByRole('heading', { name: L('Provider approval', '服务商审核') }).waitFor();
      const status = panel.getByTestId(`approval-status-${accountId}-zh-CN`);
      await expect.poll(() => status.textContent()).toContain(L('Not submitted', '未提交'));
      await panel.getByRole('button', { name: L('Submit for approval', '提交审核') }).click();
      await expect.poll(() => status.textContent(), { timeout: 10_000 }).toContain(L('Under review', '审核中'));
      await screenshot(page, `sms-approval-${locale}-2-under-review`);
      await panel.getByRole('button', { name: L('Sync now', '立即同步') }).click();
      await expect.poll(() => status.textContent(), { timeout: 10_000 }).toContain(L('Approved', '已通过'));
      expect(await status.textContent()).toMatch(/SBX_[0-9A-F]{10}/);
      await screenshot(page, `sms-approval-${locale}-3-approved`);

      // 3. The campaign now passes the review step and goes out.
      await page.goto(`${server.url}/campaigns/new`);
      await fillWizardToReview(page, wizard);
      await expect.poll(() => approval.getAttribute('data-status'), { timeout: 10_000 }).toBe('approved');
      await expect.poll(() => approval.textContent()).toContain(L('The template is approved by the provider.', '模板已通过服务商审核。'));
      const send = page.getByRole('button', { name: L('Send now', '立即发送') });
      await expect.poll(() => send.isDisabled(), { timeout: 10_000 }).toBe(false);
      await screenshot(page, `sms-approval-${locale}-4-review-approved`);
      await send.click();
      await page.waitForURL(/\/campaigns\/\d+$/);
      const campaignId = Number(/\/campaigns\/(\d+)$/.exec(page.url())?.[1]);
      const progress = await must<{ status: string }>(marketer, 'GET', `/api/campaigns/${campaignId}`);
      expect(['running', 'finished']).toContain(progress.status);
      expect(errors).toEqual([]);
    });

    it(`${locale}: a signature (签名) is submitted with its proof on the SMS account screen, under review, then approved`, async () => {
      const { page, errors } = await newPage(locale);
      await signInInBrowser(page, server.url, MARKETER.username, MARKETER.password);
      await page.goto(`${server.url}/accounts/sms/${accountId}`);
      const panel = page.getByTestId('signatures-panel');
      await panel.getByRole('heading', { name: L('Signatures', '短信签名') }).waitFor({ timeout: 15_000 });
      const name = `示例${zh ? '甲' : '乙'}${RUN}`.slice(0, 12);
      await panel.getByLabel(L('Signature (without 【】)', '签名（不含【】）')).fill(name);
      await panel.getByLabel(L('What it is used for', '用途说明'), { exact: false }).fill(L('greetings to our customers', '客户节日问候'));
      // A 1×1 PNG as the business licence.
      await panel.getByLabel(L('Proof (business licence, app screenshot…)', '证明材料（营业执照、应用截图等）')).setInputFiles({
        name: 'licence.png',
        mimeType: 'image/png',
        buffer: Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64'),
      });
      await panel.getByRole('button', { name: L('Submit for approval', '提交审核') }).click();
      const item = panel.getByTestId(`signature-${name}`);
      await expect.poll(() => item.textContent(), { timeout: 10_000 }).toContain(L('Under review', '审核中'));
      await screenshot(page, `sms-signature-${locale}-under-review`);
      await item.getByRole('button', { name: L('Sync now', '立即同步') }).click();
      await expect.poll(() => item.textContent(), { timeout: 10_000 }).toContain(L('Approved', '已通过'));
      await screenshot(page, `sms-signature-${locale}-approved`);
      expect(errors).toEqual([]);
    });
  }
});

// A marketer adds a Tencent Cloud SMS account in a real browser against a real `tidings serve`:
// the provider's own fields with their hints, the SecretKey never shown again, the webhook link
// dialog naming Tencent's two callbacks, and a reply "R" pushed to that link answered the way
// Tencent expects. Walked in English and Chinese, with screenshots.
import { randomBytes } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeInBrowser, launchChromium, openPage, screenshot } from '../helpers/browser.js';
import { startWebServer, type WebServer } from '../helpers/web-server.js';
import { addSmsAccountInUi, smsRow } from './flows/accounts.js';
import { apiSession, must, signInInBrowser, type ApiSession } from './flows/session.js';

const run = randomBytes(3).toString('hex');
const MARKETER = { username: `tc-${run}`, password: 'marketer-password-1', role: 'marketer', displayName: 'Tina Tencent' };
const SECRET_KEY = `tencentSecretKey${run}XYZ`;

await describeInBrowser([], 'web UI: a Tencent Cloud SMS account', () => {
  let server: WebServer;
  let browser: Browser;
  let page: Page;
  let admin: ApiSession;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startWebServer({ TIDINGS_ALLOW_PRIVATE_HOSTS: '127.0.0.1/8,::1' }), launchChromium()]);
    admin = await apiSession(server.url, 'admin', server.adminPassword);
    await must(admin, 'POST', '/api/users', MARKETER);
    ({ page } = await openPage(browser, { locale: 'en-GB', allow: [/401 \(Unauthorized\)/] }));
    await signInInBrowser(page, server.url, MARKETER.username, MARKETER.password);
  }, 90_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('adds the account with its own fields; the key is never shown; the webhook link takes a Tencent reply', async () => {
    const name = `tencent-${run}`;
    await addSmsAccountInUi(page, server.url, {
      provider: 'Tencent Cloud SMS (腾讯云短信)',
      name,
      fields: { SecretId: `AKID${run}`, SecretKey: SECRET_KEY, 'SMS application SdkAppId': '1400006666', 'Template ID': '1234567' },
      signature: '某某公司',
      shoot: (p) => screenshot(p, 'accounts-sms-tencent-form'),
    });
    const row = smsRow(page, name);
    await expect.poll(() => row.locator('[data-credential="secretKey"]').textContent()).toBe('SecretKey: ••••');
    await expect.poll(() => row.textContent()).toContain('【某某公司】');
    expect(await page.content()).not.toContain(SECRET_KEY);
    const stored = await must<{ name: string; provider: string; settings: Record<string, unknown> }[]>(admin, 'GET', '/api/sms-accounts');
    expect(stored.find((a) => a.name === name)).toMatchObject({ provider: 'tencent', settings: { sdkAppId: '1400006666', templateId: '1234567' } });

    await row.getByRole('button', { name: `New webhook link: ${name}` }).click();
    await page.getByRole('dialog', { name: `New webhook link for ${name}?` }).getByRole('button', { name: 'New webhook link', exact: true }).click();
    const shown = page.getByRole('dialog', { name: `Webhook links for ${name}` });
    await expect.poll(() => shown.textContent()).toContain('Tencent Cloud console');
    const inboundUrl = await shown.getByLabel('Replies (reply callback)').inputValue();
    expect(await shown.getByLabel('Status reports (status callback)').inputValue()).toContain(`/webhooks/sms/${name}/status?token=`);
    await screenshot(page, 'accounts-sms-tencent-webhook-link');
    await shown.getByRole('button', { name: 'Close' }).click();

    const { pathname, search } = new URL(inboundUrl);
    const reply = { extend: '', mobile: '13800138009', nationcode: '86', sign: '某某公司', text: 'R', time: 1772384400 };
    const pushed = await fetch(`${server.url}${pathname}${search}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(reply) });
    expect(pushed.status).toBe(200);
    expect(await pushed.json()).toEqual({ result: 0, errmsg: 'OK' });
    const forged = await fetch(`${server.url}${pathname}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(reply) });
    expect(forged.status).toBe(401);
  });

  it('speaks Chinese: the Tencent form and its hints', async () => {
    const { page: zh } = await openPage(browser, { locale: 'zh-CN', allow: [/401 \(Unauthorized\)/] });
    await signInInBrowser(zh, server.url, MARKETER.username, MARKETER.password);
    await zh.goto(`${server.url}/accounts/sms/new`);
    await zh.getByLabel('服务商').selectOption({ label: '腾讯云短信' });
    await zh.getByLabel('短信应用 SdkAppId').waitFor();
    await expect.poll(() => zh.getByText('短信控制台 → 应用管理：以 1400 开头的数字。').count()).toBe(1);
    await expect.poll(() => zh.getByLabel('SecretKey').getAttribute('type')).toBe('password');
    await zh.getByLabel('模板 ID（可选）').waitFor();
    await screenshot(zh, 'accounts-sms-tencent-form-zh-CN');
    await zh.close();
  });
});

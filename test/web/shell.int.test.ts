// The UI's frame in a real browser against a real `tidings serve`: sign-in, language, role menus.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeInBrowser, launchChromium, openPage, screenshot } from '../helpers/browser.js';
import { startWebServer, type WebServer } from '../helpers/web-server.js';

await describeInBrowser([], 'web UI shell: sign-in, languages, menus per role', () => {
  let server: WebServer;
  let browser: Browser;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startWebServer(), launchChromium()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  // The first /api/auth/me before sign-in answers 401 on purpose.
  const newPage = (locale: string) => openPage(browser, { locale, allow: [/401 \(Unauthorized\)/] });


  it('serves the page shell at / and for deep links, JSON 404s for unknown API paths', async () => {
    for (const path of ['/', '/customers/12', '/wallet']) {
      const response = await fetch(`${server.url}${path}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/text\/html/);
      expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
      expect(await response.text()).toContain('<div id="app">');
    }
    const api = await fetch(`${server.url}/api/no-such-thing`);
    expect(api.status).toBe(404);
    expect(((await api.json()) as { error: { code: string } }).error.code).toBe('NOT_FOUND');
    const asset = /src="(\/assets\/[^"]+\.js)"/.exec(await (await fetch(server.url)).text())?.[1];
    const script = await fetch(`${server.url}${asset}`);
    expect(script.status).toBe(200);
    expect(script.headers.get('cache-control')).toContain('immutable');
  });

  it('speaks the browser language, switches language, refuses a wrong password, and signs in', async () => {
    const { page, errors } = await newPage('zh-CN');
    await page.goto(server.url);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('登录 Tidings');
    await page.getByLabel('语言').selectOption('en');
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Sign in to Tidings');
    await screenshot(page, '01-sign-in');

    await page.getByLabel(/User name/).fill('admin');
    await page.getByLabel(/Password/).fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/AUTH_/);

    await page.getByLabel(/Password/).fill(server.adminPassword);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('navigation', { name: 'Main menu' }).waitFor();
    await expect
      .poll(() => page.getByRole('navigation', { name: 'Main menu' }).getByRole('link').allTextContents())
      .toEqual(['Overview', 'Customers', 'Campaigns', 'Templates', 'Inbox', 'Accounts', 'SMS wallet', 'Users', 'Company']);
    await screenshot(page, '02-overview-admin');

    // The choice survives a reload; keyboard users get a skip link first.
    await page.reload();
    await page.getByRole('navigation', { name: 'Main menu' }).waitFor();
    await page.keyboard.press('Tab');
    await expect.poll(() => page.evaluate('document.activeElement?.textContent')).toBe('Skip to content');
    expect(errors.filter((e) => !/401|AUTH_/.test(e))).toEqual([]);
  });
});

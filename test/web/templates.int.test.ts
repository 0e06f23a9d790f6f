// Issue #12, templates: a marketer installs the built-in templates, edits one and watches the live
// preview follow the typing for a chosen customer, sees a compile error with its line, saves a
// version, test-sends it through the local Postfix (read back over IMAP), and watches an SMS
// template's part count go from 1 to 2 past 70 Chinese characters; screenshots in en and zh-CN.
import { randomBytes } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeInBrowser, launchChromium, openPage, screenshot } from '../helpers/browser.js';
import { startWebServer, type WebServer } from '../helpers/web-server.js';
import { createCustomers, newestMail } from './flows/campaigns.js';
import { apiSession, createLocalMailAccount, must, signInInBrowser } from './flows/session.js';
import {
  choosePreviewCustomer,
  editBody,
  installBuiltinTemplates,
  listedTemplateNames,
  openTemplate,
  openTemplates,
  previewBodyText,
  previewSubject,
  saveVersion,
  sendTest,
  smsCount,
  typeSubject,
} from './flows/templates.js';

const RUN = randomBytes(3).toString('hex');
const MARKETER = { username: `marketer-${RUN}`, role: 'marketer', password: `marketer-${RUN}-Templates`, displayName: 'Mia Marketer' };

await describeInBrowser(['submission', 'imap'], 'web UI: templates (editor, live preview, test send, SMS parts)', () => {
  let server: WebServer;
  let browser: Browser;
  let customerId: number;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startWebServer({ TIDINGS_ALLOW_PRIVATE_HOSTS: '127.0.0.1/8,::1', SEND_SMTP_ALLOW_SELF_SIGNED: '1' }), launchChromium()]);
    const admin = await apiSession(server.url, 'admin', server.adminPassword);
    await must(admin, 'POST', '/api/users', MARKETER);
    await createLocalMailAccount(admin, { name: 'marketing', address: 'sender@example.test', isDefault: true });
    [customerId] = (await createCustomers(admin, [{ name: `欧阳娜娜`, email: `${RUN}-x@example.test` }])) as [number];
  }, 90_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  // 401: the first /api/auth/me before sign-in; 422: the compile error typed on purpose.
  const newPage = (locale: string) => openPage(browser, { locale, allow: [/401 \(Unauthorized\)/, /422 \(Unprocessable Entity\)/] });


  it('built-ins installed; the preview follows the typing for a chosen customer; save; test send read back over IMAP', async () => {
    const { page, errors } = await newPage('en');
    await signInInBrowser(page, server.url, MARKETER.username, MARKETER.password);
    await openTemplates(page);
    await installBuiltinTemplates(page);
    await expect.poll(() => listedTemplateNames(page)).toEqual(expect.arrayContaining(['spring-festival', 'birthday', 'handwritten-letter', 'birthday-sms']));
    await screenshot(page, 'templates-list-en');

    await openTemplate(page, 'handwritten-letter');
    await choosePreviewCustomer(page, RUN, customerId);
    // The built-in subject merges the customer's name.
    await expect.poll(() => previewSubject(page), { timeout: 10_000 }).toContain(`欧阳娜娜`);

    await typeSubject(page, `New season for {{customer.displayName}} ${RUN}`);
    await expect.poll(() => previewSubject(page), { timeout: 10_000 }).toBe(`New season for 欧阳娜娜 ${RUN}`);
    await editBody(page, (body) => body.replace('</mj-column>', `<mj-text>Dear {{customer.displayName}}, code ${RUN}</mj-text></mj-column>`));
    await expect.poll(() => previewBodyText(page), { timeout: 10_000 }).toContain(`Dear 欧阳娜娜, code ${RUN}`);
    await expect.poll(() => page.locator('iframe.preview').getAttribute('sandbox')).toBe('');
    await expect.poll(() => page.getByTestId('save-state').textContent()).toBe('Unsaved changes');
    await screenshot(page, 'template-editor-en');

    // A malformed merge tag: the preview names the line; fixing it clears the error.
    await editBody(page, (body) => `${body}\n{{#if}}`);
    await expect.poll(() => page.getByTestId('compile-error').textContent(), { timeout: 10_000 }).toMatch(/Line \d+.*TEMPLATE_SYNTAX_INVALID/);
    await editBody(page, (body) => body.replace('\n{{#if}}', ''));
    await expect.poll(() => page.getByTestId('compile-error').count(), { timeout: 10_000 }).toBe(0);

    expect(await saveVersion(page)).toBe(2);
    await expect.poll(() => page.getByTestId('save-state').textContent()).toBe('Same as version 2');
    const to = `${RUN}-test@example.test`;
    await sendTest(page, to);
    await expect.poll(async () => (await newestMail(to))?.subject, { timeout: 15_000 }).toBe(`[TEST] New season for 欧阳娜娜 ${RUN}`);
    expect((await newestMail(to))?.html || '').toContain(`Dear 欧阳娜娜, code ${RUN}`);
    expect(errors).toEqual([]);
  });

  it('SMS: part count goes from 1 to 2 past 70 Chinese characters; the editor in Chinese', async () => {
    const { page, errors } = await newPage('zh-CN');
    await signInInBrowser(page, server.url, MARKETER.username, MARKETER.password);
    await openTemplates(page);
    await openTemplate(page, 'birthday-sms');
    await choosePreviewCustomer(page, RUN, customerId);
    await expect.poll(() => page.getByTestId('sms-text').textContent(), { timeout: 10_000 }).toContain('娜娜');
    await expect.poll(async () => (await smsCount(page)).parts).toBe(1);
    const short = await smsCount(page);
    expect(short.characters).toBeLessThanOrEqual(70);

    await editBody(page, (body) => body + '感谢'.repeat(Math.ceil((71 - short.characters) / 2)));
    await expect.poll(async () => (await smsCount(page)).parts, { timeout: 10_000 }).toBe(2);
    expect((await smsCount(page)).characters).toBeGreaterThan(70);
    await expect.poll(() => page.getByTestId('sms-count').textContent()).toMatch(/2 条/);
    await screenshot(page, 'template-sms-zh-CN');

    await page.goto(`${server.url}/templates`);
    await openTemplate(page, 'spring-festival');
    await choosePreviewCustomer(page, RUN, customerId);
    await expect.poll(() => previewBodyText(page), { timeout: 10_000 }).toContain('娜娜');
    await screenshot(page, 'template-editor-zh-CN');

    // A new SMS template: written, previewed, created, then opened in the editor at version 1.
    await page.goto(`${server.url}/templates`);
    await page.getByRole('link', { name: '新建模板' }).click();
    await page.getByRole('textbox', { name: /^名称/ }).fill(`短信-${RUN}`);
    await page.getByRole('combobox', { name: '渠道' }).selectOption('sms');
    await editBody(page, () => '{{greeting}}新品到店，欢迎光临。');
    await expect.poll(() => page.getByTestId('sms-text').textContent(), { timeout: 10_000 }).toContain('新品到店');
    await page.getByRole('button', { name: '创建模板' }).click();
    await page.waitForURL(/\/templates\/\d+$/);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe(`模板“短信-${RUN}”`);
    await expect.poll(() => page.getByTestId('save-state').textContent()).toBe('与第 1 版相同');
    expect(errors).toEqual([]);
  });
});

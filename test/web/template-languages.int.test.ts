// Templates in several languages: a marketer writes one template with a Chinese and an English
// variant, previews it for an English (en-GB) and a Chinese customer, and sees which variant each
// gets and the fallback chain that chose it; in the English and in the Chinese UI.
import { randomBytes } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeInBrowser, launchChromium, openPage, screenshot } from '../helpers/browser.js';
import { startWebServer, type WebServer } from '../helpers/web-server.js';
import { apiSession, must, signInInBrowser } from './flows/session.js';
import { choosePreviewCustomer, editBody, openTemplate, openTemplates, previewBodyText, previewSubject, typeSubject } from './flows/templates.js';

const RUN = randomBytes(3).toString('hex');
const MARKETER = { username: `marketer-${RUN}`, role: 'marketer', password: `marketer-${RUN}-Languages`, displayName: 'Lena Languages' };
const NAME = `bilingual-${RUN}`;
const MJML = (text: string) => `<mjml>\n  <mj-body>\n    <mj-section>\n      <mj-column>\n        <mj-text>{{greeting}} ${text}</mj-text>\n      </mj-column>\n    </mj-section>\n  </mj-body>\n</mjml>\n`;

/** The variant the preview shows and its chain line. */
const chosenLanguage = (page: Page) => page.getByTestId('preview-variant').getAttribute('data-language');
const chainLine = async (page: Page) => (await page.getByTestId('preview-chain').textContent()) ?? '';

await describeInBrowser([], 'web UI: a template in several languages (tabs, per-customer variant, fallback chain)', () => {
  let server: WebServer;
  let browser: Browser;
  let english: number;
  let chinese: number;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startWebServer(), launchChromium()]);
    const admin = await apiSession(server.url, 'admin', server.adminPassword);
    await must(admin, 'POST', '/api/users', MARKETER);
    const customer = async (name: string, language: string) =>
      (await must<{ id: number }>(admin, 'POST', '/api/customers', { name, language, emails: [`${RUN}-${language}@example.test`] })).id;
    english = await customer('Mr John Brown', 'en-GB');
    chinese = await customer('王芳女士', 'zh-CN');
  }, 90_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const newPage = (locale: string) => openPage(browser, { locale, allow: [/401 \(Unauthorized\)/] });

  it('English UI: writes zh-CN and en variants, previews each customer in their language with the chain, creates the template', async () => {
    const { page, errors } = await newPage('en');
    await signInInBrowser(page, server.url, MARKETER.username, MARKETER.password);
    await openTemplates(page);
    await page.getByRole('link', { name: 'New template' }).click();
    await page.getByRole('textbox', { name: /^Name/ }).fill(NAME);

    // The default tab: Chinese.
    await expect.poll(() => page.getByRole('tab', { selected: true }).textContent()).toBe('zh-CN (default)');
    await typeSubject(page, '新春快乐 {{customer.displayName}}');
    await editBody(page, () => MJML(`新春快乐 ${RUN}`));

    // Add English: a new tab, a copy of the Chinese one, then translated.
    await page.getByRole('textbox', { name: 'Add a language' }).fill('en');
    await page.getByRole('button', { name: 'Add language' }).click();
    await expect.poll(() => page.getByRole('tab', { selected: true }).textContent()).toBe('en');
    await expect.poll(() => page.getByTestId('template-body').inputValue()).toContain(`新春快乐 ${RUN}`);
    await typeSubject(page, 'Happy new year {{customer.displayName}}');
    await editBody(page, () => MJML(`Happy new year ${RUN}`));
    // A language twice is refused before it reaches the server.
    await page.getByRole('textbox', { name: 'Add a language' }).fill('EN');
    await page.getByRole('button', { name: 'Add language' }).click();
    await page.getByText('This template already has en.').waitFor();
    expect(await page.getByRole('tab').count()).toBe(2);

    await choosePreviewCustomer(page, RUN, english);
    await expect.poll(() => chosenLanguage(page), { timeout: 15_000 }).toBe('en');
    await expect.poll(() => chainLine(page)).toBe('Chosen by: en-GB → en ✓');
    await expect.poll(() => previewSubject(page)).toBe('Happy new year John Brown');
    await expect.poll(() => previewBodyText(page)).toContain(`Dear Mr Brown, Happy new year ${RUN}`);
    await screenshot(page, 'template-languages-en');

    await choosePreviewCustomer(page, RUN, chinese);
    await expect.poll(() => chosenLanguage(page), { timeout: 15_000 }).toBe('zh-CN');
    await expect.poll(() => chainLine(page)).toBe('Chosen by: zh-CN ✓');
    await expect.poll(() => previewSubject(page)).toBe('新春快乐 王芳');
    await expect.poll(() => previewBodyText(page)).toContain(`尊敬的王女士： 新春快乐 ${RUN}`);

    await page.getByRole('button', { name: 'Create template' }).click();
    await page.waitForURL(/\/templates\/\d+$/);
    await expect.poll(() => page.getByRole('tab').allTextContents()).toEqual(['zh-CN (default)', 'en']);
    expect(errors).toEqual([]);
  });

  it('Chinese UI: the saved template previews the English customer in English and shows the chain', async () => {
    const { page, errors } = await newPage('zh-CN');
    await signInInBrowser(page, server.url, MARKETER.username, MARKETER.password);
    await openTemplates(page);
    await openTemplate(page, NAME);
    await expect.poll(() => page.getByRole('tab').allTextContents()).toEqual(['zh-CN（默认）', 'en']);
    await choosePreviewCustomer(page, RUN, english);
    await expect.poll(() => chosenLanguage(page), { timeout: 15_000 }).toBe('en');
    await expect.poll(() => chainLine(page)).toBe('选择过程：en-GB → en ✓');
    await expect.poll(() => previewSubject(page)).toBe('Happy new year John Brown');
    await choosePreviewCustomer(page, RUN, chinese);
    await expect.poll(() => chosenLanguage(page), { timeout: 15_000 }).toBe('zh-CN');
    await expect.poll(() => page.getByTestId('preview-variant').textContent()).toContain('语言版本：zh-CN');
    await screenshot(page, 'template-languages-zh-CN');
    expect(errors).toEqual([]);
  });
});

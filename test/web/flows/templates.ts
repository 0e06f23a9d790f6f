// Steps of the templates e2e (issue #12), reusable in the acceptance flow: installing the
// built-in templates, the editor with its live preview for a chosen customer, SMS part counting,
// saving a version and a test send.
import type { Page } from 'playwright-core';
import { expect } from 'vitest';

const either = (en: string, zh: string) => new RegExp(`^(${en}|${zh})`);

/** Opens the templates list from the main menu. */
export async function openTemplates(page: Page): Promise<void> {
  await page.getByRole('navigation', { name: /Main menu|主菜单/ }).getByRole('link', { name: /^(Templates|模板)$/ }).click();
  await page.getByRole('heading', { level: 1, name: /^(Templates|模板)$/ }).waitFor();
}

/** Presses "Install built-in templates" and waits for the summary and a list of more than five. */
export async function installBuiltinTemplates(page: Page): Promise<void> {
  await page.getByRole('button', { name: either('Install built-in templates', '安装内置模板') }).click();
  await page.getByRole('status').filter({ hasText: /Built-in templates|内置模板/ }).waitFor();
  await expect.poll(() => page.locator('table tbody tr').count()).toBeGreaterThan(5);
}

/**
 * The template names the list shows now. A one-time read (the list may still be rendering): assert
 * on it with `expect.poll`.
 */
export async function listedTemplateNames(page: Page): Promise<string[]> {
  return page.locator('table tbody th a').allTextContents();
}

/** Opens a template from the list by name and waits for its preview. */
export async function openTemplate(page: Page, name: string): Promise<void> {
  await page.getByRole('link', { name, exact: true }).click();
  await page.getByRole('heading', { level: 1, name: new RegExp(name) }).waitFor();
  await page.getByTestId('preview-subject').or(page.getByTestId('sms-text')).first().waitFor();
}

/** Searches for a customer and previews for them (by id, once the search found them). */
export async function choosePreviewCustomer(page: Page, search: string, customerId: number): Promise<void> {
  await page.getByRole('searchbox', { name: /Find a customer|查找客户/ }).fill(search);
  await page.getByLabel(/^(Preview for|预览对象)$/).selectOption(String(customerId));
}

/** The subject line of the email preview. */
export async function previewSubject(page: Page): Promise<string> {
  return (await page.getByTestId('preview-subject').textContent()) ?? '';
}

/** The text of the email preview's document (inside the sandboxed iframe). */
export async function previewBodyText(page: Page): Promise<string> {
  return (await page.frameLocator('iframe.preview').locator('body').textContent()) ?? '';
}

/** Replaces the subject with `subject`. */
export async function typeSubject(page: Page, subject: string): Promise<void> {
  await page.getByRole('textbox', { name: /^(Subject|主题)/ }).fill(subject);
}

/** Edits the body: `edit` gets the current text and returns the new one, which is typed in. */
export async function editBody(page: Page, edit: (body: string) => string): Promise<void> {
  const body = page.getByTestId('template-body');
  await body.fill(edit(await body.inputValue()));
}

/** Saves the edit as a new version; returns its number. */
export async function saveVersion(page: Page): Promise<number> {
  await page.getByRole('button', { name: either('Save as new version', '保存为新版本') }).click();
  const notice = page.getByRole('status').filter({ hasText: /Saved as version|已保存为第/ });
  await notice.waitFor();
  return Number(/(\d+)/.exec((await notice.textContent()) ?? '')?.[1]);
}

/** Sends a test of the saved version to `to` and waits for the confirmation. */
export async function sendTest(page: Page, to: string): Promise<void> {
  await page.getByRole('textbox', { name: /Send a test to|测试收件地址/ }).fill(to);
  await page.getByRole('button', { name: either('Send test', '发送测试') }).click();
  await page.getByRole('status').filter({ hasText: /Test sent to|测试邮件已发到/ }).waitFor();
}

/** SMS preview: characters and parts (from the facts line's data attributes). */
export async function smsCount(page: Page): Promise<{ characters: number; parts: number | null }> {
  const facts = page.getByTestId('sms-count');
  const parts = await facts.getAttribute('data-parts');
  return { characters: Number(await facts.getAttribute('data-characters')), parts: parts ? Number(parts) : null };
}

// The overview's reminder list in the browser: find a customer's birthday on the overview, press
// "send the greeting", check the one-off compose opened with the customer and the greeting
// template chosen, and send it. Shared by the care e2e (and its lunar-birthday import extension).
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { must, type ApiSession } from './session.js';
import type { Shoot } from './customers.js';

/** The texts these steps read, per UI language. */
export const DUE = {
  en: {
    dueHeading: 'What is due',
    birthdaysTitle: /^Birthdays in the next \d+ days$/,
    sendGreetingTo: (name: string) => `Send the greeting to ${name}`,
    composeTitle: (name: string) => `Email ${name}`,
    useTemplate: 'Use a saved template',
    template: 'Template',
    send: 'Send',
    sentTo: 'On its way to 1 recipient(s).',
    inDays: (n: number) => (n === 0 ? 'today' : n === 1 ? 'tomorrow' : `in ${n} days`),
    mySettings: 'My settings',
    emailLabel: 'My email address',
    save: 'Save',
    noEmail: 'No digest is sent: give your email address above.',
    digestOn: (email: string) => new RegExp(`^Your digest goes to ${email} every morning at 08:00 \\(`),
  },
  'zh-CN': {
    dueHeading: '待办事项',
    birthdaysTitle: /^未来 \d+ 天的客户生日$/,
    sendGreetingTo: (name: string) => `给 ${name} 发送祝福`,
    composeTitle: (name: string) => `给 ${name} 发邮件`,
    useTemplate: '使用已存模板',
    template: '模板',
    send: '发送',
    sentTo: '正在发送给 1 位收件人。',
    inDays: (n: number) => (n === 0 ? '今天' : n === 1 ? '明天' : `还有 ${n} 天`),
    mySettings: '我的设置',
    emailLabel: '我的邮箱地址',
    save: '保存',
    noEmail: '不会发送提醒邮件：请在上方填写您的邮箱地址。',
    digestOn: (email: string) => new RegExp(`^每天 08:00（.*）将提醒邮件发送到 ${email}。`),
  },
} as const;
export type DueLang = keyof typeof DUE;

/** `YYYY-MM-DD` `days` from now on the company's clock (Asia/Shanghai by default). */
export function dateInDays(days: number, zone = 'Asia/Shanghai', now = new Date()): string {
  const shifted = new Date(now.getTime() + days * 86_400_000);
  return new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(shifted);
}

/** Installs the bundled templates (the birthday and holiday greetings "send the greeting" fills in); returns the birthday template's id. */
export async function installGreetings(admin: ApiSession): Promise<number> {
  const installed = await must<{ key: string; templateId: number }[]>(admin, 'POST', '/api/templates/builtins', {});
  const birthday = installed.find((r) => r.key === 'birthday');
  if (!birthday) throw new Error('the built-in birthday template was not installed');
  return birthday.templateId;
}

/** Opens the overview and returns the birthday line of `name` once the reminder list shows it. */
export async function findBirthdayOnOverview(page: Page, baseUrl: string, lang: DueLang, name: string) {
  await page.goto(`${baseUrl}/`);
  const card = page.getByTestId('due-birthdays');
  await page.getByRole('heading', { name: DUE[lang].dueHeading }).waitFor({ timeout: 15_000 });
  await expect.poll(() => card.getByRole('heading').textContent(), { timeout: 15_000 }).toMatch(DUE[lang].birthdaysTitle);
  const item = card.getByTestId('birthday-item').filter({ hasText: name });
  await expect.poll(() => item.count(), { timeout: 15_000 }).toBe(1);
  return item;
}

/**
 * Presses "send the greeting" for `name` on the overview: the one-off compose opens for that
 * customer with the saved-template choice on `templateId`; waits for the server's preview of the
 * message and returns its subject (what the customer will read, in their language), then sends
 * and waits for "on its way".
 */
export async function sendGreetingFromOverview(page: Page, lang: DueLang, name: string, templateId: number, shoot?: Shoot): Promise<string> {
  const t = DUE[lang];
  await page.getByRole('link', { name: t.sendGreetingTo(name), exact: true }).click();
  await expect.poll(() => page.url()).toMatch(new RegExp(`/customers/\\d+\\?compose=1&template=${templateId}$`));
  const dialog = page.getByRole('dialog', { name: t.composeTitle(name) });
  await dialog.waitFor({ timeout: 15_000 });
  expect(await dialog.getByRole('radio', { name: t.useTemplate }).isChecked()).toBe(true);
  await expect.poll(() => dialog.getByLabel(t.template, { exact: true }).inputValue(), { timeout: 15_000 }).toBe(String(templateId));
  const subject = dialog.getByTestId('preview-subject');
  await expect.poll(() => subject.count(), { timeout: 15_000 }).toBe(1);
  const previewed = (await subject.textContent()) ?? '';
  await shoot?.(page, `greeting-compose-${lang}`);
  await dialog.getByRole('button', { name: t.send, exact: true }).click();
  await expect.poll(() => page.getByRole('dialog').getByText(t.sentTo).count(), { timeout: 15_000 }).toBe(1);
  return previewed;
}

/**
 * From the overview, opens "My settings"; with no address saved (emptied first) it says no digest
 * goes out; given the person's own email and saved, it says where and when the digest goes.
 */
export async function giveOwnEmailInSettings(page: Page, lang: DueLang, email: string, shoot?: Shoot): Promise<void> {
  const t = DUE[lang];
  await page.getByRole('link', { name: t.mySettings, exact: true }).click();
  const status = page.getByTestId('digest-status');
  const field = page.getByLabel(t.emailLabel);
  await field.waitFor({ timeout: 15_000 });
  await field.fill('');
  await page.getByRole('button', { name: t.save, exact: true }).click();
  await expect.poll(() => status.textContent(), { timeout: 15_000 }).toContain(t.noEmail);
  await field.fill(email);
  await page.getByRole('button', { name: t.save, exact: true }).click();
  await expect.poll(() => status.textContent(), { timeout: 15_000 }).toMatch(t.digestOn(email));
  await shoot?.(page, `my-settings-${lang}`);
}

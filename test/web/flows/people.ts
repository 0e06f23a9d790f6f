// What a person does at the door, in the browser: sign in with the language picked on the sign-in
// page, replace a one-time password on the forced-change screen, and (as admin) add a user on the
// Users screen and note the one-time password it shows once. Shared by the journeys e2e.
import type { Page } from 'playwright-core';
import { expect } from 'vitest';

/** The texts these steps read, per UI language. */
export const DOOR = {
  en: { signInTitle: 'Sign in · Tidings', signIn: 'Sign in', forcedHeading: 'Choose your own password', menu: 'Main menu', submitPassword: 'Change password', users: 'Users', usersTitle: 'Users · Tidings', add: 'Add', close: 'Close', signOut: 'Sign out' },
  'zh-CN': { signInTitle: '登录 · Tidings', signIn: '登录', forcedHeading: '设置您自己的密码', menu: '主菜单', submitPassword: '修改密码', users: '用户', usersTitle: '用户 · Tidings', add: '添加', close: '关闭', signOut: '退出登录' },
} as const;
export type DoorLang = keyof typeof DOOR;

/** Opens the sign-in page, picks `lang` there and signs in (no wait beyond the click). */
export async function signInAs(page: Page, url: string, lang: DoorLang, username: string, password: string): Promise<void> {
  await page.goto(url);
  await page.getByLabel(/Language|语言/).selectOption(lang);
  await expect.poll(() => page.title()).toBe(DOOR[lang].signInTitle);
  await page.locator('input[name="username"]').fill(username);
  await page.locator('input[name="password"]').fill(password);
  await page.getByRole('button', { name: DOOR[lang].signIn, exact: true }).click();
}

/** On the forced-change screen (no menu shown), replaces the one-time password; waits for the menu. */
export async function chooseOwnPassword(page: Page, lang: DoorLang, oneTime: string, next: string): Promise<void> {
  await page.getByRole('heading', { level: 1, name: DOOR[lang].forcedHeading }).waitFor({ timeout: 30_000 });
  expect(await page.getByRole('navigation', { name: DOOR[lang].menu }).count()).toBe(0);
  await page.locator('input[name="current-password"]').fill(oneTime);
  await page.locator('input[name="new-password"]').fill(next);
  await page.locator('input[name="repeat-password"]').fill(next);
  await page.getByRole('button', { name: DOOR[lang].submitPassword, exact: true }).click();
  await page.getByRole('navigation', { name: DOOR[lang].menu }).waitFor({ timeout: 30_000 });
}

/** On the Users screen: adds a person and returns the one-time password shown for them. */
export async function addUserInUi(page: Page, lang: DoorLang, person: { displayName: string; username: string; role: string }): Promise<string> {
  await page.locator('input[name="displayName"]').fill(person.displayName);
  await page.locator('input[name="username"]').fill(person.username);
  await page.locator('select[name="role"]').selectOption(person.role);
  await page.getByRole('button', { name: DOOR[lang].add, exact: true }).click();
  const shown = page.getByTestId('one-time-password');
  await shown.waitFor({ timeout: 30_000 });
  const oneTime = ((await shown.textContent()) ?? '').trim();
  await page.getByRole('button', { name: DOOR[lang].close, exact: true }).click();
  await page.locator(`tr[data-username="${person.username}"]`).waitFor();
  return oneTime;
}

// Administration in a real browser against a real `tidings serve`, from a fresh start with nothing
// but the printed one-time admin password: the admin must choose their own password, adds a
// marketer, a sales rep and a finance user, gives the rep a mailbox and fills in the company
// profile; each new person signs in, must replace their one-time password, and then sees only what
// their role may do (every link of the menu and the overview opens, none is forbidden or missing).
// Once in English and once in Chinese, with screenshots.
import { randomBytes } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeInBrowser, launchChromium, openPage, screenshot } from '../helpers/browser.js';
import { startWebServer, type WebServer } from '../helpers/web-server.js';
import { apiSession, must } from './flows/session.js';

/** What the test reads and types, per language (the UI's own texts). */
const UI = {
  en: {
    signInTitle: 'Sign in · Tidings',
    signIn: 'Sign in',
    forcedHeading: 'Choose your own password',
    menu: 'Main menu',
    submitPassword: 'Change password',
    users: 'Users',
    company: 'Company',
    usersTitle: 'Users · Tidings',
    companyTitle: 'Company · Tidings',
    add: 'Add',
    close: 'Close',
    saved: 'The company profile was saved.',
    signOut: 'Sign out',
    mailboxOf: (name: string) => `Mailbox of ${name}`,
    save: 'Save',
    asia: 'Asia',
    europe: 'Europe',
    signedInAs: (name: string) => `Signed in as ${name}`,
    campaigns: 'Campaigns',
    wallet: 'SMS wallet',
    forbidden: /may not open this page/,
    missing: /This page does not exist/,
    mustChange: 'Must choose a new password',
    roleOf: (name: string) => `Role of ${name}`,
    resetOf: (name: string) => `Reset password of ${name}`,
    disableOf: (name: string) => `Disable ${name}`,
    enableOf: (name: string) => `Enable ${name}`,
    disabled: 'Disabled',
  },
  'zh-CN': {
    signInTitle: '登录 · Tidings',
    signIn: '登录',
    forcedHeading: '设置您自己的密码',
    menu: '主菜单',
    submitPassword: '修改密码',
    users: '用户',
    company: '公司信息',
    usersTitle: '用户 · Tidings',
    companyTitle: '公司信息 · Tidings',
    add: '添加',
    close: '关闭',
    saved: '公司信息已保存。',
    signOut: '退出登录',
    mailboxOf: (name: string) => `${name} 的邮箱`,
    save: '保存',
    asia: '亚洲',
    europe: '欧洲',
    signedInAs: (name: string) => `已登录：${name}`,
    campaigns: '群发活动',
    wallet: '短信钱包',
    forbidden: /无权打开此页面/,
    missing: /页面不存在/,
    mustChange: '须设置新密码',
    roleOf: (name: string) => `${name} 的角色`,
    resetOf: (name: string) => `重置 ${name} 的密码`,
    disableOf: (name: string) => `停用 ${name}`,
    enableOf: (name: string) => `启用 ${name}`,
    disabled: '已停用',
  },
} as const;

type Lang = keyof typeof UI;

/** A 1×1 PNG, the logo the admin uploads. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

/** Signs in on the sign-in page, where the UI speaks `lang`. */
async function signInForm(page: Page, url: string, lang: Lang, username: string, password: string): Promise<void> {
  await page.goto(url);
  await page.getByLabel(/Language|语言/).selectOption(lang);
  await expect.poll(() => page.title()).toBe(UI[lang].signInTitle);
  await page.locator('input[name="username"]').fill(username);
  await page.locator('input[name="password"]').fill(password);
  await page.getByRole('button', { name: UI[lang].signIn, exact: true }).click();
}

/** On the forced-change screen (nothing else shown), replaces the one-time password. */
async function replaceOneTimePassword(page: Page, lang: Lang, oneTime: string, next: string): Promise<void> {
  await page.getByRole('heading', { level: 1, name: UI[lang].forcedHeading }).waitFor();
  expect(await page.getByRole('navigation', { name: UI[lang].menu }).count()).toBe(0);
  await page.locator('input[name="current-password"]').fill(oneTime);
  await page.locator('input[name="new-password"]').fill(next);
  await page.locator('input[name="repeat-password"]').fill(next);
  await page.getByRole('button', { name: UI[lang].submitPassword, exact: true }).click();
  await page.getByRole('navigation', { name: UI[lang].menu }).waitFor({ timeout: 30_000 });
}

/** Every in-app link of the menu, the header and the overview's cards. */
async function visibleLinks(page: Page): Promise<string[]> {
  const hrefs = await page.locator('nav.sidebar a[href], header.topbar a[href], ul.cards a[href]').evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''));
  return [...new Set(hrefs.filter((h) => h.startsWith('/')))];
}

/** Opens each link and checks that the page neither refuses the role nor is missing. */
async function everyLinkOpens(page: Page, url: string, lang: Lang, links: readonly string[]): Promise<void> {
  for (const href of links) {
    await page.goto(`${url}${href}`);
    await page.getByRole('navigation', { name: UI[lang].menu }).waitFor();
    await page.locator('main h1').first().waitFor({ timeout: 30_000 });
    await page.waitForLoadState('networkidle');
    const text = (await page.locator('main').textContent()) ?? '';
    // A page whose data the API refuses to this role is as closed as a forbidden page.
    expect(text, href).not.toMatch(/AUTH_FORBIDDEN|AUTH_PASSWORD_CHANGE_REQUIRED/);
    expect(text, href).not.toMatch(UI[lang].forbidden);
    expect(text, href).not.toMatch(UI[lang].missing);
    expect(await page.getByTestId('forbidden').count(), href).toBe(0);
    expect(await page.title(), href).toMatch(/ · Tidings$/);
  }
}

await describeInBrowser([], 'web UI administration: first admin, users, company profile, roles', () => {
  let browser: Browser;
  const servers: WebServer[] = [];

  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await Promise.all(servers.map((s) => s.close()));
  });

  const journey = (lang: Lang) => async () => {
    const ui = UI[lang];
    const run = randomBytes(3).toString('hex');
    const server = await startWebServer({}, { keepOneTimePassword: true });
    servers.push(server);
    const shot = (name: string, page: Page) => screenshot(page, `admin-${lang}-${name}`);

    // 1. The first admin: the sign-in hint shows the command as code, not between backticks.
    const { page, errors } = await openPage(browser, { locale: lang === 'en' ? 'en-GB' : 'zh-CN', allow: [/401 \(Unauthorized\)/] });
    await page.goto(server.url);
    await page.getByLabel(/Language|语言/).selectOption(lang);
    const hint = page.getByTestId('first-run-hint');
    await expect.poll(() => hint.textContent()).toContain('tidings serve');
    expect(await hint.textContent()).not.toContain('`');
    expect(await hint.locator('code').textContent()).toBe('tidings serve');
    await shot('01-sign-in', page);

    await signInForm(page, server.url, lang, 'admin', server.adminPassword);
    await page.getByRole('heading', { level: 1, name: ui.forcedHeading }).waitFor();
    await shot('02-forced-change', page);
    // The API agrees: with the one-time password only the change is allowed.
    const early = await page.evaluate(async () => (await fetch('/api/users')).json() as Promise<{ error: { code: string } }>);
    expect(early.error.code).toBe('AUTH_PASSWORD_CHANGE_REQUIRED');
    const adminPassword = `admin-${run}-own-password`;
    await replaceOneTimePassword(page, lang, server.adminPassword, adminPassword);
    await expect.poll(() => page.locator('header.topbar').textContent()).toContain(ui.signedInAs('Administrator'));

    // 2. The users screen, from the menu: add a marketer, a sales rep and a finance user.
    await page.getByRole('navigation', { name: ui.menu }).getByRole('link', { name: ui.users, exact: true }).click();
    await expect.poll(() => page.title()).toBe(ui.usersTitle);
    const people = [
      { role: 'marketer', name: lang === 'en' ? `Mia Marketer ${run}` : `市场 米娅 ${run}`, username: `mia-${run}` },
      { role: 'sales', name: lang === 'en' ? `Sam Sales ${run}` : `销售 小山 ${run}`, username: `sam-${run}` },
      { role: 'finance', name: lang === 'en' ? `Fay Finance ${run}` : `财务 小菲 ${run}`, username: `fay-${run}` },
    ] as const;
    const oneTime = new Map<string, string>();
    for (const person of people) {
      await page.locator('input[name="displayName"]').fill(person.name);
      await page.locator('input[name="username"]').fill(person.username);
      await page.locator('select[name="role"]').selectOption(person.role);
      await page.getByRole('button', { name: ui.add, exact: true }).click();
      const shown = page.getByTestId('one-time-password');
      await shown.waitFor();
      oneTime.set(person.username, ((await shown.textContent()) ?? '').trim());
      if (person.role === 'finance') await shot('03-one-time-password', page);
      await page.getByRole('button', { name: ui.close, exact: true }).click();
      await page.locator(`tr[data-username="${person.username}"]`).waitFor();
    }
    for (const person of people) {
      const row = page.locator(`tr[data-username="${person.username}"]`);
      expect(await row.locator('th').textContent()).toContain(person.name);
      expect(await row.textContent()).toContain(ui.mustChange);
    }

    // The only admin cannot demote themselves; the picker goes back.
    const ownRole = page.getByRole('combobox', { name: ui.roleOf('Administrator') });
    await ownRole.selectOption('marketer');
    await expect.poll(() => page.getByRole('alert').allTextContents()).toEqual([expect.stringContaining('USERS_LAST_ADMIN')]);
    expect(await ownRole.inputValue()).toBe('admin');
    // Disable and enable again; reset a password (the new one-time password replaces the first).
    const mia = page.locator(`tr[data-username="${people[0].username}"]`);
    await page.getByRole('button', { name: ui.disableOf(people[0].name) }).click();
    await expect.poll(() => mia.textContent()).toContain(ui.disabled);
    await page.getByRole('button', { name: ui.enableOf(people[0].name) }).click();
    await expect.poll(() => mia.textContent()).not.toContain(ui.disabled);
    await page.getByRole('button', { name: ui.resetOf(people[2].name) }).click();
    const reset = page.getByTestId('one-time-password');
    await reset.waitFor();
    const newOneTime = ((await reset.textContent()) ?? '').trim();
    expect(newOneTime).not.toBe(oneTime.get(people[2].username));
    oneTime.set(people[2].username, newOneTime);
    await page.getByRole('button', { name: ui.close, exact: true }).click();

    // The sales rep gets the team mailbox.
    const admin = await apiSession(server.url, 'admin', adminPassword);
    const mailbox = await must<{ id: number; name: string }>(admin, 'POST', '/api/accounts', {
      name: `team-${run}`,
      displayName: 'Team',
      email: `team-${run}@example.test`,
      smtp: { host: 'smtp.example.test', port: 465, security: 'tls', auth: true, username: 'team', password: 'secret' },
    });
    await page.reload();
    await page.getByRole('button', { name: ui.mailboxOf(people[1].name), exact: true }).click();
    await page.getByRole('dialog').locator('select[name="mailbox"]').selectOption(String(mailbox.id));
    await page.getByRole('dialog').getByRole('button', { name: ui.save, exact: true }).click();
    await expect.poll(() => page.locator(`tr[data-username="${people[1].username}"]`).textContent()).toContain(mailbox.name);
    await shot('04-users', page);

    // 3. The company profile, with a logo and a time zone picked from the grouped list.
    await page.getByRole('navigation', { name: ui.menu }).getByRole('link', { name: ui.company, exact: true }).click();
    await expect.poll(() => page.title()).toBe(ui.companyTitle);
    const zone = page.locator('select[name="timeZone"]');
    await zone.waitFor();
    expect(await zone.inputValue()).toBe('Asia/Shanghai');
    const groups = await zone.locator('optgroup').evaluateAll((g) => g.map((e) => e.getAttribute('label')));
    expect(groups).toEqual(expect.arrayContaining([ui.asia, ui.europe]));
    await page.locator('input[name="name"]').fill(`示例贸易 ${run}`);
    await page.locator('textarea[name="address"]').fill('上海市浦东新区 1 号');
    await page.locator('input[type="file"]').setInputFiles({ name: 'logo.png', mimeType: 'image/png', buffer: PNG });
    await page.locator('img.company-logo').waitFor();
    await zone.selectOption('Europe/Berlin');
    await page.locator('select[name="language"]').selectOption('en');
    await page.locator('input[name="smsSignature"]').fill('【示例贸易】');
    await page.getByRole('button', { name: ui.save, exact: true }).click();
    await page.getByText(ui.saved).waitFor();
    await shot('05-company', page);
    const profile = await must<{ name: string; timeZone: string; language: string; logo: string | null; smsSignature: string }>(admin, 'GET', '/api/company');
    expect(profile).toMatchObject({ name: `示例贸易 ${run}`, timeZone: 'Europe/Berlin', language: 'en', smsSignature: '【示例贸易】' });
    expect(profile.logo).toMatch(/^data:image\/png;base64,/);
    await page.getByRole('button', { name: ui.signOut, exact: true }).click();
    await page.locator('input[name="username"]').waitFor();

    // 4. Each new person: forced change, then only what the role may do.
    const expectations = {
      marketer: { has: [ui.campaigns], lacks: [ui.users, ui.company, ui.wallet] },
      sales: { has: [], lacks: [ui.campaigns, ui.users, ui.company, ui.wallet] },
      finance: { has: [ui.wallet], lacks: [ui.users, ui.company] },
    } as const;
    for (const person of people) {
      const { page: own, errors: ownErrors } = await openPage(browser, { locale: lang === 'en' ? 'en-GB' : 'zh-CN', allow: [/401 \(Unauthorized\)/] });
      await signInForm(own, server.url, lang, person.username, oneTime.get(person.username) ?? '');
      await replaceOneTimePassword(own, lang, oneTime.get(person.username) ?? '', `${person.username}-own-password`);
      await expect.poll(() => own.locator('header.topbar').textContent()).toContain(ui.signedInAs(person.name));
      const menu = await own.getByRole('navigation', { name: ui.menu }).getByRole('link').allTextContents();
      for (const item of expectations[person.role].has) expect(menu, person.role).toContain(item);
      for (const item of expectations[person.role].lacks) expect(menu, person.role).not.toContain(item);
      // The overview promises only what the role can do: a sales rep sends one-off emails from
      // the customers page and has no campaigns card.
      const cards = await own.locator('ul.cards strong').allTextContents();
      if (person.role === 'sales') expect(cards).not.toContain(ui.campaigns);
      for (const card of cards) expect(menu).toContain(card);
      await shot(`06-overview-${person.role}`, own);
      const links = await visibleLinks(own);
      expect(links).toContain('/password');
      await everyLinkOpens(own, server.url, lang, links);
      // A page the role may not open says so instead of showing it.
      await own.goto(`${server.url}/users`);
      await own.getByTestId('forbidden').waitFor();
      expect(ownErrors.filter((e) => !/40[13]/.test(e))).toEqual([]);
      await own.context().close();
    }
    // 401 before sign-in, 403 while the one-time password is kept, 409 for the refused demotion: on purpose.
    expect(errors.filter((e) => !/40[139]/.test(e))).toEqual([]);
    await page.context().close();
  };

  it('in English: first admin, users, company profile, and each role signs in and sees only its pages', journey('en'), 300_000);
  it('in Chinese: the same journey, with the language switched on the sign-in page', journey('zh-CN'), 300_000);
});

// Customer care in a real browser against a real `tidings serve`: a marketer opens the overview,
// finds a customer's birthday this week in the reminder list, presses "send the greeting", and the
// one-off compose opens with that customer and the built-in birthday template chosen; sending it
// delivers the greeting, in the customer's language, to their real mailbox on the local Dovecot.
// English and Chinese, with screenshots. The flows live in ./flows/overview.ts.
import { randomBytes } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeInBrowser, launchChromium, openPage, screenshot } from '../helpers/browser.js';
import { startWebServer, type WebServer } from '../helpers/web-server.js';
import { readMailbox } from './flows/customers.js';
import { dateInDays, DUE, findBirthdayOnOverview, giveOwnEmailInSettings, installGreetings, sendGreetingFromOverview, type DueLang } from './flows/overview.js';
import { DOOR, signInAs } from './flows/people.js';
import { apiSession, createLocalMailAccount, createUser, must, pollUntil, type ApiSession } from './flows/session.js';

const run = randomBytes(3).toString('hex');
const MARKETER = { username: `mk-${run}`, password: `mk-pass-${run}-long`, role: 'marketer' };
/** One customer per UI language, each reading their own language; birthdays in two days. */
const CUSTOMERS: Record<DueLang, { name: string; email: string; language: string; subject: RegExp }> = {
  en: { name: `Jim Green ${run}`, email: `jim-${run}@example.test`, language: 'en', subject: /^Happy birthday, / },
  'zh-CN': { name: `李雷${run}`, email: `lilei-${run}@example.test`, language: 'zh-CN', subject: /^生日快乐，/ },
};

await describeInBrowser(['smtp', 'submission', 'imap'], 'web UI: the overview reminds of a birthday and sends the greeting', () => {
  let server: WebServer;
  let browser: Browser;
  let admin: ApiSession;
  let birthdayTemplate: number;
  const birthday = dateInDays(2);

  beforeAll(async () => {
    [server, browser] = await Promise.all([startWebServer({ TIDINGS_ALLOW_PRIVATE_HOSTS: '127.0.0.1/8,::1', SEND_SMTP_ALLOW_SELF_SIGNED: '1' }), launchChromium()]);
    admin = await apiSession(server.url, 'admin', server.adminPassword);
    birthdayTemplate = await installGreetings(admin);
    await createLocalMailAccount(admin, { address: `care-${run}@example.test`, displayName: 'Tidings Care', isDefault: true });
    await createUser(admin, MARKETER);
    // Unowned customers: a marketer's reminder list holds their own and nobody's.
    for (const c of Object.values(CUSTOMERS)) {
      await must(admin, 'POST', '/api/customers', { name: c.name, emails: [c.email], language: c.language, birthday: `1980-${birthday.slice(5)}` });
    }
  }, 90_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  for (const lang of ['en', 'zh-CN'] as const) {
    it(`${lang}: the birthday is on the overview; "send the greeting" opens the one-off with customer and template; the greeting arrives`, async () => {
      const customer = CUSTOMERS[lang];
      const { page, errors } = await openPage(browser, { locale: lang === 'en' ? 'en-GB' : 'zh-CN', allow: [/401 \(Unauthorized\)/] });
      await signInAs(page, server.url, lang, MARKETER.username, MARKETER.password);
      await page.getByRole('navigation', { name: DOOR[lang].menu }).waitFor({ timeout: 30_000 });
      const item = await findBirthdayOnOverview(page, server.url, lang, customer.name);
      const line = (await item.textContent()) ?? '';
      expect(line).toContain(birthday);
      expect(line).toContain(DUE[lang].inDays(2));
      await screenshot(page, `overview-birthdays-${lang}`);

      const previewed = await sendGreetingFromOverview(page, lang, customer.name, birthdayTemplate, screenshot);
      expect(previewed).toMatch(customer.subject);
      await screenshot(page, `greeting-sent-${lang}`);

      const mail = await pollUntil('the greeting in the customer mailbox', async () => (await readMailbox(customer.email)).find((m) => customer.subject.test(m.subject ?? '')), 60_000);
      expect(mail.subject).toBe(previewed);
      expect(mail.from?.value[0]?.address).toBe(`care-${run}@example.test`);
      // The morning digest of the same list needs the marketer's own address: My settings says so.
      await page.goto(`${server.url}/`);
      await giveOwnEmailInSettings(page, lang, `${MARKETER.username}-${lang}@example.test`, screenshot);
      expect(errors).toEqual([]);
      await page.context().close();
    });
  }
});

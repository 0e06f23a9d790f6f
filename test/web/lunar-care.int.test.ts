// Issue #20's acceptance walk, in a real browser against a real `tidings serve`: a marketer imports
// customers whose birthday is lunar (农历生日) from a CSV, asks in My settings for the morning
// digest and gets it in their own real mailbox with the lunar birthday two days ahead, sees the same
// reminder on the overview, presses "send the greeting", and the greeting reaches the customer's
// real mailbox on the local Postfix/Dovecot. English (L-notation column) and Chinese (八月十五
// notation), one marketer each. The lunar day of "two days from now" comes from the published
// calendar table, never from the code under test.
import { randomBytes } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeInBrowser, launchChromium, openPage, screenshot } from '../helpers/browser.js';
import { startWebServer, type WebServer } from '../helpers/web-server.js';
import { referenceLunarMonth } from '../fixtures/schedule/chinese-years.js';
import { importCustomersCsv, readMailbox } from './flows/customers.js';
import { dateInDays, DUE, findBirthdayOnOverview, installGreetings, sendGreetingFromOverview, type DueLang } from './flows/overview.js';
import { DOOR, signInAs } from './flows/people.js';
import { apiSession, createLocalMailAccount, createUser, must, pollUntil, type ApiSession } from './flows/session.js';

const run = randomBytes(3).toString('hex');

interface LunarDay {
  readonly month: number;
  readonly day: number;
  readonly leap: boolean;
}

/** The lunar month and day of a Gregorian date (China), read from the published table. */
function lunarDayOf(date: string): LunarDay {
  const year = Number(date.slice(0, 4));
  for (const y of [year - 1, year]) {
    for (let month = 1; month <= 12; month += 1) {
      for (const leap of [false, true]) {
        const span = referenceLunarMonth(y, month, leap);
        if (!span) continue;
        const offset = (Date.parse(date) - Date.parse(span.start)) / 86_400_000;
        if (offset >= 0 && offset < span.days) return { month, day: offset + 1, leap };
      }
    }
  }
  throw new Error(`${date} is not in the reference table`);
}

const MONTHS = ['正', '二', '三', '四', '五', '六', '七', '八', '九', '十', '冬', '腊'];
const TENS = ['初', '十', '廿', '三'];
const DIGITS = ['十', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
/** 八月十五, 闰四月初八, 腊月廿三: how people write a lunar day. */
function chineseLunar({ month, day, leap }: LunarDay): string {
  const dayText = day === 10 ? '初十' : day === 20 ? '二十' : day === 30 ? '三十' : `${TENS[Math.floor(day / 10)]}${DIGITS[day % 10]}`;
  return `${leap ? '闰' : ''}${MONTHS[month - 1]}月${dayText}`;
}
const pad = (n: number) => String(n).padStart(2, '0');
/** L08-15, L04-08L (leap): the ASCII form. */
const lNotation = ({ month, day, leap }: LunarDay) => `L${pad(month)}-${pad(day)}${leap ? 'L' : ''}`;

const WALK: Record<DueLang, { csv: (c: { name: string; email: string }, lunar: LunarDay) => string; customerLanguage: string; subject: RegExp; digestSubject: RegExp }> = {
  en: {
    csv: (c, lunar) => `name,email,language,lunar_birthday\n${c.name},${c.email},en,${lNotation(lunar)}\n`,
    customerLanguage: 'en',
    subject: /^Happy birthday, /,
    digestSubject: /^Reminders: \d+ birthday/,
  },
  'zh-CN': {
    csv: (c, lunar) => `姓名,邮箱,语言,农历生日\n${c.name},${c.email},zh-CN,${chineseLunar(lunar)}\n`,
    customerLanguage: 'zh-CN',
    subject: /^生日快乐，/,
    digestSubject: /^服务提醒：\d+ 位客户生日/,
  },
};

await describeInBrowser(['smtp', 'submission', 'imap'], 'web UI: lunar birthdays imported, the morning digest, and "send the greeting" to a real mailbox', () => {
  let server: WebServer;
  let browser: Browser;
  let admin: ApiSession;
  let birthdayTemplate: number;
  const birthday = dateInDays(2);
  const lunar = lunarDayOf(birthday);

  beforeAll(async () => {
    // A one-second schedule tick, so the digest goes out as soon as its hour has come.
    [server, browser] = await Promise.all([
      startWebServer({ TIDINGS_ALLOW_PRIVATE_HOSTS: '127.0.0.1/8,::1', SEND_SMTP_ALLOW_SELF_SIGNED: '1', SCHEDULE_TICK_SECONDS: '1' }),
      launchChromium(),
    ]);
    admin = await apiSession(server.url, 'admin', server.adminPassword);
    birthdayTemplate = await installGreetings(admin);
    await createLocalMailAccount(admin, { address: `lunar-care-${run}@example.test`, displayName: 'Tidings Care', isDefault: true });
  }, 90_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  for (const lang of ['en', 'zh-CN'] as const) {
    it(`${lang}: imports a lunar-birthday customer, gets the digest by email, sees it on the overview and sends the greeting`, async () => {
      const walk = WALK[lang];
      const marketer = { username: `lc-${lang.slice(0, 2)}-${run}`, password: `lc-pass-${run}-long`, role: 'marketer' };
      const ownEmail = `${marketer.username}@example.test`;
      const customer = { name: lang === 'en' ? `Granny Moon ${run}` : `王奶奶${run}`, email: `granny-${lang.slice(0, 2)}-${run}@example.test` };
      await createUser(admin, marketer);
      const { page, errors } = await openPage(browser, { locale: lang === 'en' ? 'en-GB' : 'zh-CN', allow: [/401 \(Unauthorized\)/] });
      await signInAs(page, server.url, lang, marketer.username, marketer.password);
      await page.getByRole('navigation', { name: DOOR[lang].menu }).waitFor({ timeout: 30_000 });

      // 1. The CSV import, with the lunar birthday column the importer recognises by its header.
      const outcome = await importCustomersCsv(page, server.url, walk.csv(customer, lunar), { lang, fileName: `lunar-${lang}.csv`, shoot: (p, name) => screenshot(p, `lunar-care-${name}-${lang}`) });
      expect(outcome.report).toMatch(lang === 'en' ? /^Imported 1,/ : /^已导入 1 位/);
      const [stored] = await must<{ items: { id: number; lunarBirthday: LunarDay | null; birthdayCalendar: string }[] }>(admin, 'GET', `/api/customers?query=${encodeURIComponent(customer.email)}`).then((r) => r.items);
      expect(stored).toMatchObject({ lunarBirthday: { month: lunar.month, day: lunar.day, leap: lunar.leap }, birthdayCalendar: 'lunar' });

      // 2. My settings: their own address, the digest at 00:00 so it is due at once; it arrives.
      await page.goto(`${server.url}/settings`);
      await page.getByLabel(DUE[lang].emailLabel).fill(ownEmail);
      await page.getByLabel(lang === 'en' ? 'Send at (your clock)' : '发送时间（您的时区）').fill('00:00');
      await page.getByLabel(lang === 'en' ? 'Language of the digest' : '提醒邮件的语言').selectOption(lang);
      await page.getByRole('button', { name: DUE[lang].save, exact: true }).click();
      await expect.poll(() => page.getByTestId('digest-status').textContent(), { timeout: 15_000 }).toContain(ownEmail);
      await screenshot(page, `lunar-care-settings-${lang}`);
      const digest = await pollUntil('the morning digest in the marketer\'s mailbox', async () => (await readMailbox(ownEmail)).find((m) => walk.digestSubject.test(m.subject ?? '')), 60_000);
      const digestText = digest.text ?? '';
      expect(digestText).toContain(customer.name);
      expect(digestText).toContain(lang === 'en' ? `Lunar ` : `农历${chineseLunar(lunar)}`);
      expect(digestText).toContain(`/customers/${stored!.id}?compose=1&template=${birthdayTemplate}`);

      // 3. The same reminder on the overview, shown both ways; "send the greeting"; it arrives.
      const item = await findBirthdayOnOverview(page, server.url, lang, customer.name);
      const line = (await item.textContent()) ?? '';
      const [year, month, day] = birthday.split('-').map(Number);
      // Two days ahead may be in the next Gregorian year (a walk on 30 December).
      const nextYear = year !== Number(dateInDays(0).slice(0, 4));
      expect(line).toContain(lang === 'en' ? `${nextYear ? 'next' : 'this'} year: ${day} ` : `${chineseLunar(lunar)}（${nextYear ? '明年' : '今年'} ${month}月${day}日）`);
      expect(line).toContain(DUE[lang].inDays(2));
      await screenshot(page, `lunar-care-overview-${lang}`);
      const previewed = await sendGreetingFromOverview(page, lang, customer.name, birthdayTemplate, (p, name) => screenshot(p, `lunar-care-${name}`));
      expect(previewed).toMatch(walk.subject);
      const mail = await pollUntil('the greeting in the customer\'s mailbox', async () => (await readMailbox(customer.email)).find((m) => walk.subject.test(m.subject ?? '')), 60_000);
      expect(mail.subject).toBe(previewed);
      expect(mail.from?.value[0]?.address).toBe(`lunar-care-${run}@example.test`);
      expect(errors).toEqual([]);
      await page.context().close();
    });
  }
});

// The three people's journeys, whole, in a real browser against a fresh `tidings serve`, through the
// UI only (the API only reads back, and stands in for what happens outside Tidings: a customer's
// reply by email). The pieces each have their own test; this one walks them in a row, as a new
// company would, to find where they don't fit:
//   1. the admin signs in with the printed one-time password, must choose their own, fills in the
//      company profile and adds a marketer, a sales rep and a finance user, noting each one-time password;
//   2. the rep signs in, must change the password, connects their own mailbox with the wizard
//      (local Dovecot/Postfix), adds three customers by hand (one address bounces), emails them
//      with the preview, and in My inbox sees the customer's reply and the bounce, and answers the
//      reply: the answer reaches the customer's real mailbox threaded under their message;
//   3. the marketer connects the shared company mailbox, imports a GBK CSV, writes a template with
//      zh-CN and en variants and schedules a one-off holiday campaign, seeing the next send and waves;
//   4. the admin adds a sandbox SMS account, finance tops it up at ¥0.045 a part, the marketer sends
//      an SMS campaign, and statistics, ledger and the per-message table agree to the 厘;
//   and a shorter pass in Chinese: a second rep added, forced change, mailbox, compose, My inbox, Reply.
// Screenshots per step (journeys-*.png).
import { randomBytes } from 'node:crypto';
import iconv from 'iconv-lite';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeInBrowser, launchChromium, openPage, screenshot } from '../helpers/browser.js';
import { startWebServer, type WebServer } from '../helpers/web-server.js';
import { wallTimeToInstant } from '../../src/modules/schedule/index.js';
import { currentWizardStep } from './flows/campaigns.js';
import { editBody, openTemplates, typeSubject } from './flows/templates.js';
import { readMailbox, replyAsCustomer, searchCustomers } from './flows/customers.js';
import { addMailboxViaWizard } from './flows/accounts.js';
import { openWallet, topUpViaForm } from './flows/wallet.js';
import { addUserInUi, chooseOwnPassword, DOOR, signInAs } from './flows/people.js';
import { apiSession, MAILBOX_PASSWORD, must, pollUntil, type ApiSession } from './flows/session.js';

const run = randomBytes(3).toString('hex');
const PEOPLE = {
  marketer: { role: 'marketer', displayName: `Mia Marketer ${run}`, username: `j-mia-${run}` },
  sales: { role: 'sales', displayName: `Sam Sales ${run}`, username: `j-sam-${run}` },
  finance: { role: 'finance', displayName: `Fay Finance ${run}`, username: `j-fay-${run}` },
} as const;
const REP_MAILBOX = `j-sam-${run}@example.test`;
const WANG = { name: `Wang Fang ${run}`, email: `j-wang-${run}@example.test` };
const GHOST = { name: `Ghost Guest ${run}`, email: `nosuch-j-${run}@example.test` };
const LIU = { name: `Liu Yang ${run}`, email: `j-liu-${run}@example.test` };
const GREETING = `spring news ${run}`;
const MARKETING_MAILBOX = `j-news-${run}@example.test`;
const GROUP = `节日-${run}`;
const TEMPLATE = `holiday-${run}`;
const MJML = (text: string) => `<mjml>\n  <mj-body>\n    <mj-section>\n      <mj-column>\n        <mj-text>{{greeting}} ${text}</mj-text>\n      </mj-column>\n    </mj-section>\n  </mj-body>\n</mjml>\n`;

/** Three customers in Shanghai and two in Berlin, as Excel in China saves a CSV: GBK, Chinese headers. */
function gbkCsv(): Buffer {
  const people = [
    ['张伟', 'Asia/Shanghai'],
    ['李娜', 'Asia/Shanghai'],
    ['王芳', 'Asia/Shanghai'],
    ['刘洋', 'Europe/Berlin'],
    ['陈静', 'Europe/Berlin'],
  ].map(([name, zone], i) => `${name}${run},j-gbk-${run}-${i}@example.test,${zone}`);
  return iconv.encode(['姓名,邮箱,时区', ...people].join('\r\n') + '\r\n', 'gbk');
}

await describeInBrowser(['smtp', 'submission', 'imap'], "web UI: the three people's journeys, whole, from a fresh start", () => {
  let server: WebServer;
  let browser: Browser;
  const oneTime = new Map<string, string>();
  const own = (username: string) => `${username}-own-password-1`;
  const adminPassword = `admin-${run}-own-password`;
  const shot = (page: Page, name: string) => screenshot(page, `journeys-en-${name}`);

  beforeAll(async () => {
    [server, browser] = await Promise.all([
      startWebServer(
        {
          TIDINGS_ALLOW_PRIVATE_HOSTS: '127.0.0.1/8,::1',
          SEND_SMTP_ALLOW_SELF_SIGNED: '1',
          TIDINGS_INBOX_POLL_SECONDS: '1',
          TIDINGS_ISPDB_URL: 'http://127.0.0.1:9/',
          TIDINGS_AUTODETECT_TIMEOUT_MS: '1500',
          // Marketing SMS wait out 21:00–08:00 on the recipient's clock; the wall clock must not
          // decide whether step 4's campaign finishes (the review shows the pause when it is on).
          SCHEDULE_QUIET_HOURS_SMS: 'off',
        },
        { keepOneTimePassword: true },
      ),
      launchChromium(),
    ]);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('1. the admin replaces the one-time password, fills in the company profile and adds a marketer, a sales rep and a finance user', async () => {
    const { page, errors } = await openPage(browser, { locale: 'en-GB', allow: [/401 \(Unauthorized\)/, /403 \(Forbidden\)/] });
    await signInAs(page, server.url, 'en', 'admin', server.adminPassword);
    await shot(page, '01-admin-forced-change');
    await chooseOwnPassword(page, 'en', server.adminPassword, adminPassword);

    await page.getByRole('navigation', { name: DOOR.en.menu }).getByRole('link', { name: 'Company', exact: true }).click();
    await expect.poll(() => page.title()).toBe('Company · Tidings');
    await page.locator('select[name="timeZone"]').waitFor();
    await page.locator('input[name="name"]').fill(`Acme Tea ${run}`);
    await page.locator('textarea[name="address"]').fill('1 Century Avenue, Shanghai');
    await page.locator('input[name="smsSignature"]').fill('【Acme Tea】');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('The company profile was saved.').waitFor();
    await shot(page, '02-company');

    await page.getByRole('navigation', { name: DOOR.en.menu }).getByRole('link', { name: DOOR.en.users, exact: true }).click();
    await expect.poll(() => page.title()).toBe(DOOR.en.usersTitle);
    for (const person of Object.values(PEOPLE)) oneTime.set(person.username, await addUserInUi(page, 'en', person));
    await shot(page, '03-users');
    for (const password of oneTime.values()) expect(password.length).toBeGreaterThanOrEqual(8);

    const admin = await apiSession(server.url, 'admin', adminPassword);
    expect(await must(admin, 'GET', '/api/company')).toMatchObject({ name: `Acme Tea ${run}`, smsSignature: '【Acme Tea】' });
    const users = await must<{ username: string; role: string }[]>(admin, 'GET', '/api/users');
    for (const person of Object.values(PEOPLE)) expect(users.find((u) => u.username === person.username)?.role).toBe(person.role);
    expect(errors.filter((e) => !/40[13]/.test(e))).toEqual([]);
    await page.context().close();
  }, 180_000);

  it('2. the rep connects their own mailbox, adds three customers, emails them, and answers the reply from My inbox, threaded', async () => {
    const rep = PEOPLE.sales;
    const { page, errors } = await openPage(browser, { locale: 'en-GB', allow: [/401 \(Unauthorized\)/, /403 \(Forbidden\)/] });
    await signInAs(page, server.url, 'en', rep.username, oneTime.get(rep.username)!);
    await chooseOwnPassword(page, 'en', oneTime.get(rep.username)!, own(rep.username));
    await shot(page, '04-rep-overview');
    const repApi: ApiSession = await apiSession(server.url, rep.username, own(rep.username));

    // The mailbox wizard: address → servers by hand → password → Verify → Save mailbox.
    await addMailboxViaWizard(page, server.url, { address: REP_MAILBOX, password: MAILBOX_PASSWORD, displayName: rep.displayName, shoot: (p, name) => shot(p, `05-rep-${name}`) });
    const boxes = await must<{ email: string; ownerUserId: number | null }[]>(repApi, 'GET', '/api/accounts');
    expect(boxes.map((b) => b.email)).toEqual([REP_MAILBOX]);

    // Three customers, added by hand.
    for (const c of [WANG, GHOST, LIU]) {
      await page.goto(`${server.url}/customers`);
      await page.getByRole('link', { name: 'Add customer' }).click();
      await page.getByRole('heading', { level: 1, name: 'Add a customer' }).waitFor();
      await page.getByLabel(/^Full name/).fill(c.name);
      await page.getByLabel(/^Email addresses/).fill(c.email);
      if (c === LIU) await shot(page, '06-rep-add-customer');
      await page.getByRole('button', { name: 'Save', exact: true }).click();
      await page.getByRole('heading', { level: 1, name: c.name }).waitFor({ timeout: 30_000 });
    }

    // Email all three from the customers page, with the preview.
    await page.goto(`${server.url}/customers`);
    await searchCustomers(page, run, 3);
    for (const c of [WANG, GHOST, LIU]) await page.getByRole('checkbox', { name: `Tick ${c.name}`, exact: true }).check();
    await page.getByRole('button', { name: 'Email the 3 ticked customers' }).click();
    const dialog = page.getByRole('dialog');
    await expect.poll(() => dialog.getByTestId('compose-from').textContent(), { timeout: 15_000 }).toBe(`From: ${rep.displayName} <${REP_MAILBOX}>`);
    await dialog.getByLabel(/^Subject/).fill(`{{customer.displayName}}, ${GREETING}`);
    await dialog.getByLabel('Message').fill('Dear ');
    await dialog.getByRole('button', { name: 'Insert {{customer.displayName}}' }).click();
    await expect.poll(() => dialog.getByTestId('preview-subject').textContent(), { timeout: 15_000 }).toMatch(new RegExp(`^(${WANG.name}|${GHOST.name}|${LIU.name}), ${GREETING}$`));
    await shot(page, '07-rep-compose-preview');
    await dialog.getByRole('button', { name: 'Send' }).click();
    await expect.poll(() => page.getByRole('dialog').getByText('On its way to 3 recipient(s).').count(), { timeout: 30_000 }).toBe(1);
    await page.getByRole('dialog').getByRole('button', { name: 'Close' }).click();

    // Outside Tidings: Wang answers from their own mail program; the ghost address bounces.
    const sent = await pollUntil('the greeting in Wang’s mailbox', async () => (await readMailbox(WANG.email)).find((m) => m.subject === `${WANG.name}, ${GREETING}`), 90_000);
    await pollUntil('the greeting in Liu’s mailbox', async () => (await readMailbox(LIU.email)).find((m) => m.subject === `${LIU.name}, ${GREETING}`), 90_000);
    await replyAsCustomer(WANG.email, REP_MAILBOX, sent.messageId!, `Re: ${WANG.name}, ${GREETING}`, 'Thank you, and to you!');

    // My inbox shows both (the UI waits; the API is not asked first, so both stay unread).
    await page.getByRole('navigation', { name: DOOR.en.menu }).getByRole('link', { name: 'Inbox' }).click();
    const table = page.getByRole('table', { name: 'My inbox' });
    await expect
      .poll(
        async () => {
          if ((await table.locator('tbody tr').count()) < 2) await page.reload();
          return table.locator('tbody tr').count();
        },
        { timeout: 120_000, interval: 2_000 },
      )
      .toBe(2);
    await expect.poll(() => table.textContent()).toContain('Not delivered');
    await shot(page, '08-rep-my-inbox');
    await table.getByRole('link', { name: `Re: ${WANG.name}, ${GREETING}` }).click();
    await page.getByRole('heading', { level: 1, name: `Re: ${WANG.name}, ${GREETING}` }).waitFor();
    await page.getByRole('button', { name: 'Reply', exact: true }).click();
    await page.getByLabel('Your answer').fill(`You are welcome, ${run}.`);
    await shot(page, '09-rep-reply');
    await page.getByRole('button', { name: 'Send reply' }).click();
    await expect.poll(() => page.getByTestId('reply-sent').textContent(), { timeout: 30_000 }).toBe(`Your reply "Re: ${WANG.name}, ${GREETING}" is on its way.`);

    const mine = await must<{ id: number; kind: string }[]>(repApi, 'GET', '/api/inbox/mine');
    const replyId = mine.find((m) => m.kind === 'reply')!.id;
    const customerMessageId = (await must<{ messageId: string }>(repApi, 'GET', `/api/inbox/messages/${replyId}`)).messageId;
    const answer = await pollUntil('the answer in Wang’s mailbox', async () => (await readMailbox(WANG.email)).find((m) => m.text?.includes(`You are welcome, ${run}.`)), 90_000);
    expect(answer.subject).toBe(`Re: ${WANG.name}, ${GREETING}`);
    expect(answer.inReplyTo).toBe(customerMessageId);
    expect(answer.from?.value[0]?.address).toBe(REP_MAILBOX);
    expect(errors.filter((e) => !/40[13]/.test(e))).toEqual([]);
    await page.context().close();
  }, 420_000);

  it('3. the marketer imports a GBK CSV, writes a zh-CN/en template and schedules a one-off holiday campaign with waves', async () => {
    const marketer = PEOPLE.marketer;
    const { page, errors } = await openPage(browser, { locale: 'en-GB', allow: [/401 \(Unauthorized\)/, /403 \(Forbidden\)/] });
    await signInAs(page, server.url, 'en', marketer.username, oneTime.get(marketer.username)!);
    await chooseOwnPassword(page, 'en', oneTime.get(marketer.username)!, own(marketer.username));
    const api = await apiSession(server.url, marketer.username, own(marketer.username));

    // The GBK file through the import screen, everyone into one group.
    await page.goto(`${server.url}/customers/import`);
    await page.getByLabel('CSV file').setInputFiles({ name: '节日客户.csv', mimeType: 'text/csv', buffer: gbkCsv() });
    await page.getByLabel('Put everyone in group').fill(GROUP);
    await page.getByRole('button', { name: 'Check the file' }).click();
    await expect.poll(() => page.getByTestId('dry-run-summary').textContent(), { timeout: 20_000 }).toMatch(/^Would import 5,/);
    await shot(page, '10-marketer-import-gbk');
    await page.getByRole('button', { name: 'Import now' }).click();
    await expect.poll(() => page.getByTestId('import-report').textContent(), { timeout: 30_000 }).toMatch(/^Imported 5,/);
    const imported = await must<{ items: { displayName: string; timeZone: string | null }[] }>(api, 'GET', `/api/customers?query=${encodeURIComponent(`张伟${run}`)}`);
    expect(imported.items.map((c) => [c.displayName, c.timeZone])).toEqual([[`张伟${run}`, 'Asia/Shanghai']]);

    // A template with a Chinese and an English variant.
    await openTemplates(page);
    await page.getByRole('link', { name: 'New template' }).click();
    await page.getByRole('textbox', { name: /^Name/ }).fill(TEMPLATE);
    await expect.poll(() => page.getByRole('tab', { selected: true }).textContent()).toBe('zh-CN (default)');
    await typeSubject(page, '节日快乐 {{customer.displayName}}');
    await editBody(page, () => MJML(`节日快乐 ${run}`));
    await page.getByRole('textbox', { name: 'Add a language' }).fill('en');
    await page.getByRole('button', { name: 'Add language' }).click();
    await expect.poll(() => page.getByRole('tab', { selected: true }).textContent()).toBe('en');
    await typeSubject(page, 'Happy holidays {{customer.displayName}}');
    await editBody(page, () => MJML(`Happy holidays ${run}`));
    await page.getByRole('button', { name: 'Create template' }).click();
    await page.waitForURL(/\/templates\/\d+$/);
    await expect.poll(() => page.getByRole('tab').allTextContents()).toEqual(['zh-CN (default)', 'en']);
    await shot(page, '11-marketer-template');

    // The next built-in holiday at least three days away (read back as the wizard lists it).
    const year = new Date().getUTCFullYear();
    const soon = new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10);
    type Holiday = { key: string; name: string; nameEn: string; date: string };
    const listed = [...(await must<Holiday[]>(api, 'GET', `/api/holidays?year=${year}`)), ...(await must<Holiday[]>(api, 'GET', `/api/holidays?year=${year + 1}`))];
    const holiday = listed.filter((h) => h.date >= soon).sort((a, b) => a.date.localeCompare(b.date))[0]!;

    const next = async (expected: RegExp) => {
      await page.getByRole('button', { name: 'Next' }).click();
      await expect.poll(() => currentWizardStep(page)).toMatch(expected);
    };
    // The company's shared mailbox for campaigns, connected by the marketer (a marketer's mailbox is shared).
    await addMailboxViaWizard(page, server.url, { address: MARKETING_MAILBOX, password: MAILBOX_PASSWORD, displayName: `Acme Tea ${run}` });
    await page.goto(`${server.url}/campaigns/new`);
    await expect.poll(() => currentWizardStep(page), { timeout: 20_000 }).toMatch(/Channel/);
    await page.getByRole('textbox', { name: /Campaign name/ }).fill(`${holiday.nameEn} ${run}`);
    await page.getByRole('radio', { name: /^Email$/ }).check();
    // Sent from the shared mailbox; the rep's personal one (which the marketer may see but not
    // send from) is not offered.
    const sendFrom = page.getByLabel(/Send from/);
    await expect.poll(() => sendFrom.locator('option').allTextContents(), { timeout: 15_000 }).toEqual([expect.stringContaining(MARKETING_MAILBOX)]);
    await shot(page, '12-marketer-campaign-channel');
    await next(/Audience/);
    await page.getByRole('radio', { name: /Chosen groups/ }).check();
    await page.getByRole('checkbox', { name: GROUP, exact: true }).check();
    await expect.poll(() => page.getByTestId('count-reachable').textContent(), { timeout: 15_000 }).toBe('5');
    await next(/Template/);
    await page.getByRole('combobox', { name: /^Template$/ }).selectOption({ label: TEMPLATE });
    await expect.poll(() => page.getByRole('combobox', { name: /^Version$/ }).inputValue()).not.toBe('');
    await next(/Schedule/);
    await page.getByRole('radio', { name: /^On a holiday/ }).check();
    await page.getByRole('combobox', { name: /^Holiday$/ }).selectOption(holiday.key);
    await page.getByRole('radio', { name: /^Once/ }).check();
    await page.getByRole('checkbox', { name: "At this time in each recipient's own time zone" }).check();
    await next(/Review/);
    const shanghaiNine = wallTimeToInstant(holiday.date, '09:00', 'Asia/Shanghai').toISOString();
    const waves = () => page.getByTestId('waves').locator('li').evaluateAll((items) => items.map((li) => `${li.getAttribute('data-zone')}:${li.getAttribute('data-recipients')}`));
    await expect.poll(() => page.getByTestId('next-send').getAttribute('data-at'), { timeout: 20_000 }).toBe(shanghaiNine);
    await expect.poll(waves).toEqual(['Asia/Shanghai:3', 'Europe/Berlin:2']);
    await shot(page, '13-marketer-review-waves');
    await page.getByRole('button', { name: 'Schedule it' }).click();
    await page.waitForURL(/\/campaigns\/\d+$/, { timeout: 20_000 });
    await expect.poll(() => page.getByTestId('next-send').getAttribute('data-at'), { timeout: 20_000 }).toBe(shanghaiNine);
    await expect.poll(waves).toEqual(['Asia/Shanghai:3', 'Europe/Berlin:2']);
    await shot(page, '14-marketer-campaign');
    expect(errors.filter((e) => !/40[13]/.test(e))).toEqual([]);
    await page.context().close();
  }, 300_000);

  it('4. finance tops up the sandbox SMS account at 0.045 a part; an SMS campaign runs; statistics, ledger and per-message table agree to the 厘', async () => {
    const fin = PEOPLE.finance;
    const account = `sandbox-${run}`;
    // 【Shop】 (6) + name + 55 characters: the short name at least 1 part, the two long ones at least 2 each.
    const texters = [
      { name: `Li ${run}`, phone: '+8613800002101', parts: 1 },
      { name: `Zhang Wei Long ${run}`, phone: '+8613800002102', parts: 2 },
      { name: `Ouyang Long X ${run}`, phone: '+8613800002103', parts: 2 },
    ];
    const MIN_PARTS = texters.reduce((n, p) => n + p.parts, 0);
    const li = (text: string): number => {
      const m = /(−|-)?[^\d]*([\d,]+)\.(\d{2,3})/.exec(text.trim());
      if (!m) throw new Error(`not an amount: ${text}`);
      const value = Number(m[2]!.replace(/,/g, '') + m[3]!.padEnd(3, '0'));
      return m[1] ? -value : value;
    };

    // The admin adds the sandbox SMS account in the form.
    const { page: adminPage } = await openPage(browser, { locale: 'en-GB', allow: [/401 \(Unauthorized\)/] });
    await signInAs(adminPage, server.url, 'en', 'admin', adminPassword);
    await adminPage.getByRole('navigation', { name: DOOR.en.menu }).waitFor();
    await adminPage.goto(`${server.url}/accounts/sms/new`);
    await adminPage.locator('select[name="provider"]').selectOption('sandbox');
    await adminPage.locator('input[name="name"]').fill(account);
    await adminPage.locator('input[name="signature"]').fill('Shop');
    await adminPage.locator('form.acct-form button[type="submit"]').click();
    await adminPage.locator(`tr[data-account="${account}"]`).waitFor({ timeout: 30_000 });
    await shot(adminPage, '15-admin-sandbox-sms');
    await adminPage.context().close();

    // Finance: forced change, top up, price ¥0.045 a part.
    const { page: finance, errors } = await openPage(browser, { locale: 'en-GB', allow: [/401 \(Unauthorized\)/, /403 \(Forbidden\)/] });
    await signInAs(finance, server.url, 'en', fin.username, oneTime.get(fin.username)!);
    await chooseOwnPassword(finance, 'en', oneTime.get(fin.username)!, own(fin.username));
    const finApi = await apiSession(server.url, fin.username, own(fin.username));
    await openWallet(finance);
    await finance.getByTestId('wallet-balance').waitFor({ timeout: 30_000 });
    await topUpViaForm(finance, { amount: '10', reference: `INV-${run}` });
    const settings = finance.locator('section[aria-labelledby="wallet-settings-heading"]');
    await settings.locator('form').first().locator('input').fill('0.045');
    await settings.locator('form').first().locator('button[type="submit"]').click();
    await expect.poll(async () => (await must<{ currentMinor: number }>(finApi, 'GET', `/api/wallet/${account}/prices`)).currentMinor, { timeout: 15_000 }).toBe(45);
    await shot(finance, '16-finance-topped-up');

    // The marketer: three customers with mobiles (a CSV), an SMS template, a campaign sent now.
    const { page, errors: mErrors } = await openPage(browser, { locale: 'en-GB', allow: [/401 \(Unauthorized\)/, /403 \(Forbidden\)/] });
    await signInAs(page, server.url, 'en', PEOPLE.marketer.username, own(PEOPLE.marketer.username));
    await page.getByRole('navigation', { name: DOOR.en.menu }).waitFor();
    const smsGroup = `sms-${run}`;
    await page.goto(`${server.url}/customers/import`);
    await page.getByLabel('CSV file').setInputFiles({ name: 'sms.csv', mimeType: 'text/csv', buffer: Buffer.from(['姓名,手机', ...texters.map((t) => `${t.name},${t.phone}`)].join('\r\n') + '\r\n', 'utf8') });
    await page.getByLabel('Put everyone in group').fill(smsGroup);
    await page.getByRole('button', { name: 'Check the file' }).click();
    await expect.poll(() => page.getByTestId('dry-run-summary').textContent(), { timeout: 20_000 }).toMatch(/^Would import 3,/);
    await page.getByRole('button', { name: 'Import now' }).click();
    await expect.poll(() => page.getByTestId('import-report').textContent(), { timeout: 30_000 }).toMatch(/^Imported 3,/);

    await openTemplates(page);
    await page.getByRole('link', { name: 'New template' }).click();
    await page.getByRole('textbox', { name: /^Name/ }).fill(`sms-${run}`);
    await page.getByLabel(/^Channel/).selectOption('sms');
    await page.getByTestId('template-body').fill(`{{customer.displayName}}${'您'.repeat(55)}`);
    await shot(page, '17-marketer-sms-template');
    await page.getByRole('button', { name: 'Create template' }).click();
    await page.waitForURL(/\/templates\/\d+$/, { timeout: 20_000 });
    // Issue #20: the sandbox reviews templates like a Chinese provider: submit, then sync (approved).
    const approval = page.getByTestId('approval-panel').locator('.approval-account', { hasText: account });
    await approval.getByRole('button', { name: 'Submit for approval' }).click();
    await approval.getByRole('button', { name: 'Sync now' }).click();
    await expect.poll(() => approval.textContent(), { timeout: 10_000 }).toContain('Approved');

    const next = async (expected: RegExp) => {
      await page.getByRole('button', { name: 'Next' }).click();
      await expect.poll(() => currentWizardStep(page)).toMatch(expected);
    };
    await page.goto(`${server.url}/campaigns/new`);
    await expect.poll(() => currentWizardStep(page), { timeout: 20_000 }).toMatch(/Channel/);
    await page.getByRole('textbox', { name: /Campaign name/ }).fill(`SMS ${run}`);
    await page.getByRole('radio', { name: /^SMS$/ }).check();
    await expect.poll(() => page.getByLabel(/Send from/).locator('option:checked').textContent(), { timeout: 15_000 }).toContain(account);
    await next(/Audience/);
    await page.getByRole('radio', { name: /Chosen groups/ }).check();
    await page.getByRole('checkbox', { name: smsGroup, exact: true }).check();
    await expect.poll(() => page.getByTestId('count-reachable').textContent(), { timeout: 15_000 }).toBe('3');
    await next(/Template/);
    await page.getByRole('combobox', { name: /^Template$/ }).selectOption({ label: `sms-${run}` });
    await expect.poll(() => page.getByRole('combobox', { name: /^Version$/ }).inputValue()).not.toBe('');
    await next(/Schedule/);
    await next(/Review/);
    await page.getByTestId('sms-estimate').waitFor({ timeout: 20_000 });
    // The figure the marketer confirms; checked below against what the campaign is charged.
    const estimated = li((await page.getByTestId('estimate-cost').textContent()) ?? '');
    await shot(page, '18-marketer-sms-review');
    await expect.poll(() => page.getByRole('button', { name: 'Send now' }).isEnabled(), { timeout: 20_000 }).toBe(true);
    await page.getByRole('button', { name: 'Send now' }).click();
    await page.waitForURL(/\/campaigns\/\d+$/, { timeout: 20_000 });
    const campaignId = Number(/\/campaigns\/(\d+)$/.exec(page.url())?.[1]);
    await pollUntil('the SMS campaign to finish', async () => ((await must<{ status: string }>(finApi, 'GET', `/api/campaigns/${campaignId}`)).status === 'finished' ? true : undefined), 90_000);
    expect(mErrors.filter((e) => !/40[13]/.test(e))).toEqual([]);
    await page.context().close();

    // Finance reads the money three ways. The parts come from the texts as sent (a marketing SMS
    // carries the opt-out line, so the count is read, not guessed): at least one part per text, more
    // for the two long ones; every view shows the same parts and parts × 45 厘.
    await finance.reload();
    await finance.getByTestId('wallet-balance').waitFor();
    const charged = finance.getByTestId('ledger-table').locator('tbody tr[data-state="charged"]');
    await expect.poll(() => charged.count(), { timeout: 30_000 }).toBe(texters.length);
    const ledgerCost = (await charged.locator('td.num').allTextContents()).map(li).reduce((a, b) => a + b, 0);
    const ledgerParts = (await charged.evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-parts'))))).reduce((a, b) => a + b, 0);
    const stats = finance.getByTestId('stats-table');
    const total = async () => stats.locator('tfoot tr').locator('th, td').allTextContents();
    await expect.poll(async () => (await total())[2], { timeout: 30_000 }).toBe(String(ledgerParts));
    const statsCost = li((await total()).at(-1)!);
    await shot(finance, '19-finance-wallet');
    await finance.goto(`${server.url}/campaigns/${campaignId}`);
    const messages = finance.getByTestId('messages-table').locator('tbody tr');
    await expect.poll(() => messages.count(), { timeout: 30_000 }).toBe(texters.length);
    const cells = await messages.evaluateAll((rows) => rows.map((r) => Array.from(r.querySelectorAll('td.num')).map((c) => c.textContent ?? '')));
    const perText = cells.map((c) => Number(c.at(-2)));
    const tableParts = perText.reduce((a, b) => a + b, 0);
    const tableCost = cells.map((c) => li(c.at(-1)!)).reduce((a, b) => a + b, 0);
    await shot(finance, '20-finance-campaign');
    expect(tableParts).toBeGreaterThanOrEqual(MIN_PARTS);
    expect(Math.min(...perText)).toBeGreaterThanOrEqual(1);
    expect({ ledgerParts, tableParts }).toEqual({ ledgerParts: tableParts, tableParts });
    expect({ statsCost, ledgerCost, tableCost }).toEqual({ statsCost: tableParts * 45, ledgerCost: tableParts * 45, tableCost: tableParts * 45 });
    expect(estimated).toBe(tableParts * 45);
    expect(errors.filter((e) => !/40[13]/.test(e))).toEqual([]);
    await finance.context().close();
  }, 400_000);

  it('in Chinese: the admin adds a second rep on the Users screen; the rep changes the password, connects a mailbox, adds a customer, emails them and answers the reply from My inbox', async () => {
    const zhRep = { role: 'sales', displayName: `销售 小王 ${run}`, username: `j-wang-rep-${run}` };
    const zhMailbox = `j-zh-rep-${run}@example.test`;
    const zhCustomer = { name: `李娜 ${run}`, email: `j-lina-${run}@example.test` };
    const zhShot = (page: Page, name: string) => screenshot(page, `journeys-zh-CN-${name}`);

    // The admin, in Chinese: sign in, the Users screen, a new sales rep with a one-time password.
    const { page: adminPage, errors: adminErrors } = await openPage(browser, { locale: 'zh-CN', allow: [/401 \(Unauthorized\)/] });
    await signInAs(adminPage, server.url, 'zh-CN', 'admin', adminPassword);
    await adminPage.getByRole('navigation', { name: DOOR['zh-CN'].menu }).getByRole('link', { name: DOOR['zh-CN'].users, exact: true }).click();
    await expect.poll(() => adminPage.title()).toBe(DOOR['zh-CN'].usersTitle);
    const repOneTime = await addUserInUi(adminPage, 'zh-CN', zhRep);
    await expect.poll(() => adminPage.locator(`tr[data-username="${zhRep.username}"]`).textContent()).toContain('须设置新密码');
    await zhShot(adminPage, '01-users');
    expect(adminErrors.filter((e) => !/401/.test(e))).toEqual([]);
    await adminPage.context().close();

    // The rep, in Chinese: the forced change, then the mailbox wizard.
    const { page, errors } = await openPage(browser, { locale: 'zh-CN', allow: [/401 \(Unauthorized\)/, /403 \(Forbidden\)/] });
    await signInAs(page, server.url, 'zh-CN', zhRep.username, repOneTime);
    await page.getByRole('heading', { level: 1, name: DOOR['zh-CN'].forcedHeading }).waitFor();
    await zhShot(page, '02-forced-change');
    await chooseOwnPassword(page, 'zh-CN', repOneTime, own(zhRep.username));
    const repApi = await apiSession(server.url, zhRep.username, own(zhRep.username));

    await page.goto(`${server.url}/accounts/new`);
    const step = page.getByRole('list', { name: '步骤' }).locator('li[aria-current="step"]');
    await expect.poll(() => step.textContent(), { timeout: 20_000 }).toMatch(/^1\./);
    await page.getByLabel(/邮箱地址/).fill(zhMailbox);
    await page.getByLabel('发件人名称').fill(zhRep.displayName);
    await page.getByRole('button', { name: '手动填写服务器' }).click();
    await expect.poll(() => step.textContent()).toMatch(/^2\./);
    await page.getByLabel('协议').selectOption('imap');
    for (const [legend, port] of [
      [/收信服务器/, '143'],
      [/发信服务器/, '587'],
    ] as const) {
      const group = page.getByRole('group', { name: legend });
      await group.getByRole('textbox', { name: /^服务器地址/ }).fill('127.0.0.1');
      await group.getByLabel('加密方式').selectOption({ label: 'STARTTLS' });
      await group.getByRole('textbox', { name: /^端口/ }).fill(port);
    }
    await page.getByLabel('校验服务器的 TLS 证书').uncheck();
    await page.getByRole('button', { name: '下一步' }).click();
    await expect.poll(() => step.textContent()).toMatch(/^3\./);
    await page.getByLabel(/^密码/).fill(MAILBOX_PASSWORD);
    await page.getByRole('button', { name: '验证', exact: true }).click();
    await expect.poll(() => page.getByText('所有登录均成功。').count(), { timeout: 60_000 }).toBe(1);
    await page.getByRole('button', { name: '保存', exact: true }).click();
    await expect.poll(() => step.textContent()).toMatch(/^5\./);
    const nameField = page.getByLabel(/账户名称/);
    await expect.poll(() => nameField.inputValue()).not.toBe('');
    const mailboxName = await nameField.inputValue();
    await page.getByRole('button', { name: '保存邮箱' }).click();
    await page.getByText(`已添加邮箱 ${mailboxName}。`).waitFor({ timeout: 60_000 });
    await zhShot(page, '03-mailbox');

    // A customer added by hand, emailed from the customers page with the preview.
    await page.goto(`${server.url}/customers`);
    await page.getByRole('link', { name: '添加客户' }).click();
    await page.getByRole('heading', { level: 1, name: '添加客户' }).waitFor();
    await page.getByLabel(/^姓名/).fill(zhCustomer.name);
    await page.getByLabel(/^邮箱/).fill(zhCustomer.email);
    await page.getByRole('button', { name: '保存', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: zhCustomer.name }).waitFor({ timeout: 30_000 });
    await page.goto(`${server.url}/customers`);
    await page.getByLabel('搜索客户').fill(run);
    await expect.poll(() => page.locator('table tbody tr').count(), { timeout: 15_000 }).toBe(1);
    await page.getByRole('checkbox', { name: `勾选 ${zhCustomer.name}`, exact: true }).check();
    await page.getByRole('button', { name: '给已勾选的 1 位客户发邮件' }).click();
    const dialog = page.getByRole('dialog');
    await expect.poll(() => dialog.getByTestId('compose-from').textContent(), { timeout: 15_000 }).toBe(`发件人：${zhRep.displayName} <${zhMailbox}>`);
    const subject = `{{customer.displayName}}，新春问候 ${run}`;
    await dialog.getByLabel(/^主题/).fill(subject);
    await dialog.getByLabel('正文').fill('您好');
    await expect.poll(() => dialog.getByTestId('preview-subject').textContent(), { timeout: 15_000 }).toBe(`${zhCustomer.name}，新春问候 ${run}`);
    await zhShot(page, '04-compose-preview');
    await dialog.getByRole('button', { name: '发送' }).click();

    const sent = await pollUntil('the greeting in Li Na’s mailbox', async () => (await readMailbox(zhCustomer.email)).find((m) => m.subject === `${zhCustomer.name}，新春问候 ${run}`), 90_000);
    await replyAsCustomer(zhCustomer.email, zhMailbox, sent.messageId!, `Re: ${zhCustomer.name}，新春问候 ${run}`, '谢谢，也祝您新春快乐！');

    // My inbox, in Chinese: the reply, opened and answered.
    await page.goto(server.url);
    await page.getByRole('navigation', { name: DOOR['zh-CN'].menu }).getByRole('link', { name: '收件箱' }).click();
    const table = page.getByRole('table', { name: '我的收件箱' });
    await expect
      .poll(
        async () => {
          if ((await table.locator('tbody tr').count()) < 1) await page.reload();
          return table.locator('tbody tr').count();
        },
        { timeout: 120_000, interval: 2_000 },
      )
      .toBe(1);
    await expect.poll(() => table.getByRole('columnheader').allTextContents()).toEqual(['收到时间', '客户', '主题', '类型']);
    await zhShot(page, '05-my-inbox');
    await table.getByRole('link', { name: `Re: ${zhCustomer.name}，新春问候 ${run}` }).click();
    await page.getByRole('heading', { level: 1, name: `Re: ${zhCustomer.name}，新春问候 ${run}` }).waitFor();
    await page.getByRole('button', { name: /^回复$/ }).click();
    await page.getByLabel('您的回复').fill(`不客气 ${run}`);
    await zhShot(page, '06-reply');
    await page.getByRole('button', { name: /发送回复/ }).click();
    await expect.poll(() => page.getByTestId('reply-sent').textContent(), { timeout: 30_000 }).toBe(`您的回复“Re: ${zhCustomer.name}，新春问候 ${run}”正在发送。`);
    const mine = await must<{ id: number; kind: string }[]>(repApi, 'GET', '/api/inbox/mine');
    const replyId = mine.find((m) => m.kind === 'reply')!.id;
    const customerMessageId = (await must<{ messageId: string }>(repApi, 'GET', `/api/inbox/messages/${replyId}`)).messageId;
    const answer = await pollUntil('the answer in Li Na’s mailbox', async () => (await readMailbox(zhCustomer.email)).find((m) => m.text?.includes(`不客气 ${run}`)), 90_000);
    expect(answer.inReplyTo).toBe(customerMessageId);
    expect(errors.filter((e) => !/40[13]/.test(e))).toEqual([]);
    await page.context().close();
  }, 400_000);
});

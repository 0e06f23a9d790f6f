// The customers section in a real browser against a real `tidings serve` and the local mail
// servers: a marketer imports a CSV through the mapping step (one bad row in the error report),
// searches, ticks three customers and emails them; exactly those three mailboxes receive it
// (read back over IMAP); a reply sent over SMTP is filed by the inbox poller and shows up on the
// customer page's timeline, whose entries open the received message and the sent campaign's results.
import { randomBytes } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeInBrowser, launchChromium, openPage, screenshot } from '../helpers/browser.js';
import { startWebServer, type WebServer } from '../helpers/web-server.js';
import {
  createGroupInTree,
  deleteSelectedGroup,
  emailTicked,
  groupTree,
  importCustomersCsv,
  moveSelectedGroup,
  openCustomer,
  readMailbox,
  renameSelectedGroup,
  replyAsCustomer,
  searchCustomers,
  tickCustomers,
  waitForTimelineEntry,
} from './flows/customers.js';
import { apiSession, createLocalMailAccount, must, signInInBrowser } from './flows/session.js';

const run = randomBytes(3).toString('hex');
const address = (name: string) => `${run}-${name}@example.test`;
const SENDER = address('sender');
const MARKETER = { username: `mia-${run}`, password: 'marketer-password-1', role: 'marketer', displayName: 'Mia Marketer' };
const PEOPLE = [
  { name: 'Alice Chen', key: 'alice', phone: '138 0013 8001', birthday: '1990-03-15', company: 'Harbour Tea', group: 'VIP' },
  { name: '王芳', key: 'wangfang', phone: '13800138002', birthday: '--06-01', company: '遵义茶业', group: 'Fair/2025' },
  { name: 'Bob Li', key: 'bob', phone: '', birthday: '', company: 'Harbour Tea', group: 'Fair/2025' },
  { name: '张伟', key: 'zhangwei', phone: '13800138004', birthday: '1985-11-30', company: '', group: 'VIP' },
  { name: 'Carol Wu', key: 'carol', phone: '', birthday: '', company: 'Kite & Co', group: '' },
  { name: '刘洋', key: 'liuyang', phone: '', birthday: '1979-02-10', company: '', group: '' },
];
const TICKED = ['Alice Chen', '王芳', 'Bob Li'];

/** Six good rows and one with a broken email address (line 5 of the file). */
function csvFile(): string {
  const rows = PEOPLE.map((p, i) => [p.name, address(p.key), p.phone, p.birthday, p.company, i % 2 ? '遵义' : 'Guiyang', p.group].join(','));
  rows.splice(3, 0, `Broken Row,not-an-address-${run},,,,,`);
  return ['Name,E-mail,Mobile,Birthday,Company,City,Group', ...rows].join('\r\n');
}

await describeInBrowser(['smtp', 'submission', 'imap'], 'web UI customers: import, search, tick, email, timeline', () => {
  let server: WebServer;
  let browser: Browser;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    [server, browser] = await Promise.all([
      startWebServer({ TIDINGS_ALLOW_PRIVATE_HOSTS: '127.0.0.1/8,::1', SEND_SMTP_ALLOW_SELF_SIGNED: '1', TIDINGS_INBOX_POLL_SECONDS: '1' }),
      launchChromium(),
    ]);
    const admin = await apiSession(server.url, 'admin', server.adminPassword);
    // The marketer has no mail account of their own: the compose dialog offers the default one.
    await createLocalMailAccount(admin, { address: SENDER });
    await must(admin, 'POST', '/api/users', MARKETER);
    ({ page, errors } = await openPage(browser, { locale: 'en-GB', allow: [/401 \(Unauthorized\)/] }));
    await signInInBrowser(page, server.url, MARKETER.username, MARKETER.password);
  }, 90_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('imports a CSV through the mapping step, with the bad row in the error report', async () => {
    const outcome = await importCustomersCsv(page, server.url, csvFile(), {
      remap: { City: 'Custom field “City”' },
      shoot: (p, name) => screenshot(p, name),
    });
    expect(outcome.dryRun).toBe('Would import 6, update 0, skip 0; rows with errors: 1.');
    expect(outcome.report).toBe('Imported 6, updated 0, skipped 0, failed 1.');
    const errorTable = page.getByRole('region', { name: 'Rows with errors' }).getByRole('table');
    await expect.poll(() => errorTable.locator('tbody tr').count()).toBe(1);
    await expect.poll(() => errorTable.locator('tbody tr td').first().textContent()).toBe('5');
    await expect.poll(() => errorTable.textContent()).toContain(`not-an-address-${run}`);
    await expect.poll(() => page.getByRole('link', { name: 'Download the error report (CSV)' }).getAttribute('href')).toMatch(/^blob:/);
  });

  it('lists the customers; nobody ticked is said to mean everybody, with the count', async () => {
    await page.getByRole('link', { name: 'See the customers' }).click();
    await expect.poll(() => page.locator('table tbody tr').count()).toBe(6);
    const summary = page.getByTestId('selection-summary');
    await expect.poll(() => summary.textContent()).toMatch(/^Nobody ticked: Email and SMS go to all 6 customers\. Email reaches 6 of 6 .*SMS reaches 3 of 6 \(0 opted out, 3 without a mobile number\)/);
    await screenshot(page, 'customers-list');
    // With nobody ticked, Email is a bulk campaign for everybody: the campaigns section takes over.
    await page.getByRole('button', { name: 'Email all 6 customers (new campaign)' }).click();
    await expect.poll(() => new URL(page.url()).pathname + new URL(page.url()).search).toBe('/campaigns/new?channel=email&all=1');
    await page.goBack();

    // The group tree came from the file's Group column; a group narrows the view and the sentence names it.
    const groups = page.getByRole('navigation', { name: 'Groups and saved filters' });
    await expect.poll(() => groups.getByRole('link').allTextContents()).toEqual(['All customers', 'Fair', '2025', 'VIP']);
    await groups.getByRole('link', { name: 'VIP' }).click();
    await expect.poll(() => page.locator('table tbody tr').count()).toBe(2);
    await expect.poll(() => summary.textContent()).toMatch(/^Nobody ticked: Email and SMS go to all 2 customers in this view \(group VIP\)\./);
    await groups.getByRole('link', { name: 'All customers' }).click();
    await expect.poll(() => page.locator('table tbody tr').count()).toBe(6);

    // A quick filter narrows the view; the sentence names it.
    await page.getByRole('checkbox', { name: 'Has a mobile number' }).check();
    await expect.poll(() => page.locator('table tbody tr').count()).toBe(3);
    await expect.poll(() => summary.textContent()).toMatch(/all 3 customers in this view \(Has a mobile number\)/);
    // Saved as a filter, it joins the tree and is the view.
    await page.getByLabel('Save these filters as').fill('With a mobile');
    await page.getByRole('button', { name: 'Save filter' }).click();
    await expect.poll(() => groups.getByRole('link', { name: 'With a mobile' }).getAttribute('aria-current')).toBe('page');
    await expect.poll(() => summary.textContent()).toMatch(/all 3 customers in this view \(saved filter With a mobile\)/);
    await expect.poll(() => page.getByRole('checkbox', { name: 'Has a mobile number' }).isChecked()).toBe(false);
    await groups.getByRole('link', { name: 'All customers' }).click();
    await expect.poll(() => page.locator('table tbody tr').count()).toBe(6);

    // The custom field from the mapping step was stored.
    await page.getByRole('link', { name: 'Alice Chen', exact: true }).click();
    await expect.poll(() => page.locator('dl').textContent()).toContain('Guiyang');
    await page.goBack();
  });

  it('creates, renames, moves and deletes a group from the tree panel', async () => {
    const links = () => groupTree(page).getByRole('list').first().getByRole('link').allTextContents();
    const indent = (name: string) => groupTree(page).getByRole('listitem').filter({ has: page.getByRole('link', { name, exact: true }) }).evaluate((li) => (li as HTMLElement).style.paddingLeft);
    await createGroupInTree(page, `Expo ${run}`);
    await expect.poll(links).toEqual(['All customers', `Expo ${run}`, 'Fair', '2025', 'VIP']);
    await renameSelectedGroup(page, `Expo ${run}`, 'Spring expo');
    await expect.poll(links).toEqual(['All customers', 'Fair', '2025', 'Spring expo', 'VIP']);
    await moveSelectedGroup(page, 'Spring expo', 'Fair');
    // Under Fair it sorts after 2025 and is indented like it.
    await expect.poll(links).toEqual(['All customers', 'Fair', '2025', 'Spring expo', 'VIP']);
    await expect.poll(() => indent('Spring expo')).toBe(await indent('2025'));
    await screenshot(page, 'customers-group-moved');
    expect(await deleteSelectedGroup(page, 'Spring expo')).toContain('The customers in them stay');
    await expect.poll(links).toEqual(['All customers', 'Fair', '2025', 'VIP']);
    await expect.poll(() => groupTree(page).getByRole('link', { name: 'All customers' }).getAttribute('aria-current')).toBe('page');
    await expect.poll(() => page.locator('table tbody tr').count()).toBe(6);
  });

  it('searches, ticks three, emails them; exactly those three mailboxes get it', async () => {
    await searchCustomers(page, 'Harbour', 2);
    await searchCustomers(page, run, 6);
    const selection = await tickCustomers(page, TICKED);
    expect(selection).toContain('Email reaches 3 of 3 (0 unsubscribed or bounced, 0 without an address)');
    await screenshot(page, 'customers-selection');
    await page.getByRole('button', { name: 'SMS to the 3 ticked customers (new campaign)' }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('channel')).toBe('sms');
    expect(new URL(page.url()).searchParams.get('customerIds')?.split(',')).toHaveLength(3);
    await page.goBack();
    await expect.poll(() => page.getByTestId('selection-summary').textContent()).toMatch(/^3 ticked/);

    const subject = `Spring news ${run}`;
    const done = await emailTicked(page, { subject, text: `Dear {{customer.displayName}}, our spring tea is here. ${run}` }, (p, name) => screenshot(p, name));
    expect(done).toMatch(/^Done: 3 sent, 0 failed/);

    const ticked = PEOPLE.filter((p) => TICKED.includes(p.name));
    const others = PEOPLE.filter((p) => !TICKED.includes(p.name));
    // Postfix hands the messages to Dovecot asynchronously: wait (bounded) for the three.
    await expect
      .poll(async () => (await Promise.all(ticked.map((p) => readMailbox(address(p.key))))).map((box) => box.length), { timeout: 20_000, interval: 250 })
      .toEqual([1, 1, 1]);
    for (const person of ticked) {
      const [mail] = await readMailbox(address(person.key));
      expect(mail?.subject).toBe(subject);
      expect(mail?.text).toContain(`Dear ${person.name}, our spring tea is here.`);
      expect(mail?.from?.value[0]?.address).toBe(SENDER);
    }
    for (const person of others) expect(await readMailbox(address(person.key))).toEqual([]);
  });

  it('files a reply from one customer on their page, newest first', async () => {
    const replier = PEOPLE[0]!;
    const [received] = await readMailbox(address(replier.key));
    expect(received?.messageId).toBeTruthy();
    await replyAsCustomer(address(replier.key), SENDER, received!.messageId!, `Re: ${received!.subject}`, `Thank you, two boxes please. ${run}`);

    await page.getByRole('button', { name: 'Clear ticks' }).click();
    await page.getByRole('button', { name: 'Clear ticks' }).waitFor({ state: 'detached' });
    await openCustomer(page, replier.name);
    const timeline = await waitForTimelineEntry(page, `two boxes please. ${run}`, 40_000);
    expect(timeline).toContain('Received');
    expect(timeline).toContain(`Spring news ${run}`);
    await expect.poll(() => page.getByTestId('timeline').locator('li').allTextContents()).toEqual([expect.stringMatching(/^Received/), expect.stringMatching(/^Sent/)]);
    await screenshot(page, 'customers-customer-page');

    // The received entry opens the message itself, from the keyboard: focus the link, press Enter.
    const customerPath = new URL(page.url()).pathname;
    const messages = page.getByRole('region', { name: 'Messages' });
    await messages.getByRole('link', { name: `Re: Spring news ${run}`, exact: true }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => new URL(page.url()).pathname).toMatch(/^\/inbox\/messages\/\d+$/);
    await page.getByRole('heading', { level: 1, name: `Re: Spring news ${run}` }).waitFor();
    const message = page.getByRole('article', { name: `Re: Spring news ${run}` });
    await expect.poll(() => message.textContent()).toContain(`Thank you, two boxes please. ${run}`);
    await expect.poll(() => message.textContent()).toContain(address(replier.key));
    await page.goBack();
    await expect.poll(() => new URL(page.url()).pathname).toBe(customerPath);

    // The sent entry opens its campaign's results, where this customer's message is listed as sent.
    await messages.getByRole('link', { name: `Spring news ${run}`, exact: true }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => new URL(page.url()).pathname).toMatch(/^\/campaigns\/\d+$/);
    const row = page.getByTestId('messages-table').getByRole('row').filter({ has: page.getByRole('rowheader', { name: address(replier.key) }) });
    await expect.poll(() => row.getAttribute('data-state')).toBe('sent');
    await page.goBack();
    await page.getByRole('heading', { level: 1, name: replier.name }).waitFor();

    // Edit: a title and a second address; the page shows them after saving.
    await page.getByRole('button', { name: 'Edit', exact: true }).click();
    const form = page.getByRole('form', { name: `Edit ${replier.name}` });
    await form.getByLabel('Title', { exact: true }).fill('Ms');
    await form.getByLabel('Email addresses').fill(`${address(replier.key)}\n${address('alice-work')}`);
    await form.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Saved.' }).count()).toBe(1);
    const details = page.getByRole('region', { name: 'Details' });
    await expect.poll(() => details.textContent()).toContain('TitleMs');
    await expect.poll(() => details.textContent()).toContain(`${address(replier.key)} primary${address('alice-work')}`);
  });

  it('shows the list in Chinese', async () => {
    await page.goto(`${server.url}/customers`);
    await page.getByLabel('Language').selectOption('zh-CN');
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('客户');
    await expect.poll(() => page.getByTestId('selection-summary').textContent()).toMatch(/^未勾选任何人：邮件和短信将发给全部 6 位客户。/);
    await screenshot(page, 'customers-list-zh-CN');
    await page.getByLabel('语言').selectOption('en');
    expect(errors).toEqual([]);
  });
});

// Issue #12's acceptance, as one story in a real browser against a real `tidings serve`:
// a marketer adds a mailbox on the local Postfix/Dovecot through the wizard, imports customers,
// ticks three and emails them; the mail is read back over IMAP, a customer's reply is filed on
// the customer page. Finance tops up and sees the statistics chart; sales cannot open the wallet.
// The steps are the sections' own flows (test/web/flows), chained.
import { randomBytes } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTwilioFake, type TwilioFake } from '../fixtures/sms/twilio-server.js';
import { describeInBrowser, launchChromium, openPage, screenshot } from '../helpers/browser.js';
import { startWebServer, type WebServer } from '../helpers/web-server.js';
import { addMailboxViaWizard } from './flows/accounts.js';
import { emailTicked, importCustomersCsv, openCustomer, readMailbox, replyAsCustomer, searchCustomers, tickCustomers, waitForTimelineEntry } from './flows/customers.js';
import { apiSession, createUser, MAILBOX_PASSWORD, pollUntil, signInInBrowser, type ApiSession } from './flows/session.js';
import { createTwilioSmsAccount, expectWalletForbidden, openWallet, readBalanceMinor, readChartBars, sendSmsCampaign, setStatsRange, topUpViaForm, TWILIO_SID, TWILIO_TOKEN } from './flows/wallet.js';

const run = randomBytes(3).toString('hex');
const SENDER = `${run}-mailbox@example.test`;
const MARKETER = { username: `marketer-${run}`, role: 'marketer', password: 'marketer-Accept-1', displayName: 'Mia Marketer' };
const FINANCE = { username: `finance-${run}`, role: 'finance', password: 'finance-Accept-1', displayName: 'Fei Finance' };
const SALES = { username: `sales-${run}`, role: 'sales', password: 'sales-Accept-1', displayName: 'Sam Sales' };
const PEOPLE = ['Ada Lin', '陈静', 'Ben Zhou', '李娜', 'Cai Wen'].map((name, i) => ({ name, email: `${run}-c${i}@example.test` }));
const TICKED = ['Ada Lin', '陈静', 'Ben Zhou'];

await describeInBrowser(['smtp', 'submission', 'imap'], 'web UI acceptance: marketer, finance and sales in one story', () => {
  let server: WebServer;
  let browser: Browser;
  let twilio: TwilioFake;
  let admin: ApiSession;

  beforeAll(async () => {
    twilio = await startTwilioFake(TWILIO_SID, TWILIO_TOKEN);
    [server, browser] = await Promise.all([
      startWebServer({ TIDINGS_ALLOW_PRIVATE_HOSTS: '127.0.0.1/8,::1', SEND_SMTP_ALLOW_SELF_SIGNED: '1', TIDINGS_INBOX_POLL_SECONDS: '1' }),
      launchChromium(),
    ]);
    admin = await apiSession(server.url, 'admin', server.adminPassword);
    for (const user of [MARKETER, FINANCE, SALES]) await createUser(admin, user);
  }, 90_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await twilio?.close();
  });

  async function signedIn(user: { username: string; password: string }): Promise<{ page: Page; errors: string[] }> {
    // 401: /api/auth/me before sign-in; 404: the detection miss the wizard shows as "no servers found".
    const { page, errors } = await openPage(browser, { locale: 'en-GB', acceptDownloads: true, allow: [/401 \(Unauthorized\)/, /404 \(Not Found\)/] });
    await signInInBrowser(page, server.url, user.username, user.password);
    return { page, errors };
  }

  it('marketer: wizard mailbox, CSV import, tick three, email, read back over IMAP, reply filed on the customer page', async () => {
    const { page, errors } = await signedIn(MARKETER);

    const mailbox = await addMailboxViaWizard(page, server.url, { address: SENDER, password: MAILBOX_PASSWORD, displayName: 'Mia at Tidings', makeDefault: true });
    expect(mailbox.checks.join('\n')).toMatch(/SMTP/);
    await screenshot(page, 'acceptance-01-mailbox-added');

    const csv = ['Name,Email', ...PEOPLE.map((p) => `${p.name},${p.email}`)].join('\n');
    const imported = await importCustomersCsv(page, server.url, csv);
    expect(imported.report).toBe(`Imported ${PEOPLE.length}, updated 0, skipped 0, failed 0.`);

    await page.goto(`${server.url}/customers`);
    await searchCustomers(page, run, PEOPLE.length);
    await tickCustomers(page, TICKED);
    const subject = `Mid-autumn greetings ${run}`;
    const done = await emailTicked(page, { subject, text: `Dear {{customer.displayName}}, happy Mid-Autumn Festival! ${run}` });
    expect(done).toMatch(/^Done: 3 sent, 0 failed/);
    await screenshot(page, 'acceptance-02-emailed');

    // Delivered: each ticked customer's mailbox has it (Postfix → Dovecot is asynchronous), the others nothing.
    const received = await Promise.all(
      PEOPLE.map(async (person) => {
        const expectIt = TICKED.includes(person.name);
        return pollUntil(
          `${person.email}'s mailbox`,
          async () => {
            const mails = (await readMailbox(person.email)).filter((m) => m.subject === subject);
            return expectIt ? mails[0] : mails.length === 0 ? null : undefined;
          },
          expectIt ? 30_000 : 1,
        );
      }),
    );
    const first = received[0];
    if (!first) throw new Error('Ada Lin got no mail');
    expect(first.text).toContain('Dear Ada Lin');
    expect(first.from?.value[0]?.address).toBe(SENDER);
    expect(received.filter(Boolean)).toHaveLength(3);

    // Ada replies from her own mailbox; the poller files it under her, shown on her page.
    await replyAsCustomer(PEOPLE[0]!.email, SENDER, first.messageId ?? '', `Re: ${subject}`, `Thank you, same to you! ${run}`);
    await page.goto(`${server.url}/customers?q=${run}`);
    await openCustomer(page, 'Ada Lin');
    const timeline = await waitForTimelineEntry(page, `Re: ${subject}`, 60_000);
    expect(timeline).toContain(subject);
    await screenshot(page, 'acceptance-03-reply-filed');
    expect(errors).toEqual([]);
  });

  it('finance tops up and sees the statistics chart; sales cannot open the wallet', async () => {
    await createTwilioSmsAccount(admin, { name: 'sms-accept', apiBaseUrl: twilio.url });
    await sendSmsCampaign(admin, { account: 'sms-accept', phones: ['+8613800000011', '+8613800000012'], body: `Acceptance ${run}`, topUpMinor: 1_000 });

    const finance = await signedIn(FINANCE);
    await openWallet(finance.page);
    const before = await readBalanceMinor(finance.page);
    await topUpViaForm(finance.page, { amount: '88.88', reference: `ACC-${run}` });
    await expect.poll(() => readBalanceMinor(finance.page)).toBe(before + 88_880);
    await setStatsRange(finance.page, { preset: 'Last 30 days', by: 'Day' });
    await expect
      .poll(async () => {
        const bars = await readChartBars(finance.page);
        return { bars: bars.length, messages: bars.reduce((sum, bar) => sum + bar.value, 0) };
      })
      .toEqual({ bars: 30, messages: 2 });
    await screenshot(finance.page, 'acceptance-04-finance-chart');
    expect(finance.errors).toEqual([]);

    const sales = await signedIn(SALES);
    await expectWalletForbidden(sales.page, server.url);
    const refused = await (await apiSession(server.url, SALES.username, SALES.password)).call('GET', '/api/wallet/sms-accept');
    expect(refused.status).toBe(403);
    await screenshot(sales.page, 'acceptance-05-sales-forbidden');
  });
});

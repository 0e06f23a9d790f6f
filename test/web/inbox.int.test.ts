// The inbox section in a real browser against a real `tidings serve` whose poller watches a local
// Dovecot mailbox: mail from an unknown sender lands as unfiled, is read in a sandboxed frame and
// filed under a customer with the search picker; a campaign's reply and its real bounce (Postfix
// DSN for a nosuch* address) show up per campaign. Screenshots in English and Chinese.
import { randomBytes } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeInBrowser, launchChromium, openPage, screenshot } from '../helpers/browser.js';
import { startWebServer, type WebServer } from '../helpers/web-server.js';
import { readMailbox, replyAsCustomer } from './flows/customers.js';
import { apiSession, createLocalMailAccount, must, signInInBrowser, type ApiSession } from './flows/session.js';
import { deliverLocally } from '../helpers/mailbox.js';
import { assignUnfiledInUi, campaignAnswersInUi, sendAsStranger, waitForCampaignAnswers, waitForUnfiled } from './flows/inbox.js';

const run = randomBytes(3).toString('hex');
const MAILBOX = `inbox-${run}@example.test`;
const OLGA = { name: `Olga Orlova ${run}`, email: `olga-${run}@example.test` };
const GHOST = { name: `Ghost ${run}`, email: `nosuch-ghost-${run}@example.test` };
const QUESTION = `Question about prices ${run}`;
const SECOND = `关于价格的问题 ${run}`;
const CAMPAIGN = `Spring news ${run}`;

await describeInBrowser(['smtp', 'submission', 'imap'], 'web UI inbox: unfiled mail filed by hand, answers per campaign', () => {
  let server: WebServer;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  let admin: ApiSession;
  let olgaId: number;
  let campaignId: number;

  beforeAll(async () => {
    [server, browser] = await Promise.all([
      startWebServer({ TIDINGS_ALLOW_PRIVATE_HOSTS: '127.0.0.1/8,::1', SEND_SMTP_ALLOW_SELF_SIGNED: '1', TIDINGS_INBOX_POLL_SECONDS: '1' }),
      launchChromium(),
    ]);
    admin = await apiSession(server.url, 'admin', server.adminPassword);
    const account = await createLocalMailAccount(admin, { address: MAILBOX, displayName: 'Tidings Inbox' });
    olgaId = (await must<{ id: number }>(admin, 'POST', '/api/customers', { name: OLGA.name, emails: [OLGA.email] })).id;
    const ghostId = (await must<{ id: number }>(admin, 'POST', '/api/customers', { name: GHOST.name, emails: [GHOST.email] })).id;
    const template = await must<{ versions: { id: number }[] }>(admin, 'POST', '/api/templates', {
      name: `news-${run}`,
      channel: 'email',
      version: { subject: 'Spring news', bodyFormat: 'text', body: 'Hello {{customer.displayName}}, spring is here.', isMarketing: false },
    });
    campaignId = (
      await must<{ id: number }>(admin, 'POST', '/api/campaigns', {
        name: CAMPAIGN,
        mailAccount: account.id,
        templateVersionId: template.versions[0]!.id,
        audience: { customerIds: [olgaId, ghostId] },
      })
    ).id;
    await must(admin, 'POST', `/api/campaigns/${campaignId}/start`, {});
    await sendAsStranger(`stranger-${run}@example.test`, MAILBOX, QUESTION, {
      text: 'How much is the spring tea?',
      html: '<p>How much is the <b>spring tea</b>?</p><script>alert(1)</script>',
    });
    await sendAsStranger(`wang-${run}@example.test`, MAILBOX, SECOND, { text: '春茶多少钱？' });
    ({ page, errors } = await openPage(browser, { locale: 'en-GB', allow: [/401 \(Unauthorized\)/] }));
    await Promise.all([waitForUnfiled(admin, QUESTION), waitForUnfiled(admin, SECOND), signInInBrowser(page, server.url, 'admin', server.adminPassword)]);
  }, 90_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('lists the unfiled message, shows it sandboxed, files it under a customer found with the picker', async () => {
    await page.goto(`${server.url}/inbox`);
    const table = page.getByRole('table', { name: 'Unfiled messages' });
    const row = table.getByRole('row').filter({ hasText: QUESTION });
    await expect.poll(() => row.textContent()).toContain(`stranger-${run}@example.test`);
    await expect.poll(() => row.textContent()).toContain('none');
    await screenshot(page, 'inbox-unfiled');

    await table.getByRole('link', { name: QUESTION }).click();
    const frame = page.locator('iframe[title^="Message content"]');
    await expect.poll(() => frame.getAttribute('sandbox')).toBe('');
    await expect.poll(() => page.frameLocator('iframe[title^="Message content"]').getByText('spring tea').textContent()).toBe('spring tea');
    // Read once the message is shown (a negative check passes on a frame not filled in yet).
    expect(await frame.getAttribute('srcdoc')).not.toMatch(/<script/i);

    await assignUnfiledInUi(page, server.url, { subject: QUESTION, search: 'Olga', customerName: OLGA.name, shoot: (p, name) => screenshot(p, name) });
    // Filed by hand, under Olga; the other message still waits.
    const id = (await must<{ id: number; subject: string }[]>(admin, 'GET', `/api/customers/${olgaId}/timeline`)).find((e) => e.subject === QUESTION)?.id;
    expect(await must(admin, 'GET', `/api/inbox/messages/${id}`)).toMatchObject({ customerId: olgaId, filedBy: 'manual' });
    await expect.poll(() => page.getByRole('table', { name: 'Unfiled messages' }).getByRole('link', { name: SECOND }).count()).toBe(1);
  });

  it("shows a campaign's reply and its real bounce", async () => {
    // Olga got the campaign; she answers it. The ghost's address bounces with a DSN from Postfix.
    let sent: { messageId?: string; subject?: string } | undefined;
    await expect
      .poll(
        async () => {
          sent = (await readMailbox(OLGA.email)).find((m) => m.subject === 'Spring news');
          return sent !== undefined;
        },
        { timeout: 30_000, interval: 500 },
      )
      .toBe(true);
    await replyAsCustomer(OLGA.email, MAILBOX, sent!.messageId!, 'Re: Spring news', 'Lovely, please send the price list.');
    await waitForCampaignAnswers(admin, campaignId, { replies: 1, bounces: 1 });

    const cells = await campaignAnswersInUi(page, server.url, CAMPAIGN);
    expect(cells.slice(0, 6)).toEqual([CAMPAIGN, 'Email', '1', '1', '0', '0']);
    await screenshot(page, 'inbox-campaigns');
    await page.getByRole('link', { name: CAMPAIGN }).click();
    const list = page.getByRole('table', { name: `Answers to ${CAMPAIGN}` });
    await list.waitFor();
    await expect.poll(() => list.getByRole('row').count()).toBe(3);
    await page.getByLabel('Show').selectOption({ label: 'Bounce' });
    await expect.poll(() => list.getByRole('row').count()).toBe(2);
    await expect.poll(() => list.getByRole('row').nth(1).textContent()).toMatch(new RegExp(`hard.*nosuch-ghost-${run}@example\\.test`));
    await screenshot(page, 'inbox-campaign-bounces');
  });

  it('a forged bounce suppresses nobody until a person confirms it in the banner', async () => {
    const vip = `vip-${run}@client.example`;
    const subject = `Undelivered Mail Returned to Sender ${run}`;
    await deliverLocally({
      from: 'MAILER-DAEMON@mx.attacker.example',
      to: MAILBOX,
      subject,
      headers: { 'X-Failed-Recipients': vip },
      text: `<${vip}>: 550 5.1.1 user unknown`,
    });
    const id = await waitForUnfiled(admin, subject);
    const suppressed = async () => (await must<{ items: { value: string }[] }>(admin, 'GET', `/api/suppressions?query=${encodeURIComponent(vip)}`)).items.length;
    expect(await must(admin, 'GET', `/api/inbox/messages/${id}`)).toMatchObject({ kind: 'bounce', effect: { state: 'unverified', addresses: [vip] } });
    expect(await suppressed()).toBe(0);

    await page.goto(`${server.url}/inbox/messages/${id}`);
    const banner = page.getByRole('region', { name: 'Unverified bounce — confirm?' });
    await banner.waitFor();
    await expect.poll(() => banner.textContent()).toContain(`Confirming stops mail to: ${vip}`);
    await screenshot(page, 'inbox-unverified-bounce');
    await banner.getByRole('button', { name: 'Confirm' }).click();
    await page.getByText(`Confirmed. Mail to ${vip} is stopped.`).waitFor();
    expect(await suppressed()).toBe(1);
    expect(await must(admin, 'GET', `/api/inbox/messages/${id}`)).toMatchObject({ effect: { state: 'confirmed' } });
  });

  it('speaks Chinese: the unfiled list', async () => {
    const { page: zh, errors: zhErrors } = await openPage(browser, { locale: 'zh-CN', allow: [/401 \(Unauthorized\)/] });
    await signInInBrowser(zh, server.url, 'admin', server.adminPassword);
    await zh.getByRole('navigation', { name: '主菜单' }).getByRole('link', { name: '收件箱' }).click();
    const table = zh.getByRole('table', { name: '待归档邮件' });
    await table.getByRole('link', { name: SECOND }).waitFor();
    await expect.poll(() => table.getByRole('columnheader').allTextContents()).toEqual(['收到时间', '发件人', '主题', '类型', '匹配的客户']);
    await screenshot(zh, 'inbox-unfiled-zh-CN');
    expect(zhErrors).toEqual([]);
    await zh.context().close();
  });

  it('had no console errors', () => {
    expect(errors).toEqual([]);
  });
});

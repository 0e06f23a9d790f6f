// The sales rep's day in a real browser against a real `tidings serve` whose poller watches the
// rep's own mailbox on the local Dovecot: the rep emails three of their customers with a live
// preview (one address bounces through the local Postfix, one customer is suppressed and named as
// skipped), the customer's reply and the bounce arrive in "My inbox", and the rep's Reply reaches
// the customer's real mailbox threaded under their message; Forward sends the customer's message to
// a colleague's address. English and Chinese, with screenshots.
import { randomBytes } from 'node:crypto';
import { ImapFlow } from 'imapflow';
import { simpleParser } from 'mailparser';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeInBrowser, launchChromium, openPage, screenshot } from '../helpers/browser.js';
import { startWebServer, type WebServer } from '../helpers/web-server.js';
import { readMailbox, replyAsCustomer, searchCustomers } from './flows/customers.js';
import { apiSession, createLocalMailAccount, MAILBOX_PASSWORD, must, pollUntil, signInInBrowser, type ApiSession } from './flows/session.js';
import { SERVICES } from '../helpers/services.js';

const run = randomBytes(3).toString('hex');
const REP = { username: `rep-${run}`, password: `rep-pass-${run}-long`, mailbox: `rep-${run}@example.test`, name: `Li Lei ${run}` };
const WANG = { name: `Wang Fang ${run}`, email: `wang-${run}@example.test` };
const GHOST = { name: `Ghost ${run}`, email: `nosuch-ghost-${run}@example.test` };
const GONE = { name: `Zhang San ${run}`, email: `zhang-${run}@example.test` };
const GREETING = `year-end greetings ${run}`;

/** Subjects and texts in the folder Dovecot flags \\Sent in `address`'s mailbox (none while it does not exist). */
async function sentFolder(address: string): Promise<{ subject: string; text: string }[]> {
  const client = new ImapFlow({ ...SERVICES.imap, secure: false, auth: { user: address, pass: MAILBOX_PASSWORD }, tls: { rejectUnauthorized: false }, logger: false });
  await client.connect();
  try {
    const path = (await client.list()).find((f) => f.specialUse === '\\Sent')?.path;
    if (!path) return [];
    const lock = await client.getMailboxLock(path);
    try {
      if (typeof client.mailbox !== 'object' || client.mailbox.exists === 0) return [];
      const out: { subject: string; text: string }[] = [];
      for await (const m of client.fetch('1:*', { source: true })) {
        if (!m.source) continue;
        const parsed = await simpleParser(m.source);
        out.push({ subject: parsed.subject ?? '', text: parsed.text ?? '' });
      }
      return out;
    } finally {
      lock.release();
    }
  } finally {
    await client.logout();
  }
}

interface Mine {
  id: number;
  kind: string;
  subject: string | null;
  read: boolean;
}

await describeInBrowser(['smtp', 'submission', 'imap'], "web UI: the sales rep's day", () => {
  let server: WebServer;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  let rep: ApiSession;
  let admin: ApiSession;
  let suppressedOn: string;

  beforeAll(async () => {
    [server, browser] = await Promise.all([
      startWebServer({ TIDINGS_ALLOW_PRIVATE_HOSTS: '127.0.0.1/8,::1', SEND_SMTP_ALLOW_SELF_SIGNED: '1', TIDINGS_INBOX_POLL_SECONDS: '1' }),
      launchChromium(),
    ]);
    admin = await apiSession(server.url, 'admin', server.adminPassword);
    const user = await must<{ id: number }>(admin, 'POST', '/api/users', { username: REP.username, role: 'sales', password: REP.password });
    const account = await createLocalMailAccount(admin, { address: REP.mailbox, displayName: REP.name });
    // The rep's personal mailbox: theirs to send from and to read.
    await must(admin, 'PATCH', `/api/accounts/${account.id}/owner`, { ownerUserId: user.id });
    for (const c of [WANG, GHOST, GONE]) await must(admin, 'POST', '/api/customers', { name: c.name, emails: [c.email], owner: REP.username });
    await must(admin, 'POST', '/api/suppressions', { value: GONE.email, reason: 'unsubscribed', detail: 'asked by phone' });
    suppressedOn = new Date().toISOString().slice(0, 10);
    rep = await apiSession(server.url, REP.username, REP.password);
    ({ page, errors } = await openPage(browser, { locale: 'en-GB', allow: [/401 \(Unauthorized\)/] }));
    await signInInBrowser(page, server.url, REP.username, REP.password);
  }, 90_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('composes with a live preview from their own mailbox, sends, and is told who was skipped and why', async () => {
    await page.goto(`${server.url}/customers`);
    await searchCustomers(page, run, 3);
    for (const name of [WANG.name, GHOST.name, GONE.name]) await page.getByRole('checkbox', { name: `Tick ${name}`, exact: true }).check();
    await page.getByRole('button', { name: 'Email the 3 ticked customers' }).click();
    const dialog = page.getByRole('dialog');
    await expect.poll(() => dialog.getByTestId('compose-from').textContent(), { timeout: 15_000 }).toBe(`From: ${REP.name} <${REP.mailbox}>`);
    await dialog.getByLabel(/^Subject/).fill(`{{customer.displayName}}, ${GREETING}`);
    await dialog.getByLabel('Message').fill('Dear ');
    // The customer's own merge fields are offered; inserting one shows its value in the preview.
    await dialog.getByRole('button', { name: 'Insert {{customer.displayName}}' }).click();
    await expect.poll(() => dialog.getByTestId('preview-subject').textContent(), { timeout: 15_000 }).toMatch(new RegExp(`^(${WANG.name}|${GHOST.name}|${GONE.name}), ${GREETING}$`));
    await expect.poll(() => dialog.getByTestId('preview-text').textContent()).toMatch(new RegExp(`Dear (${WANG.name}|${GHOST.name}|${GONE.name})`));
    await screenshot(page, 'rep-compose-preview');
    await dialog.getByRole('button', { name: 'Send' }).click();
    const skipped = page.getByRole('dialog').getByTestId('skipped');
    await expect.poll(() => skipped.textContent(), { timeout: 15_000 }).toBe(`Not sent to ${GONE.name}: unsubscribed on ${suppressedOn}`);
    await expect.poll(() => page.getByRole('dialog').getByText('On its way to 2 recipient(s).').count()).toBe(1);
    await screenshot(page, 'rep-compose-skipped');
    await page.getByRole('dialog').getByRole('button', { name: 'Close' }).click();
  });

  it('sees the reply and the bounce in My inbox, opens the reply and answers it; the answer reaches the customer threaded', async () => {
    const sent = await pollUntil(
      'the greeting in the customer mailbox',
      async () => (await readMailbox(WANG.email)).find((m) => m.subject === `${WANG.name}, ${GREETING}`),
      60_000,
    );
    await replyAsCustomer(WANG.email, REP.mailbox, sent.messageId!, `Re: ${WANG.name}, ${GREETING}`, 'Thank you, the same to you!');
    const mine = await pollUntil(
      'the reply and the bounce in My inbox',
      async () => {
        const list = await must<Mine[]>(rep, 'GET', '/api/inbox/mine');
        return list.some((m) => m.kind === 'reply') && list.some((m) => m.kind === 'bounce') ? list : undefined;
      },
      90_000,
    );
    const reply = mine.find((m) => m.kind === 'reply')!;
    const customerMessageId = (await must<{ messageId: string }>(rep, 'GET', `/api/inbox/messages/${reply.id}`)).messageId;

    await page.goto(`${server.url}/inbox`);
    const table = page.getByRole('table', { name: 'My inbox' });
    await expect.poll(() => table.locator('tbody tr').count(), { timeout: 15_000 }).toBe(2);
    // The bounce is still unread (the reply was read over the API above).
    await expect.poll(() => table.locator('tbody tr[data-read="no"]').textContent()).toContain('Not delivered');
    await screenshot(page, 'rep-my-inbox');
    await table.getByRole('link', { name: `Re: ${WANG.name}, ${GREETING}` }).click();
    await page.getByRole('heading', { level: 1, name: `Re: ${WANG.name}, ${GREETING}` }).waitFor();
    // The way back is to a page the rep may open.
    expect(await page.getByRole('link', { name: 'Back to My inbox' }).getAttribute('href')).toBe('/inbox');
    await page.getByRole('button', { name: 'Reply', exact: true }).click();
    await page.getByLabel('Your answer').fill(`You are welcome, ${run}.`);
    await screenshot(page, 'rep-reply');
    await page.getByRole('button', { name: 'Send reply' }).click();
    await expect.poll(() => page.getByTestId('reply-sent').textContent(), { timeout: 15_000 }).toBe(`Your reply "Re: ${WANG.name}, ${GREETING}" is on its way.`);

    const answer = await pollUntil(
      'the answer in the customer mailbox',
      async () => (await readMailbox(WANG.email)).find((m) => m.text?.includes(`You are welcome, ${run}.`)),
      60_000,
    );
    expect(answer.subject).toBe(`Re: ${WANG.name}, ${GREETING}`);
    expect(answer.inReplyTo).toBe(customerMessageId);
    expect(answer.from?.value[0]?.address).toBe(REP.mailbox);
    // A copy in the rep's own Sent folder, as their mail program would keep it.
    await pollUntil('the answer in the Sent folder', async () => (await sentFolder(REP.mailbox)).find((m) => m.text.includes(`You are welcome, ${run}.`)), 60_000);

    // Forward the customer's message to a colleague (any address, not a customer): it arrives
    // from the rep's mailbox with the note and the original quoted, and shows on 王芳's timeline.
    const colleague = `boss-${run}@example.test`;
    await page.getByRole('button', { name: 'Forward', exact: true }).click();
    await page.getByRole('heading', { name: 'Forward to an email address' }).waitFor();
    await page.getByLabel('Email addresses').fill(colleague);
    await page.getByLabel('A note above the forwarded message (optional)').fill(`Please take a look, ${run}.`);
    await screenshot(page, 'rep-forward');
    await page.getByRole('button', { name: 'Forward', exact: true }).click();
    await expect.poll(() => page.getByTestId('reply-sent').textContent(), { timeout: 15_000 }).toBe(`Forwarded "Fwd: Re: ${WANG.name}, ${GREETING}" to ${colleague}.`);
    const forwarded = await pollUntil('the forward in the colleague mailbox', async () => (await readMailbox(colleague)).find((m) => m.text?.includes(`Please take a look, ${run}.`)), 60_000);
    expect(forwarded.subject).toBe(`Fwd: Re: ${WANG.name}, ${GREETING}`);
    expect(forwarded.from?.value[0]?.address).toBe(REP.mailbox);
    expect(forwarded.text).toContain('---------- Forwarded message ---------');
    expect(forwarded.text).toContain('Thank you, the same to you!');
    const wangId = (await must<{ items: { id: number }[] }>(rep, 'GET', `/api/customers?query=${encodeURIComponent(WANG.name)}`)).items[0]!.id;
    const wangTimeline = await must<{ status: string; address: string }[]>(rep, 'GET', `/api/customers/${wangId}/timeline`);
    expect(wangTimeline.find((e) => e.status === 'forwarded')?.address).toBe(colleague);

    // The customer pages: the bounce shows as bounced, the reply as replied, and the suppression.
    const ghostId = (await must<{ items: { id: number; displayName: string }[] }>(rep, 'GET', `/api/customers?query=${encodeURIComponent(GHOST.name)}`)).items[0]!.id;
    await page.goto(`${server.url}/customers/${ghostId}`);
    await expect.poll(() => page.locator('[data-outcome="bounced"]').count(), { timeout: 30_000 }).toBe(1);
    await page.getByText(`${GHOST.name}, ${GREETING}`).first().waitFor();
    await screenshot(page, 'rep-customer-bounced');
    expect(errors).toEqual([]);
  });

  it('speaks Chinese: My inbox, and a skipped customer named in the compose dialog', async () => {
    const { page: zh, errors: zhErrors } = await openPage(browser, { locale: 'zh-CN', allow: [/401 \(Unauthorized\)/] });
    await signInInBrowser(zh, server.url, REP.username, REP.password);
    await zh.getByRole('navigation', { name: '主菜单' }).getByRole('link', { name: '收件箱' }).click();
    const table = zh.getByRole('table', { name: '我的收件箱' });
    await expect.poll(() => table.locator('tbody tr').count(), { timeout: 15_000 }).toBe(2);
    await expect.poll(() => table.getByRole('columnheader').allTextContents()).toEqual(['收到时间', '客户', '主题', '类型']);
    await screenshot(zh, 'rep-my-inbox-zh');

    await zh.goto(`${server.url}/customers`);
    await zh.getByLabel('搜索客户').fill(run);
    await expect.poll(() => zh.locator('table tbody tr').count(), { timeout: 10_000 }).toBe(3);
    for (const name of [WANG.name, GONE.name]) await zh.getByRole('checkbox', { name: `勾选 ${name}`, exact: true }).check();
    await zh.getByRole('button', { name: '给已勾选的 2 位客户发邮件' }).click();
    const dialog = zh.getByRole('dialog');
    await expect.poll(() => dialog.getByTestId('compose-from').textContent(), { timeout: 15_000 }).toBe(`发件人：${REP.name} <${REP.mailbox}>`);
    await dialog.getByLabel(/^主题/).fill(`{{customer.displayName}}，年末问候 ${run}`);
    await dialog.getByLabel('正文').fill('您好');
    await expect.poll(() => dialog.getByTestId('preview-subject').textContent(), { timeout: 15_000 }).toMatch(new RegExp(`^(${WANG.name}|${GONE.name})，年末问候 ${run}$`));
    await screenshot(zh, 'rep-compose-preview-zh');
    await dialog.getByRole('button', { name: '发送' }).click();
    await expect.poll(() => zh.getByRole('dialog').getByTestId('skipped').textContent(), { timeout: 15_000 }).toBe(`未发送给 ${GONE.name}：已于 ${suppressedOn} 退订`);
    await screenshot(zh, 'rep-compose-skipped-zh');
    expect(zhErrors).toEqual([]);
  });

  it('a marketer, who may not file mail, is not asked to', async () => {
    const marketer = { username: `marketer-${run}`, password: `marketer-pass-${run}-long` };
    await must(admin, 'POST', '/api/users', { ...marketer, role: 'marketer' });
    const { page: mp, errors: mpErrors } = await openPage(browser, { locale: 'en-GB', allow: [/401 \(Unauthorized\)/] });
    await signInInBrowser(mp, server.url, marketer.username, marketer.password);
    await mp.goto(`${server.url}/inbox`);
    await mp.getByRole('heading', { name: 'Unfiled messages' }).waitFor();
    await mp.getByText('Filing them under a customer is up to an administrator.').waitFor();
    expect(await mp.getByText('Open one and file it under a customer.').count()).toBe(0);
    expect(await mp.getByRole('navigation', { name: 'Inbox sections' }).getByRole('link', { name: 'My inbox' }).count()).toBe(1);
    expect(mpErrors).toEqual([]);
  });
});

// The accounts section in a real browser against a real `tidings serve` and the local
// Postfix/Dovecot: a marketer adds a mailbox through the wizard (detection with the 授权码 hint
// for a QQ address, then servers typed by hand, a wrong password first, verification against the
// real servers, save), makes it the default, deletes another after confirming, and adds SMS
// accounts whose credentials are never shown again. Screenshots in English and Chinese.
import { randomBytes } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeInBrowser, launchChromium, openPage, screenshot } from '../helpers/browser.js';
import { startWebServer, type WebServer } from '../helpers/web-server.js';
import { addMailboxViaWizard, addSmsAccountInUi, currentStep, deleteAccountInList, mailboxRow, smsRow } from './flows/accounts.js';
import { apiSession, createLocalMailAccount, MAILBOX_PASSWORD, must, signInInBrowser, type ApiSession } from './flows/session.js';

const run = randomBytes(3).toString('hex');
const MARKETER = { username: `mark-${run}`, password: 'marketer-password-1', role: 'marketer', displayName: 'Mark Marketer' };
const ADDRESS = `marketer1-${run}@example.test`;
const OTHER = `other-${run}@example.test`;
const ALIYUN_SECRET = `aliyunSecret${run}XYZ`;
const TWILIO_TOKEN = `twilioToken${run}${'0'.repeat(20)}`;

await describeInBrowser(['submission', 'imap'], 'web UI accounts: add-mailbox wizard, mailbox list, SMS accounts', () => {
  let server: WebServer;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  let admin: ApiSession;
  const failed: string[] = [];

  beforeAll(async () => {
    [server, browser] = await Promise.all([
      startWebServer({
        TIDINGS_ALLOW_PRIVATE_HOSTS: '127.0.0.1/8,::1',
        SEND_SMTP_ALLOW_SELF_SIGNED: '1',
        // Detection of the local domain must not wait on the outside world: nothing listens here.
        TIDINGS_ISPDB_URL: 'http://127.0.0.1:9/',
        TIDINGS_AUTODETECT_TIMEOUT_MS: '1500',
      }),
      launchChromium(),
    ]);
    admin = await apiSession(server.url, 'admin', server.adminPassword);
    await must(admin, 'POST', '/api/users', MARKETER);
    // Another mailbox exists already (and so is the default) when the marketer arrives.
    await createLocalMailAccount(admin, { address: OTHER, displayName: 'Other Sender' });
    // A detection miss is the API's 404 ACCOUNT_AUTODETECT_MISS (the browser logs it as a failed
    // resource); which requests failed is checked precisely below.
    ({ page, errors } = await openPage(browser, { locale: 'en-GB', allow: [/401 \(Unauthorized\)/, /404 \(Not Found\)/] }));
    page.on('response', (response) => {
      if (response.status() >= 400) failed.push(`${response.request().method()} ${new URL(response.url()).pathname} ${response.status()}`);
    });
    await signInInBrowser(page, server.url, MARKETER.username, MARKETER.password);
  }, 90_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('detection shows where the servers came from and the 授权码 hint, and the servers stay editable', async () => {
    await page.goto(`${server.url}/accounts/new`);
    // allTextContents() does not wait: poll until the wizard has rendered its steps.
    await expect
      .poll(() => page.getByRole('list', { name: 'Steps' }).getByRole('listitem').allTextContents())
      .toEqual(['1. Address', '2. Servers', '3. Password', '4. Verify', '5. Save']);
    await page.getByLabel(/Email address/).fill(`someone${run}@qq.com`);
    await page.getByRole('button', { name: 'Find servers' }).click();
    await expect.poll(() => currentStep(page).textContent()).toBe('2. Servers');
    await expect.poll(() => page.locator('[data-source]').first().getAttribute('data-source')).toBe('table');
    await expect.poll(() => page.getByText('Found via the list of well-known providers built into Tidings.').count()).toBe(1);
    await expect.poll(() => page.locator('[data-hint="authcode"]').textContent()).toMatch(/authorization code \(授权码\)/);
    await expect.poll(() => page.getByRole('region', { name: 'Notes about this provider' }).textContent()).toMatch(/授权码/);
    const incoming = page.getByRole('group', { name: /Incoming mail/ });
    const outgoing = page.getByRole('group', { name: /Outgoing mail/ });
    await expect.poll(() => incoming.getByRole('textbox', { name: /^Host/ }).inputValue()).toBe('imap.qq.com');
    await expect.poll(() => outgoing.getByRole('textbox', { name: /^Host/ }).inputValue()).toBe('smtp.qq.com');
    // Editable before anything is tried: switching SMTP to STARTTLS moves the default port along.
    await expect.poll(() => outgoing.getByRole('textbox', { name: /^Port/ }).inputValue()).toBe('465');
    await outgoing.getByLabel('Security').selectOption({ label: 'STARTTLS' });
    await expect.poll(() => outgoing.getByRole('textbox', { name: /^Port/ }).inputValue()).toBe('587');
    await screenshot(page, 'accounts-wizard-detected');
    await page.getByRole('button', { name: 'Next' }).click();
    await expect.poll(() => currentStep(page).textContent()).toBe('3. Password');
    // The password field is called what the provider wants.
    await expect.poll(() => page.getByLabel(/Authorization code \(授权码\)/).count()).toBe(1);

    // An address no table knows: the lookup says so, and the servers are left to type.
    await page.getByRole('button', { name: 'Back' }).click();
    await page.getByRole('button', { name: 'Back' }).click();
    await page.getByLabel(/Email address/).fill(`nobody-${run}@example.test`);
    await page.getByRole('button', { name: 'Find servers' }).click();
    await expect.poll(() => currentStep(page).textContent(), { timeout: 20_000 }).toBe('2. Servers');
    await expect.poll(() => page.locator('[data-source]').first().getAttribute('data-source')).toMatch(/^(miss|failed)$/);
    await expect.poll(() => page.getByRole('group', { name: /Incoming mail/ }).getByRole('textbox', { name: /^Host/ }).inputValue()).toBe('');
    await screenshot(page, 'accounts-wizard-miss');
    // Cancelling before any verification leaves nothing behind.
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page.getByRole('table', { name: 'Mailboxes' }).waitFor();
    expect((await must<{ email: string }[]>(admin, 'GET', '/api/accounts')).map((a) => a.email)).toEqual([OTHER]);
  });

  it('a marketer adds a mailbox on the local Postfix/Dovecot through the wizard; verify fails first with a wrong password', async () => {
    const added = await addMailboxViaWizard(page, server.url, {
      address: ADDRESS,
      password: MAILBOX_PASSWORD,
      displayName: 'Mark at Tidings',
      wrongPasswordFirst: `wrong-${run}`,
      shoot: (p, name) => screenshot(p, name),
    });
    expect(added.checks).toHaveLength(2);
    expect(added.checks.find((c) => c.includes('SMTP'))).toMatch(/OK.*127\.0\.0\.1:587/);
    expect(added.checks.find((c) => c.includes('IMAP'))).toMatch(/OK.*127\.0\.0\.1:143/);
    const row = mailboxRow(page, added.name);
    await expect.poll(() => row.textContent()).toContain(ADDRESS);
    await expect.poll(() => row.textContent()).toContain('password stored');
    // One account, saved once: the wrong-password attempt was updated, not duplicated.
    const stored = await must<{ email: string; displayName: string; tlsVerify: boolean; incoming: { password: string }; smtp: { password: string | null } }[]>(admin, 'GET', '/api/accounts');
    expect(stored.filter((a) => a.email === ADDRESS)).toEqual([
      expect.objectContaining({ displayName: 'Mark at Tidings', tlsVerify: false, incoming: expect.objectContaining({ password: '••••', host: '127.0.0.1', port: 143, security: 'starttls' }) }),
    ]);
    expect(await page.content()).not.toContain(MAILBOX_PASSWORD);
  });

  it('list: check a login, make the new mailbox the default, delete the other one after confirming', async () => {
    const other = OTHER.replace(/[^a-z0-9._-]/gi, '-');
    const name = (await must<{ name: string; email: string }[]>(admin, 'GET', '/api/accounts')).find((a) => a.email === ADDRESS)!.name;
    await page.goto(`${server.url}/accounts`);
    const row = mailboxRow(page, name);
    await expect.poll(() => mailboxRow(page, other).getByText('Default', { exact: true }).count()).toBe(1);
    await row.getByRole('button', { name: `Check login: ${name}` }).click();
    await row.getByText('Login works').waitFor({ timeout: 30_000 });
    await row.getByRole('button', { name: `Make default: ${name}` }).click();
    await page.getByText(`${name} is now the default.`).waitFor();
    await expect.poll(() => row.getByText('Default', { exact: true }).count()).toBe(1);
    await expect.poll(() => mailboxRow(page, other).getByText('Default', { exact: true }).count()).toBe(0);
    await screenshot(page, 'accounts-list');

    // Editing keeps the stored password unless a new one is typed.
    await row.getByRole('link', { name: `Edit: ${name}` }).click();
    await page.getByLabel('Sender name').fill('Mark from Tidings');
    // A new server would drop the saved password: the form says so before saving, and stops
    // saying so when the server is put back.
    const endpointNote = page.getByText('Changing the server drops the saved password; enter it again.');
    expect(await endpointNote.count()).toBe(0);
    const smtpHost = page.getByLabel('Host').last();
    const savedHost = await smtpHost.inputValue();
    await smtpHost.fill('smtp.elsewhere.example');
    await endpointNote.waitFor();
    await smtpHost.fill(savedHost);
    await expect.poll(() => endpointNote.count()).toBe(0);
    await page.getByLabel('Per minute').fill('30');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText(`Changes to ${name} were saved.`).waitFor();
    const edited = (await must<{ email: string; displayName: string; limits: { perMinute: number | null }; incoming: { password: string | null } }[]>(admin, 'GET', '/api/accounts')).find((a) => a.email === ADDRESS);
    expect(edited).toMatchObject({ displayName: 'Mark from Tidings', limits: { perMinute: 30 }, incoming: { password: '••••' } });

    // Cancel keeps it; confirming deletes it.
    await mailboxRow(page, other).getByRole('button', { name: `Delete: ${other}` }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(() => page.getByRole('dialog').count()).toBe(0);
    await expect.poll(() => mailboxRow(page, other).count()).toBe(1);
    await deleteAccountInList(page, mailboxRow(page, other), other);
    expect((await must<{ email: string; isDefault: boolean }[]>(admin, 'GET', '/api/accounts')).map((a) => [a.email, a.isDefault])).toEqual([[ADDRESS, true]]);
  });

  it('SMS accounts: add Aliyun and Twilio, credentials never shown again; make default; delete', async () => {
    await addSmsAccountInUi(page, server.url, {
      provider: 'Alibaba Cloud SMS (阿里云短信)',
      name: `aliyun-${run}`,
      fields: { 'AccessKey ID': `LTAI${run}`, 'AccessKey secret': ALIYUN_SECRET, 'Template code': 'SMS_123456789' },
      signature: '某某公司',
      shoot: (p, name) => screenshot(p, name),
    });
    await addSmsAccountInUi(page, server.url, {
      provider: 'Twilio',
      name: `twilio-${run}`,
      fields: { 'Account SID': `AC${'a1'.repeat(16)}`, 'Auth token': TWILIO_TOKEN },
      senderId: '+15005550006',
    });
    const aliyun = smsRow(page, `aliyun-${run}`);
    const twilio = smsRow(page, `twilio-${run}`);
    await expect.poll(() => aliyun.locator('[data-credential="accessKeySecret"]').textContent()).toBe('AccessKey secret: ••••');
    await expect.poll(() => aliyun.textContent()).toContain('【某某公司】');
    await expect.poll(() => aliyun.getByText('Default', { exact: true }).count()).toBe(1);
    await twilio.getByRole('button', { name: `Make default: twilio-${run}` }).click();
    await expect.poll(() => twilio.getByText('Default', { exact: true }).count()).toBe(1);
    await screenshot(page, 'accounts-sms-list');
    const html = await page.content();
    for (const secret of [ALIYUN_SECRET, TWILIO_TOKEN]) expect(html).not.toContain(secret);

    // Aliyun's callbacks carry a token: a new link is shown once, after a warning; Twilio signs its own.
    await expect.poll(() => aliyun.textContent()).toContain('webhook link set');
    expect(await twilio.getByRole('button', { name: `New webhook link: twilio-${run}` }).count()).toBe(0);
    await aliyun.getByRole('button', { name: `New webhook link: aliyun-${run}` }).click();
    const confirm = page.getByRole('dialog', { name: `New webhook link for aliyun-${run}?` });
    await expect.poll(() => confirm.textContent()).toContain('The current link stops working at once');
    await confirm.getByRole('button', { name: 'New webhook link', exact: true }).click();
    const shown = page.getByRole('dialog', { name: `Webhook links for aliyun-${run}` });
    await expect.poll(() => shown.textContent()).toContain('They are shown only this once');
    const inboundUrl = await shown.getByLabel('Inbound messages (SmsUp)').inputValue();
    const token = new URL(inboundUrl).searchParams.get('token') ?? '';
    expect(token.length).toBeGreaterThanOrEqual(43);
    expect(await shown.getByLabel('Delivery reports (SmsReport)').inputValue()).toContain(`/webhooks/sms/aliyun-${run}/status?token=${token}`);
    await screenshot(page, 'accounts-sms-webhook-link');
    await shown.getByRole('button', { name: 'Close' }).click();
    await expect.poll(() => shown.count()).toBe(0);
    expect(await page.content()).not.toContain(token);
    expect(JSON.stringify(await must(admin, 'GET', '/api/sms-accounts'))).not.toContain(token);
    // The link works: an opt-out pushed to it is accepted.
    const pushed = await fetch(`${server.url}${new URL(inboundUrl).pathname}?token=${token}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([{ phone_number: '13800138009', content: 'TD' }]),
    });
    expect(pushed.status).toBe(200);

    await deleteAccountInList(page, aliyun, `aliyun-${run}`);
    const left = await must<{ name: string; credentials: Record<string, string> }[]>(admin, 'GET', '/api/sms-accounts');
    expect(left.map((a) => a.name)).toEqual([`twilio-${run}`]);
    expect(JSON.stringify(left)).not.toContain(TWILIO_TOKEN);
  });

  it('speaks Chinese: the list and the detection with its 授权码 notice', async () => {
    const { page: zh, errors: zhErrors } = await openPage(browser, { locale: 'zh-CN', allow: [/401 \(Unauthorized\)/] });
    await zh.goto(server.url);
    await zh.getByLabel('用户名').fill(MARKETER.username);
    await zh.getByLabel('密码').fill(MARKETER.password);
    await zh.getByRole('button', { name: '登录' }).click();
    await zh.getByRole('navigation', { name: '主菜单' }).getByRole('link', { name: '账户' }).click();
    await zh.getByRole('table', { name: '邮箱' }).waitFor();
    await expect.poll(() => zh.getByRole('columnheader').allTextContents()).toEqual(expect.arrayContaining(['名称', '地址', '归属', '服务器', '状态', '操作']));
    await screenshot(zh, 'accounts-list-zh-CN');
    await zh.getByRole('link', { name: '添加邮箱' }).click();
    await zh.getByLabel(/邮箱地址/).fill(`someone${run}@163.com`);
    await zh.getByRole('button', { name: '查找服务器' }).click();
    await expect.poll(() => zh.locator('[data-hint="authcode"]').textContent()).toContain('需要使用授权码');
    await expect.poll(() => zh.getByRole('list', { name: '步骤' }).locator('li[aria-current="step"]').textContent()).toBe('2. 服务器');
    await screenshot(zh, 'accounts-wizard-detected-zh-CN');
    expect(zhErrors).toEqual([]);
    await zh.context().close();
  });

  it("a sales rep adds their own mailbox through the wizard and sees only it, as theirs; the marketer sees it listed without actions", async () => {
    const rep = { username: `rep-${run}`, password: 'sales-rep-password-1', role: 'sales', displayName: 'Li Sales' };
    const { id: repId } = await must<{ id: number }>(admin, 'POST', '/api/users', rep);
    const { page: repPage, errors: repErrors } = await openPage(browser, { locale: 'en-GB', allow: [/401 \(Unauthorized\)/] });
    await signInInBrowser(repPage, server.url, rep.username, rep.password);
    const { name } = await addMailboxViaWizard(repPage, server.url, { address: `rep-${run}@example.test`, password: MAILBOX_PASSWORD, displayName: 'Li' });
    await expect.poll(() => mailboxRow(repPage, name).locator('[data-owner]').textContent()).toBe('You');
    // Only their own mailbox, and no SMS accounts (a rep has no use for them).
    await expect.poll(() => repPage.getByRole('table', { name: 'Mailboxes' }).locator('tr[data-account]').count()).toBe(1);
    expect(await repPage.getByRole('heading', { name: 'SMS accounts' }).count()).toBe(0);
    await screenshot(repPage, 'accounts-list-sales-rep');
    expect(repErrors).toEqual([]);
    await repPage.context().close();

    await page.goto(`${server.url}/accounts`);
    const seen = mailboxRow(page, name);
    await expect.poll(() => seen.locator('[data-owner]').textContent()).toBe(`Personal mailbox of #${repId}`);
    expect(await seen.getByRole('link', { name: `Edit: ${name}` }).count()).toBe(0);
    expect(await seen.getByRole('button', { name: `Delete: ${name}` }).count()).toBe(0);
  });

  it('had no console errors; the only failed request was the detection miss', () => {
    expect(errors).toEqual([]);
    expect(failed.filter((f) => !f.startsWith('GET /api/auth/me 401'))).toEqual(['POST /api/accounts/detect 404']);
  });
});

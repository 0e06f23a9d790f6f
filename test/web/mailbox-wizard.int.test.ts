// A sales rep connects their own mailbox in a real browser against a real `tidings serve` and the
// local Postfix/Dovecot, in English and in Chinese (issue "journeys"): the wizard stores nothing
// until "Save mailbox" (verifying, then walking away, leaves no mailbox and no default behind);
// a certificate failure is explained without command-line flags; finishing makes exactly one
// mailbox, theirs, their sending mailbox, shown as checked OK without checking again; adding the
// same address again is refused with a way to open the existing one; the rep edits the display
// name and the text and HTML signature (with a preview) and never sees another person's mailbox.
import { randomBytes } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeInBrowser, launchChromium, openPage, screenshot } from '../helpers/browser.js';
import { startWebServer, type WebServer } from '../helpers/web-server.js';
import { apiSession, createLocalMailAccount, MAILBOX_PASSWORD, must, signInInBrowser, type ApiSession } from './flows/session.js';

const run = randomBytes(3).toString('hex');

/** The labels the flow reads, per UI language (from accounts.messages.ts and common.ts). */
const LANGS = [
  {
    locale: 'en-GB',
    tag: 'en',
    steps: 'Steps',
    address: /Email address/,
    senderName: 'Sender name',
    manual: 'Enter servers yourself',
    incoming: /Incoming mail/,
    outgoing: /Outgoing mail/,
    protocol: 'Protocol',
    host: /^Host/,
    port: /^Port/,
    security: 'Security',
    tlsVerify: 'Check the servers’ TLS certificates',
    next: 'Next',
    password: /^Password/,
    verify: 'Verify',
    allOk: 'Every login works.',
    someFailed: /A login failed/,
    servers: 'Change servers',
    toSave: 'Save',
    saveMailbox: 'Save mailbox',
    added: (name: string) => `Mailbox ${name} was added.`,
    accountName: /Account name/,
    mailboxes: 'Mailboxes',
    edit: (name: string) => `Edit: ${name}`,
    signature: 'Signature',
    signatureHtml: 'HTML signature',
    preview: 'Preview of the HTML signature',
    saveChanges: 'Save changes',
    saved: (name: string) => `Changes to ${name} were saved.`,
    loginWorks: 'Login works',
    openExisting: /Open the existing mailbox/,
  },
  {
    locale: 'zh-CN',
    tag: 'zh-CN',
    steps: '步骤',
    address: /邮箱地址/,
    senderName: '发件人名称',
    manual: '手动填写服务器',
    incoming: /收信服务器/,
    outgoing: /发信服务器/,
    protocol: '协议',
    host: /^服务器地址/,
    port: /^端口/,
    security: '加密方式',
    tlsVerify: '校验服务器的 TLS 证书',
    next: '下一步',
    password: /^密码/,
    verify: '验证',
    allOk: '所有登录均成功。',
    someFailed: /有登录失败/,
    servers: '修改服务器',
    toSave: '保存',
    saveMailbox: '保存邮箱',
    added: (name: string) => `已添加邮箱 ${name}。`,
    accountName: /账户名称/,
    mailboxes: '邮箱',
    edit: (name: string) => `编辑: ${name}`,
    signature: '签名',
    signatureHtml: 'HTML 签名',
    preview: 'HTML 签名预览',
    saveChanges: '保存修改',
    saved: (name: string) => `已保存 ${name} 的修改。`,
    loginWorks: '登录正常',
    openExisting: /打开已有的邮箱/,
  },
] as const;
type Lang = (typeof LANGS)[number];

interface Mailbox {
  id: number;
  name: string;
  email: string;
  isDefault: boolean;
  ownerUserId: number | null;
  displayName: string;
  signatureText: string | null;
  signatureHtml: string | null;
  lastCheck: { ok: boolean; at: number } | null;
}

const currentStep = (page: Page, L: Lang) => page.getByRole('list', { name: L.steps }).locator('li[aria-current="step"]');

/** Address → servers typed by hand (the local Dovecot/Postfix, STARTTLS, self-signed) → password → Verify. */
async function throughVerify(page: Page, baseUrl: string, L: Lang, address: string, options: { certificateCheckFirst?: boolean } = {}): Promise<void> {
  await page.goto(`${baseUrl}/accounts/new`);
  await expect.poll(() => currentStep(page, L).textContent(), { timeout: 20_000 }).toMatch(/^1\./);
  await page.getByLabel(L.address).fill(address);
  await page.getByLabel(L.senderName).fill('Wang Fang');
  await page.getByRole('button', { name: L.manual }).click();
  await expect.poll(() => currentStep(page, L).textContent()).toMatch(/^2\./);
  await page.getByLabel(L.protocol).selectOption('imap');
  for (const [legend, port] of [
    [L.incoming, '143'],
    [L.outgoing, '587'],
  ] as const) {
    const group = page.getByRole('group', { name: legend });
    await group.getByRole('textbox', { name: L.host }).fill('127.0.0.1');
    await group.getByLabel(L.security).selectOption({ label: 'STARTTLS' });
    await group.getByRole('textbox', { name: L.port }).fill(port);
  }
  const certificates = page.getByLabel(L.tlsVerify);
  if (options.certificateCheckFirst) await certificates.check();
  else await certificates.uncheck();
  await page.getByRole('button', { name: L.next }).click();
  await expect.poll(() => currentStep(page, L).textContent()).toMatch(/^3\./);
  await page.getByLabel(L.password).fill(MAILBOX_PASSWORD);
  await page.getByRole('button', { name: L.verify, exact: true }).click();
  await expect.poll(() => currentStep(page, L).textContent()).toMatch(/^4\./);
  await expect.poll(() => page.locator('.acct-verify-result').getAttribute('aria-busy'), { timeout: 60_000 }).toBe('false');
}

await describeInBrowser(['submission', 'imap'], 'web UI: a sales rep connects their own mailbox (save once, one per address, stored check, signature)', () => {
  let server: WebServer;
  let browser: Browser;
  let admin: ApiSession;
  let otherMailboxId: number;

  beforeAll(async () => {
    [server, browser] = await Promise.all([
      startWebServer({
        TIDINGS_ALLOW_PRIVATE_HOSTS: '127.0.0.1/8,::1',
        SEND_SMTP_ALLOW_SELF_SIGNED: '1',
        TIDINGS_ISPDB_URL: 'http://127.0.0.1:9/',
        TIDINGS_AUTODETECT_TIMEOUT_MS: '1500',
      }),
      launchChromium(),
    ]);
    admin = await apiSession(server.url, 'admin', server.adminPassword);
    // Someone else's mailbox (shared, made by the admin): a sales rep must not see it.
    otherMailboxId = (await createLocalMailAccount(admin, { address: `shared-${run}@example.test`, name: `shared-${run}` })).id;
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  for (const L of LANGS) {
    it(`${L.tag}: abandon after Verify leaves nothing; Save mailbox makes one checked mailbox of the rep's; a second add is refused; the rep sets a signature`, async () => {
      const rep = { username: `rep-${L.tag.toLowerCase()}-${run}`, password: 'sales-password-1', role: 'sales', displayName: 'Wang Fang' };
      const created = await must<{ id: number }>(admin, 'POST', '/api/users', rep);
      const repApi = await apiSession(server.url, rep.username, rep.password);
      const address = `wang-${L.tag.toLowerCase()}-${run}@example.test`;
      const mailboxesFor = async (session: ApiSession) => (await must<Mailbox[]>(session, 'GET', '/api/accounts')).filter((m) => m.email === address);
      const defaultBefore = (await must<Mailbox[]>(admin, 'GET', '/api/accounts')).find((m) => m.isDefault)?.id ?? null;

      const { page, errors } = await openPage(browser, { locale: L.locale, allow: [/401 \(Unauthorized\)/, /409 \(Conflict\)/] });
      await signInInBrowser(page, server.url, rep.username, rep.password);

      // 1. Certificate check on against a self-signed server: the failure says what to do in the
      //    UI's words, not the CLI's flag. Then the check is turned off and the login works.
      await throughVerify(page, server.url, L, address, { certificateCheckFirst: true });
      await expect.poll(() => page.locator('.acct-verify-result').textContent()).toMatch(L.someFailed);
      const failure = (await page.locator('.acct-verify-result .acct-checks').textContent()) ?? '';
      expect(failure).toMatch(/ACCOUNT_CONNECT_FAILED/);
      expect(failure).toMatch(/turn off the certificate check/);
      expect(failure).not.toMatch(/--no-tls-verify|--/);
      await screenshot(page, `mailbox-wizard-certificate-${L.tag}`);
      // Verifying stored nothing, even the failed attempt.
      expect(await mailboxesFor(admin)).toEqual([]);

      // 2. Verify with the right settings, then walk away: still nothing, and no new default.
      await throughVerify(page, server.url, L, address);
      await expect.poll(() => page.getByText(L.allOk).count()).toBe(1);
      await page.goto(`${server.url}/accounts`);
      // The rep has no mailbox: the list says so instead of showing a table.
      await page.getByRole('heading', { name: L.mailboxes, exact: true }).waitFor();
      expect(await mailboxesFor(admin)).toEqual([]);
      expect((await must<Mailbox[]>(admin, 'GET', '/api/accounts')).find((m) => m.isDefault)?.id ?? null).toBe(defaultBefore);

      // 3. Finish: exactly one mailbox, the rep's, their sending mailbox, stored as checked OK.
      await throughVerify(page, server.url, L, address);
      await expect.poll(() => page.getByText(L.allOk).count()).toBe(1);
      await page.getByRole('button', { name: L.toSave, exact: true }).click();
      await expect.poll(() => currentStep(page, L).textContent()).toMatch(/^5\./);
      const nameField = page.getByLabel(L.accountName);
      await expect.poll(() => nameField.inputValue()).not.toBe('');
      const name = await nameField.inputValue();
      // The wizard has the edit screen's signature fields: text and HTML, with the sandboxed preview.
      await page.getByLabel(L.signatureHtml).fill('<p><b>王芳</b> · Acme</p>');
      await expect.poll(() => page.frameLocator(`iframe[title="${L.preview}"]`).locator('b').textContent()).toBe('王芳');
      await page.getByRole('button', { name: L.saveMailbox }).click();
      await page.getByText(L.added(name)).waitFor({ timeout: 60_000 });
      const boxes = await mailboxesFor(admin);
      expect(boxes).toHaveLength(1);
      const box = boxes[0]!;
      expect(box).toMatchObject({ name, ownerUserId: created.id, isDefault: false, lastCheck: { ok: true } });
      const users = await must<{ id: number; mailAccountId: number | null }[]>(admin, 'GET', '/api/users');
      expect(users.find((u) => u.id === created.id)?.mailAccountId).toBe(box.id);
      expect((await must<Mailbox>(admin, 'GET', `/api/accounts/${box.id}`)).signatureHtml).toBe('<p><b>王芳</b> · Acme</p>');
      // The list shows the stored check without anyone pressing "Check login" again.
      const row = page.getByRole('table', { name: L.mailboxes }).getByRole('row').filter({ has: page.getByRole('rowheader', { name, exact: true }) });
      await expect.poll(() => row.locator('[data-check]').first().getAttribute('data-check')).toBe('ok');
      await expect.poll(() => row.textContent()).toContain(L.loginWorks);
      // The rep sees their own mailbox only.
      const visible = (await must<Mailbox[]>(repApi, 'GET', '/api/accounts')).map((m) => m.id);
      expect(visible).toEqual([box.id]);
      expect(visible).not.toContain(otherMailboxId);
      expect(await page.getByRole('table', { name: L.mailboxes }).getByRole('rowheader').count()).toBe(1);
      await screenshot(page, `mailbox-wizard-list-${L.tag}`);

      // 4. The same address again is refused before anything is tried, with a way to the existing one.
      await throughVerify(page, server.url, L, address);
      await expect.poll(() => page.getByRole('alert').first().textContent()).toMatch(/ACCOUNT_MAILBOX_EXISTS/);
      await expect.poll(() => page.getByRole('link', { name: L.openExisting }).getAttribute('href')).toBe(`/accounts/mail/${box.id}`);
      expect(await mailboxesFor(admin)).toHaveLength(1);

      // 5. The rep edits the sender name and the signature (text and HTML with a preview).
      await page.getByRole('link', { name: L.openExisting }).click();
      await page.getByLabel(L.signatureHtml).waitFor();
      await page.getByLabel(L.senderName).fill('Wang Fang · Acme Tea');
      await page.getByLabel(L.signature, { exact: true }).fill('Wang Fang\nAcme Tea');
      await page.getByLabel(L.signatureHtml).fill('<p><b>Wang Fang</b> · <i>Acme Tea</i></p>');
      const preview = page.frameLocator(`iframe[title="${L.preview}"]`);
      await expect.poll(() => preview.locator('b').textContent()).toBe('Wang Fang');
      await screenshot(page, `mailbox-wizard-signature-${L.tag}`);
      await page.getByRole('button', { name: L.saveChanges }).click();
      await page.getByText(L.saved(name)).waitFor({ timeout: 30_000 });
      const after = await must<Mailbox>(repApi, 'GET', `/api/accounts/${box.id}`);
      expect(after).toMatchObject({ displayName: 'Wang Fang · Acme Tea', signatureText: 'Wang Fang\nAcme Tea', signatureHtml: '<p><b>Wang Fang</b> · <i>Acme Tea</i></p>' });
      // A signature edit does not make the stored check stale.
      expect(after.lastCheck?.ok).toBe(true);
      // Another person's mailbox stays out of reach.
      expect((await repApi.call('GET', `/api/accounts/${otherMailboxId}`)).status).toBe(403);

      expect(errors).toEqual([]);
      await page.context().close();
    }, 300_000);
  }
});

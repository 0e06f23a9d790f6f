// Issue #12, campaigns: a marketer creates a campaign through the wizard (channel + account →
// group audience with counts → template → now → review) and sends it; the campaign page polls
// the progress to "finished", every message is `sent`, and one is read back over IMAP. A link
// from the customers screen pre-selects its customers; a slower campaign (one message a second
// on its account) is paused and resumed from the page without anyone getting a second copy.
import { randomBytes } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeInBrowser, launchChromium, openPage, screenshot } from '../helpers/browser.js';
import { inboxCount } from '../helpers/mailbox.js';
import { startWebServer, type WebServer } from '../helpers/web-server.js';
import {
  campaignStatus,
  createCampaignViaWizard,
  createCustomers,
  createGroupWith,
  currentWizardStep,
  fillWizardToReview,
  messageStates,
  newestMail,
  pressControl,
  stateCount,
  waitForCampaignStatus,
} from './flows/campaigns.js';
import { apiSession, createLocalMailAccount, must, signInInBrowser, type ApiSession } from './flows/session.js';

const RUN = randomBytes(3).toString('hex');
const MARKETER = { username: `marketer-${RUN}`, role: 'marketer', password: `marketer-${RUN}-Campaigns`, displayName: 'Mia Marketer' };
const PEOPLE = [
  { name: '张伟', email: `${RUN}-a@example.test` },
  { name: '李娜', email: `${RUN}-b@example.test` },
  { name: '王芳', email: `${RUN}-c@example.test` },
];
const SLOW_PEOPLE = Array.from({ length: 6 }, (_, i) => ({ name: `陈静${i + 1}`, email: `${RUN}-p${i + 1}@example.test` }));
const GROUP = `VIP ${RUN}`;
const TEMPLATE = `新品-${RUN}`;

await describeInBrowser(['submission', 'imap'], 'web UI: campaigns (wizard, live progress, pause/resume, results)', () => {
  let server: WebServer;
  let browser: Browser;
  let marketer: ApiSession;
  let customerIds: number[];
  let slowAccount: number;
  let templateVersionId: number;
  let admin: ApiSession;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startWebServer({ TIDINGS_ALLOW_PRIVATE_HOSTS: '127.0.0.1/8,::1', SEND_SMTP_ALLOW_SELF_SIGNED: '1' }), launchChromium()]);
    admin = await apiSession(server.url, 'admin', server.adminPassword);
    await must(admin, 'POST', '/api/users', MARKETER);
    await createLocalMailAccount(admin, { name: 'marketing', address: 'sender@example.test', isDefault: true });
    slowAccount = (await createLocalMailAccount(admin, { name: 'slow', address: `slow-${RUN}@example.test`, limits: { perSecond: 1 }, isDefault: false })).id;
    marketer = await apiSession(server.url, MARKETER.username, MARKETER.password);
    customerIds = await createCustomers(marketer, PEOPLE);
    await createGroupWith(marketer, GROUP, customerIds);
    const template = await must<{ versions: { id: number }[] }>(marketer, 'POST', '/api/templates', {
      name: TEMPLATE,
      channel: 'email',
      version: { subject: `{{customer.displayName}}，新品上市 ${RUN}`, bodyFormat: 'html', body: `<p>{{greeting}}</p><p>本季新品已到店。code ${RUN}</p>`, isMarketing: true },
    });
    templateVersionId = template.versions[0]!.id;
  }, 90_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  // The first /api/auth/me before sign-in answers 401 on purpose.
  const newPage = (locale: string) => openPage(browser, { locale, allow: [/401 \(Unauthorized\)/] });


  it('wizard to a group, now: counts, review, send, progress to finished, all sent, read back over IMAP', async () => {
    const { page, errors } = await newPage('en');
    await signInInBrowser(page, server.url, MARKETER.username, MARKETER.password);
    await page.getByRole('navigation', { name: 'Main menu' }).getByRole('link', { name: 'Campaigns' }).click();
    await page.getByRole('link', { name: 'New campaign' }).click();
    const id = await createCampaignViaWizard(page, {
      name: `Spring launch ${RUN}`,
      groups: [GROUP],
      template: TEMPLATE,
      expectReachable: PEOPLE.length,
      shot: async (step) => {
        if (step === 'schedule') {
          // The holiday kind lists the built-in holidays with their next dates.
          await page.getByRole('radio', { name: /On a holiday/ }).check();
          await expect.poll(() => page.getByLabel('Holiday').locator('option').count()).toBeGreaterThan(5);
          await screenshot(page, 'campaign-wizard-schedule-holiday-en');
          await page.getByRole('radio', { name: /^Now/ }).check();
        }
        return screenshot(page, `campaign-wizard-${step}-en`);
      },
    });
    expect(id).toBeGreaterThan(0);

    await waitForCampaignStatus(page, 'finished');
    await expect.poll(() => page.getByRole('progressbar').getAttribute('aria-valuenow')).toBe('100');
    await expect.poll(() => page.getByTestId('progress-live').textContent()).toBe(`${PEOPLE.length} of ${PEOPLE.length} done: ${PEOPLE.length} sent, 0 not delivered.`);
    await expect.poll(() => stateCount(page, 'sent')).toBe(PEOPLE.length);
    await screenshot(page, 'campaign-progress-finished-en');
    await expect.poll(() => messageStates(page), { timeout: 10_000 }).toEqual(PEOPLE.map(() => 'sent'));
    // The template is written in Chinese: each row names the language variant its recipient got.
    await expect.poll(() => page.getByTestId('message-language').allTextContents(), { timeout: 10_000 }).toEqual(PEOPLE.map(() => '简体中文'));
    await page.getByRole('heading', { name: 'Results per message' }).scrollIntoViewIfNeeded();
    await screenshot(page, 'campaign-results-en');

    await expect.poll(async () => (await newestMail(PEOPLE[1]!.email))?.subject, { timeout: 15_000 }).toBe(`李娜，新品上市 ${RUN}`);
    const mail = await newestMail(PEOPLE[1]!.email);
    expect(mail?.from?.value[0]?.address).toBe('sender@example.test');
    expect(mail?.text ?? '').toContain(`code ${RUN}`);
    expect(mail?.headerLines.some((h) => h.key === 'list-unsubscribe')).toBe(true);

    // The list shows it with its counts.
    await page.getByRole('link', { name: 'All campaigns' }).click();
    const row = page.getByTestId('campaigns-table').getByRole('row', { name: new RegExp(`Spring launch ${RUN}`) });
    await expect.poll(() => row.textContent()).toContain(`${PEOPLE.length} / ${PEOPLE.length}`);
    await screenshot(page, 'campaigns-list-en');
    expect(errors).toEqual([]);
  });

  it('a link from the customers screen pre-selects its customers; scheduled at a time, then cancelled (Chinese UI)', async () => {
    const { page, errors } = await newPage('zh-CN');
    await signInInBrowser(page, server.url, MARKETER.username, MARKETER.password);
    await page.goto(`${server.url}/campaigns/new?channel=email&customerIds=${customerIds[0]},${customerIds[2]}`);
    await expect.poll(() => currentWizardStep(page)).toBe('渠道');
    await page.getByRole('button', { name: '下一步' }).click();
    await expect.poll(() => currentWizardStep(page)).toBe('收件人');
    await expect.poll(() => page.getByRole('radio', { name: /选定的分组/ }).isChecked()).toBe(true);
    await expect.poll(() => page.getByTestId('chosen-customers').textContent()).toMatch(/2 位客户/);
    await expect.poll(() => page.getByTestId('count-reachable').textContent(), { timeout: 10_000 }).toBe('2');
    await expect.poll(() => page.locator('.wizard-steps li[aria-current="step"]').count()).toBe(1);
    await screenshot(page, 'campaign-wizard-audience-zh-CN');

    // Scheduled for a wall time next year in Shanghai: armed, not started; then cancelled from its page.
    await page.getByRole('button', { name: '下一步' }).click();
    await page.getByRole('combobox', { name: '模板' }).selectOption({ label: TEMPLATE });
    // The version arrives with the template's details; "下一步" before that is refused (as in the shared flow).
    await expect.poll(() => page.getByRole('combobox', { name: '版本' }).inputValue()).not.toBe('');
    await page.getByRole('button', { name: '下一步' }).click();
    await expect.poll(() => currentWizardStep(page)).toBe('发送时间');
    await page.getByRole('radio', { name: /^指定时间/ }).check();
    const year = new Date().getFullYear() + 1;
    await page.getByLabel(/^日期/).fill(`${year}-02-06`);
    await page.getByLabel(/^时间/).fill('09:00');
    await page.getByRole('combobox', { name: '时区' }).selectOption('Asia/Shanghai');
    await page.getByRole('button', { name: '下一步' }).click();
    await expect.poll(() => currentWizardStep(page)).toBe('确认');
    await page.getByRole('button', { name: '确认排期' }).click();
    await page.waitForURL(/\/campaigns\/\d+$/);
    await waitForCampaignStatus(page, 'scheduled', 10_000);
    const id = Number(/\/campaigns\/(\d+)$/.exec(page.url())?.[1]);
    const stored = await must<{ schedule: unknown }>(marketer, 'GET', `/api/campaigns/${id}`);
    expect(stored.schedule).toEqual({ kind: 'at', at: `${year}-02-06T01:00:00Z` });
    await screenshot(page, 'campaign-scheduled-zh-CN');
    await pressControl(page, 'Cancel campaign', '取消群发');
    await page.getByRole('alertdialog').getByRole('button', { name: '确定取消' }).click();
    await waitForCampaignStatus(page, 'cancelled', 10_000);
    expect(errors).toEqual([]);
  });

  it('pause and resume a slower campaign from its page: it stops, then finishes, one copy each', async () => {
    const ids = await createCustomers(marketer, SLOW_PEOPLE);
    const created = await must<{ id: number }>(marketer, 'POST', '/api/campaigns', {
      name: `Slow ${RUN}`,
      mailAccount: slowAccount,
      templateVersionId,
      audience: { customerIds: ids },
    });
    await must(marketer, 'POST', `/api/campaigns/${created.id}/start`, {});

    const { page, errors } = await newPage('en');
    await signInInBrowser(page, server.url, MARKETER.username, MARKETER.password);
    await page.goto(`${server.url}/campaigns/${created.id}`);
    await expect.poll(() => stateCount(page, 'sent'), { timeout: 15_000, interval: 200 }).toBeGreaterThanOrEqual(1);
    // The facts name the template and its version, not the bare version id.
    await expect.poll(() => page.getByTestId('campaign-template').textContent()).toBe(`${TEMPLATE}, version 1`);
    await expect.poll(() => campaignStatus(page)).toBe('running');
    await screenshot(page, 'campaign-progress-running-en');
    await pressControl(page, 'Pause', '暂停');
    await waitForCampaignStatus(page, 'paused', 10_000);
    // Paused before the end: some messages still wait in the queue.
    await expect.poll(async () => (await stateCount(page, 'queued')) + (await stateCount(page, 'deferred'))).toBeGreaterThan(0);
    await expect.poll(() => page.locator('.campaign-controls').getByRole('button', { name: 'Pause' }).count()).toBe(0);
    await screenshot(page, 'campaign-paused-en');

    await pressControl(page, 'Resume', '继续');
    await waitForCampaignStatus(page, 'finished', 30_000);
    await expect.poll(() => messageStates(page), { timeout: 10_000 }).toEqual(SLOW_PEOPLE.map(() => 'sent'));
    for (const person of SLOW_PEOPLE) await expect.poll(() => inboxCount(person.email), { timeout: 15_000 }).toBe(1);
    expect(errors).toEqual([]);
  });

  it('SMS review: every recipient’s parts × price against the wallet balance, before anything is created', async () => {
    // An Aliyun account (nothing is sent: the review stops short of it), 5 fen a part, 30 fen in the wallet.
    await must(admin, 'POST', '/api/sms-accounts', { provider: 'aliyun', name: 'sms-cn', credentials: { accessKeyId: 'id', accessKeySecret: 'secret' }, signature: '某某公司', settings: { templateCode: 'SMS_1' } });
    await must(admin, 'POST', '/api/wallet/sms-cn/prices', { priceMinor: 50 });
    await must(admin, 'POST', '/api/wallet/sms-cn/topups', { amountMinor: 300, reference: `bank-${RUN}` }, { 'idempotency-key': `topup-${RUN}` });
    const ids = await createCustomers(marketer, [
      { name: '赵敏', phone: '+8613800138001' },
      { name: '周芷若', phone: '+8613800138002' },
    ]);
    await createGroupWith(marketer, `SMS ${RUN}`, ids);
    // Greeting + 80 characters: two parts at 67 a part.
    await must(marketer, 'POST', '/api/templates', { name: `短信-${RUN}`, channel: 'sms', version: { bodyFormat: 'text', body: `{{greeting}}${'新品上市'.repeat(20)}`, isMarketing: false } });
    const before = (await must<unknown[]>(marketer, 'GET', '/api/campaigns')).length;

    const { page, errors } = await newPage('en');
    await signInInBrowser(page, server.url, MARKETER.username, MARKETER.password);
    await page.goto(`${server.url}/campaigns/new?channel=sms`);
    await fillWizardToReview(page, { name: `SMS ${RUN}`, groups: [`SMS ${RUN}`], template: `短信-${RUN}`, expectReachable: 2 });
    const estimate = page.getByTestId('sms-estimate');
    await expect.poll(() => estimate.textContent()).toContain('2 recipients, 4 parts in all (each text counted for its recipient) × ¥0.05 per part');
    await expect.poll(() => page.getByTestId('estimate-cost').textContent()).toBe('¥0.20');
    await expect.poll(() => page.getByTestId('estimate-balance').textContent()).toBe('¥0.30');
    await expect.poll(() => estimate.getAttribute('data-sufficient')).toBe('true');
    await expect.poll(() => page.getByRole('button', { name: 'Send now' }).isEnabled()).toBe(true);
    await screenshot(page, 'campaign-wizard-review-sms-en');
    // Reviewing created nothing.
    expect(await must<unknown[]>(marketer, 'GET', '/api/campaigns')).toHaveLength(before);
    expect(errors).toEqual([]);
  });
});

// Issue "journeys", scheduling you can read: a marketer imports a GBK CSV (Chinese headers) of
// customers in two time zones through the import screen, then builds a one-off holiday campaign in
// the wizard: the time-zone picker is grouped and starts in the company's zone (not the browser's),
// switching to SMS and back never sends the mail account as the SMS account (the review step used to
// fail with NOT_FOUND "No SMS account named or numbered …"), and the review step and the campaign
// page both show the next send date and the waves per time zone with their recipient counts.
// Results list customers by name. In English and in Chinese.
import { randomBytes } from 'node:crypto';
import iconv from 'iconv-lite';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { wallTimeToInstant } from '../../src/modules/schedule/index.js';
import { describeInBrowser, launchChromium, screenshot, watchConsole } from '../helpers/browser.js';
import { startWebServer, type WebServer } from '../helpers/web-server.js';
import { currentWizardStep } from './flows/campaigns.js';
import { apiSession, createLocalMailAccount, must, signInInBrowser, type ApiSession } from './flows/session.js';

const RUN = randomBytes(3).toString('hex');
const MARKETER = { username: `sched-${RUN}`, role: 'marketer', password: `sched-${RUN}-Holidays`, displayName: 'Sam Scheduler' };
const EMAIL_TEMPLATE = `节日问候-${RUN}`;
const SMS_TEMPLATE = `节日短信-${RUN}`;

interface Holiday {
  key: string;
  name: string;
  nameEn: string;
  date: string;
}

/** Three customers in Shanghai and two in Berlin, as Excel in China saves a CSV: GBK, Chinese headers. */
function gbkCsv(tag: string): { csv: Buffer; names: string[] } {
  const people = [
    ['张伟', 'Asia/Shanghai'],
    ['李娜', 'Asia/Shanghai'],
    ['王芳', 'Asia/Shanghai'],
    ['刘洋', 'Europe/Berlin'],
    ['陈静', 'Europe/Berlin'],
  ].map(([name, zone], i) => ({ name: `${name}${tag}`, email: `${RUN}-${tag}-${i}@example.test`, zone: zone! }));
  const text = ['姓名,邮箱,时区', ...people.map((p) => `${p.name},${p.email},${p.zone}`)].join('\r\n') + '\r\n';
  return { csv: iconv.encode(text, 'gbk'), names: people.map((p) => p.name) };
}

await describeInBrowser(['submission', 'imap'], 'web UI: marketer schedules a holiday campaign (GBK import, waves per zone, grouped zones, SMS switch)', () => {
  let server: WebServer;
  let browser: Browser;
  let marketer: ApiSession;
  let holiday: Holiday;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startWebServer({ TIDINGS_ALLOW_PRIVATE_HOSTS: '127.0.0.1/8,::1', SEND_SMTP_ALLOW_SELF_SIGNED: '1' }), launchChromium()]);
    const admin = await apiSession(server.url, 'admin', server.adminPassword);
    await must(admin, 'POST', '/api/users', MARKETER);
    await createLocalMailAccount(admin, { name: 'marketing', address: 'sender@example.test', isDefault: true });
    await must(admin, 'POST', '/api/sms-accounts', { provider: 'aliyun', name: `sms-${RUN}`, credentials: { accessKeyId: 'id', accessKeySecret: 'secret' }, signature: '某某公司', settings: { templateCode: 'SMS_1' } });
    marketer = await apiSession(server.url, MARKETER.username, MARKETER.password);
    await must(marketer, 'POST', '/api/templates', { name: EMAIL_TEMPLATE, channel: 'email', version: { subject: `节日快乐 ${RUN}`, bodyFormat: 'text', body: `{{greeting}} 节日快乐 ${RUN}`, isMarketing: true } });
    await must(marketer, 'POST', '/api/templates', { name: SMS_TEMPLATE, channel: 'sms', version: { bodyFormat: 'text', body: `{{greeting}}节日快乐`, isMarketing: false } });
    // The next built-in holiday at least three days away, as the wizard lists it (its next date).
    const year = new Date().getUTCFullYear();
    const soon = new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10);
    const listed = [...(await must<Holiday[]>(marketer, 'GET', `/api/holidays?year=${year}`)), ...(await must<Holiday[]>(marketer, 'GET', `/api/holidays?year=${year + 1}`))];
    holiday = listed.filter((h) => h.date >= soon).sort((a, b) => a.date.localeCompare(b.date))[0]!;
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /** A page whose browser is in New York: the schedule must still start in the company's zone. */
  async function newPage(locale: string): Promise<{ page: Page; errors: string[] }> {
    const context = await browser.newContext({ locale, timezoneId: 'America/New_York', viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    return { page, errors: watchConsole(page, [/401 \(Unauthorized\)/]) };
  }

  const next = async (page: Page, expected: RegExp) => {
    await page.getByRole('button', { name: /^(Next|下一步)$/ }).click();
    await expect.poll(() => currentWizardStep(page)).toMatch(expected);
  };

  for (const locale of ['en', 'zh-CN'] as const) {
    const zh = locale === 'zh-CN';
    const L = (en: string, cn: string) => (zh ? cn : en);

    it(`${locale}: GBK import, one-off holiday with waves on review and detail, grouped zone picker, SMS and back`, async () => {
      const tag = zh ? 'z' : 'e';
      const group = `节日-${RUN}-${tag}`;
      const { page, errors } = await newPage(locale);
      await signInInBrowser(page, server.url, MARKETER.username, MARKETER.password);

      // 1. The GBK file through the import screen: detected, Chinese headers mapped, five imported.
      const { csv, names } = gbkCsv(tag);
      await page.goto(`${server.url}/customers/import`);
      await page.getByLabel(L('CSV file', 'CSV 文件')).setInputFiles({ name: '节日客户.csv', mimeType: 'text/csv', buffer: csv });
      await page.getByLabel(L('Put everyone in group', '全部放入分组')).fill(group);
      await page.getByRole('button', { name: L('Check the file', '检查文件') }).click();
      const summary = page.getByTestId('dry-run-summary');
      await expect.poll(() => summary.textContent(), { timeout: 20_000 }).toMatch(zh ? /^预计导入 5 位/ : /^Would import 5,/);
      await expect.poll(() => page.getByText(/gb18030/i).count()).toBeGreaterThan(0);
      await page.getByRole('button', { name: L('Import now', '开始导入') }).click();
      await expect.poll(() => page.getByTestId('import-report').textContent(), { timeout: 30_000 }).toMatch(zh ? /已导入 5 位/ : /Imported 5,/);
      const imported = await must<{ items: { displayName: string; timeZone: string | null }[] }>(marketer, 'GET', `/api/customers?query=${encodeURIComponent(names[0]!)}`);
      expect(imported.items.map((c) => [c.displayName, c.timeZone])).toEqual([[names[0], 'Asia/Shanghai']]);

      // 2. The wizard, first as SMS: pick the SMS channel after the mail account was preselected.
      await page.goto(`${server.url}/campaigns/new`);
      await expect.poll(() => currentWizardStep(page)).toMatch(/Channel|渠道/);
      await page.getByRole('textbox', { name: /Campaign name|群发名称/ }).fill(`${holiday.nameEn} ${RUN} ${tag}`);
      const sendFrom = page.getByLabel(/Send from|发件账户/);
      await expect.poll(() => sendFrom.inputValue()).not.toBe('');
      await page.getByRole('radio', { name: /^(SMS|短信)$/ }).check();
      await expect.poll(() => sendFrom.locator('option:checked').textContent()).toContain(`sms-${RUN}`);
      await next(page, /Audience|收件人/);
      await page.getByRole('radio', { name: /Chosen groups|选定的分组/ }).check();
      await page.getByRole('checkbox', { name: group, exact: true }).check();
      await next(page, /Template|模板/);
      await page.getByRole('combobox', { name: /^(Template|模板)$/ }).selectOption({ label: SMS_TEMPLATE });
      await expect.poll(() => page.getByRole('combobox', { name: /^(Version|版本)$/ }).inputValue()).not.toBe('');
      await next(page, /Schedule|发送时间/);

      // The holiday, once; the zone picker is grouped, starts in the company's zone, and is searchable.
      await page.getByRole('radio', { name: /^(On a holiday|节日)/ }).check();
      await page.getByRole('combobox', { name: /^(Holiday|节日)$/ }).selectOption(holiday.key);
      await page.getByRole('radio', { name: zh ? /^仅一次/ : /^Once/ }).check();
      const zone = page.getByTestId('zone-select');
      await expect.poll(() => zone.inputValue()).toBe('Asia/Shanghai');
      expect(await zone.locator('optgroup').count()).toBeGreaterThan(5);
      await page.getByTestId('zone-search').fill('Berlin');
      // Narrowed to Berlin, with the selected (company) zone kept so the select never jumps.
      await expect.poll(() => zone.locator('option').evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value))).toEqual(['Asia/Shanghai', 'Europe/Berlin']);
      await zone.selectOption('Europe/Berlin');
      await screenshot(page, `marketer-schedule-zone-picker-${locale}`);
      await next(page, /Review|确认/);

      // Review as SMS: the estimate and the plan load; no NOT_FOUND for a mail account's id.
      await page.getByTestId('sms-estimate').waitFor({ timeout: 20_000 });
      await page.getByTestId('campaign-plan').waitFor({ timeout: 20_000 });
      expect(await page.locator('.notice-error').count()).toBe(0);
      const berlinNine = wallTimeToInstant(holiday.date, '09:00', 'Europe/Berlin').toISOString();
      await expect.poll(() => page.getByTestId('next-send').getAttribute('data-at')).toBe(berlinNine);
      await screenshot(page, `marketer-schedule-review-sms-${locale}`);

      // 3. Back to the first step and to email: a mail account again, then the email template.
      await page.locator('.wizard-steps').getByRole('button', { name: /Channel|渠道/ }).click();
      await page.getByRole('radio', { name: /^(Email|邮件)$/ }).check();
      await expect.poll(() => sendFrom.locator('option:checked').textContent()).toContain('sender@example.test');
      await next(page, /Audience|收件人/);
      await expect.poll(() => page.getByTestId('count-reachable').textContent(), { timeout: 15_000 }).toBe('5');
      await next(page, /Template|模板/);
      await page.getByRole('combobox', { name: /^(Template|模板)$/ }).selectOption({ label: EMAIL_TEMPLATE });
      await expect.poll(() => page.getByRole('combobox', { name: /^(Version|版本)$/ }).inputValue()).not.toBe('');
      await next(page, /Schedule|发送时间/);
      // Still once; now at 09:00 on each recipient's own clock.
      expect(await page.getByRole('radio', { name: zh ? /^仅一次/ : /^Once/ }).isChecked()).toBe(true);
      await page.getByRole('checkbox', { name: L("At this time in each recipient's own time zone", '按每位收件人所在时区的这个时间') }).check();
      await next(page, /Review|确认/);

      // Review: the next send is the holiday's 09:00 in Shanghai, then a wave per zone with counts.
      const shanghaiNine = wallTimeToInstant(holiday.date, '09:00', 'Asia/Shanghai').toISOString();
      const waves = async () =>
        page.getByTestId('waves').locator('li').evaluateAll((items) => items.map((li) => `${li.getAttribute('data-zone')}:${li.getAttribute('data-recipients')}`));
      await expect.poll(() => page.getByTestId('next-send').getAttribute('data-at'), { timeout: 20_000 }).toBe(shanghaiNine);
      await expect.poll(waves).toEqual(['Asia/Shanghai:3', 'Europe/Berlin:2']);
      // The holiday's name arrives with the holiday list.
      await expect.poll(() => page.getByTestId('next-send').textContent()).toContain(`${zh ? holiday.name : holiday.nameEn} ${holiday.date} 09:00`);
      expect(await page.getByTestId('waves').textContent()).toContain(`${holiday.date} 09:00`);
      expect(await page.getByTestId('review-schedule').textContent()).toContain(holiday.date.slice(0, 4));
      expect(await page.locator('.notice-error').count()).toBe(0);
      await screenshot(page, `marketer-schedule-review-${locale}`);
      await page.getByRole('button', { name: L('Schedule it', '确认排期') }).click();
      await page.waitForURL(/\/campaigns\/\d+$/, { timeout: 20_000 });
      const id = Number(/\/campaigns\/(\d+)$/.exec(page.url())?.[1]);
      const stored = await must<{ schedule: Record<string, unknown>; channel: string }>(marketer, 'GET', `/api/campaigns/${id}`);
      expect(stored.channel).toBe('email');
      expect(stored.schedule).toMatchObject({ kind: 'holiday', holiday: holiday.key, everyYear: false, year: Number(holiday.date.slice(0, 4)), localPerRecipient: true });

      // The campaign page shows the same next send and waves.
      await expect.poll(() => page.getByTestId('next-send').getAttribute('data-at'), { timeout: 20_000 }).toBe(shanghaiNine);
      await expect.poll(waves).toEqual(['Asia/Shanghai:3', 'Europe/Berlin:2']);
      await screenshot(page, `marketer-schedule-detail-${locale}`);
      expect(errors).toEqual([]);
    });

    it(`${locale}: results name the customers, not #id`, async () => {
      const tag = zh ? 'rz' : 're';
      const people = [`赵敏${tag}`, `周芷若${tag}`];
      const ids: number[] = [];
      for (const [i, name] of people.entries()) ids.push((await must<{ id: number }>(marketer, 'POST', '/api/customers', { name, emails: [`${RUN}-${tag}-${i}@example.test`] })).id);
      const templates = await must<{ id: number; name: string }[]>(marketer, 'GET', '/api/templates?channel=email');
      const template = templates.find((t) => t.name === EMAIL_TEMPLATE)!;
      const campaign = await must<{ id: number }>(marketer, 'POST', '/api/campaigns', { name: `names ${RUN} ${tag}`, channel: 'email', template: template.id, audience: { customerIds: ids } });
      await must(marketer, 'POST', `/api/campaigns/${campaign.id}/start`, {});
      const { page, errors } = await newPage(locale);
      await signInInBrowser(page, server.url, MARKETER.username, MARKETER.password);
      await page.goto(`${server.url}/campaigns/${campaign.id}`);
      const customers = () => page.getByTestId('messages-table').getByTestId('message-customer').allTextContents();
      await expect.poll(customers, { timeout: 30_000 }).toEqual(people);
      expect(errors).toEqual([]);
    });
  }
});

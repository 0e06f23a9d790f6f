// A campaign to real local mailboxes through Postfix; two recipients press "Report spam" and their
// providers' feedback loops send ARF reports back through Postfix to the sending mailbox, which a
// real `tidings serve` polls. The complaints are filed, the complainers are withdrawn from
// marketing, and the campaign pauses itself with a reason a person understands, shown on the
// campaign page in English and Chinese. The bound and the minimum sample are set low by settings.
import { randomBytes } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeInBrowser, launchChromium, openPage, screenshot } from '../helpers/browser.js';
import { deliverLocally, latestSource } from '../helpers/mailbox.js';
import { startWebServer, type WebServer } from '../helpers/web-server.js';
import { apiSession, createLocalMailAccount, must, pollUntil, signInInBrowser, type ApiSession } from '../web/flows/session.js';
import { arfReport } from './arf.js';

const run = randomBytes(3).toString('hex');
const MAILBOX = `fbl-sender-${run}@example.test`;
const CAMPAIGN = `Spring offers ${run}`;
const RECIPIENTS = Array.from({ length: 12 }, (_, i) => `fbl-${i}-${run}@example.test`);

interface Progress {
  status: string;
  statusReason: string | null;
  counts: { sent: number };
}

await describeInBrowser(['smtp', 'submission', 'imap'], 'complaints pause a campaign (ARF reports through Postfix to the polled mailbox)', () => {
  let server: WebServer;
  let browser: Browser;
  let admin: ApiSession;
  let campaignId: number;
  let customerIds: number[];
  let accountId: number;

  beforeAll(async () => {
    [server, browser] = await Promise.all([
      startWebServer({
        TIDINGS_ALLOW_PRIVATE_HOSTS: '127.0.0.1/8,::1',
        SEND_SMTP_ALLOW_SELF_SIGNED: '1',
        TIDINGS_INBOX_POLL_SECONDS: '1',
        SEND_SWEEP_INTERVAL_MS: '500',
        // Low on purpose: 10 % after 4 delivered (the defaults are 0.3 % after 500).
        SEND_COMPLAINT_MAX_PERCENT: '10',
        SEND_COMPLAINT_MIN_DELIVERED: '4',
      }),
      launchChromium(),
    ]);
    admin = await apiSession(server.url, 'admin', server.adminPassword);
    // 4 a minute: the first four go out at once and the campaign is still running for minutes,
    // long enough for the reports to come back (a finished campaign has nothing left to pause).
    const account = await createLocalMailAccount(admin, { address: MAILBOX, displayName: 'Tidings Shop', limits: { perMinute: 4 } });
    accountId = account.id;
    customerIds = [];
    for (const [i, email] of RECIPIENTS.entries()) {
      customerIds.push((await must<{ id: number }>(admin, 'POST', '/api/customers', { name: `Customer ${i} ${run}`, emails: [email] })).id);
    }
    const template = await must<{ versions: { id: number }[] }>(admin, 'POST', '/api/templates', {
      name: `offers-${run}`,
      channel: 'email',
      version: { subject: `Spring offers ${run}`, bodyFormat: 'text', body: 'Hello {{customer.displayName}}, our spring offers are here.', isMarketing: false },
    });
    campaignId = (
      await must<{ id: number }>(admin, 'POST', '/api/campaigns', { name: CAMPAIGN, mailAccount: account.id, templateVersionId: template.versions[0]!.id, audience: { customerIds } })
    ).id;
    await must(admin, 'POST', `/api/campaigns/${campaignId}/start`, {});
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('files the reports, withdraws the complainers from marketing and pauses the campaign with a readable reason', async () => {
    // The first two delivered recipients complain about the message they really received.
    const delivered = await pollUntil(
      'two campaign messages delivered to their mailboxes',
      async () => {
        const found: Array<{ address: string; source: string }> = [];
        for (const address of RECIPIENTS) {
          const source = await latestSource(address);
          if (source) found.push({ address, source: source.toString('utf8') });
          if (found.length === 2) return found;
        }
        return undefined;
      },
      60_000,
    );
    for (const { address, source } of delivered) {
      const report = arfReport({ from: `fbl@provider-${run}.test`, to: MAILBOX, recipient: address, trace: null, original: source });
      await deliverLocally({ envelope: { from: '', to: MAILBOX }, raw: report });
    }

    const paused = await pollUntil(
      'the campaign paused for its complaint rate',
      async () => {
        const campaign = await must<{ progress: Progress }>(admin, 'GET', `/api/campaigns/${campaignId}`);
        return campaign.progress.status === 'paused' ? campaign.progress : undefined;
      },
      90_000,
    );
    expect(paused.statusReason).toMatch(
      /^SEND_COMPLAINT_RATE: Paused: 2 complaints in \d+ delivered \([\d.]+ %\), above the 10 % limit\. Check the audience and content before resuming\.$/,
    );
    // Nothing more goes out: not every recipient got the message.
    expect(paused.counts.sent).toBeLessThan(RECIPIENTS.length);

    const complaints = await must<{ campaign: { complaints: number; delivered: number }; account: { complaints: number } | null }>(
      admin,
      'GET',
      `/api/campaigns/${campaignId}/complaints`,
    );
    expect(complaints.campaign.complaints).toBe(2);
    expect(complaints.account?.complaints).toBe(2);
    const byAccount = await must<{ mailAccountId: number; complaints: number; delivered: number; rate: number }>(admin, 'GET', `/api/accounts/${accountId}/complaints`);
    expect(byAccount).toMatchObject({ mailAccountId: accountId, complaints: 2, delivered: complaints.campaign.delivered });
    expect(byAccount.rate).toBeCloseTo(2 / byAccount.delivered, 10);

    for (const { address } of delivered) {
      const found = await must<{ items: Array<{ value: string; reason: string; channel: string }> }>(admin, 'GET', `/api/suppressions?query=${encodeURIComponent(address)}`);
      expect(found.items).toEqual([expect.objectContaining({ value: address, reason: 'complaint', channel: 'email' })]);
    }
  });

  it('shows the pause reason and the complaint rate on the campaign page, in English and Chinese', async () => {
    const expected = [
      { locale: 'en-GB', reason: /^Paused: 2 complaints in \d+ delivered \([\d.]+ %\), above the 10 % limit\. Check the audience and content before resuming\.$/, panel: 'Spam complaints' },
      { locale: 'zh-CN', reason: /^已暂停：已送达 \d+ 封中有 2 封被投诉为垃圾邮件（[\d.]+%），超过 10% 的上限。请检查收件人名单和邮件内容后再继续发送。$/, panel: '垃圾邮件投诉' },
    ];
    for (const { locale, reason, panel } of expected) {
      const { page, errors } = await openPage(browser, { locale, allow: [/401 \(Unauthorized\)/] });
      await signInInBrowser(page, server.url, 'admin', server.adminPassword);
      await page.goto(`${server.url}/campaigns/${campaignId}`);
      await expect.poll(() => page.getByTestId('status-reason').textContent(), { timeout: 30_000 }).toMatch(reason);
      const complaints = page.getByTestId('campaign-complaints');
      await expect.poll(() => complaints.getByRole('heading').textContent(), { timeout: 30_000 }).toBe(panel);
      await expect.poll(() => page.getByTestId('complaints-campaign').textContent()).toMatch(locale === 'en-GB' ? /^[\d.]+ % \(2 of \d+ delivered\)$/ : /^[\d.]+%（已送达 \d+ 封中 2 封被投诉）$/);
      await screenshot(page, `campaign-complaints-${locale}`);
      expect(errors).toEqual([]);
      await page.context().close();
    }
  });
});

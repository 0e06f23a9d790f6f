// Steps of the inbox e2e (issue #12), reusable in the acceptance flow: mail arriving in a
// polled mailbox from someone no rule can file, waiting for the poller, filing it under a customer
// in the browser, and reading the replies and bounces per campaign. English labels.
import { deliverLocally } from '../../helpers/mailbox.js';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import type { Shoot } from './customers.js';
import { must, pollUntil, type ApiSession } from './session.js';

/** Sends a message through the local Postfix (port 25, no login) as an outside sender would. */
export async function sendAsStranger(from: string, to: string, subject: string, body: { text: string; html?: string }): Promise<void> {
  await deliverLocally({ from, to, subject, text: body.text, ...(body.html ? { html: body.html } : {}) });
}

/** Waits until the poller has stored the message as unfiled; returns its id. */
export async function waitForUnfiled(session: ApiSession, subject: string, timeout = 45_000): Promise<number> {
  return pollUntil(
    `"${subject}" among the unfiled messages`,
    async () => (await must<{ id: number; subject: string | null }[]>(session, 'GET', '/api/inbox/unfiled')).find((m) => m.subject === subject)?.id,
    timeout,
  );
}

/**
 * Files an unfiled message under a customer in the browser: open it from the unfiled list, search
 * the customer in the picker, choose them, file; back on the list the message is gone.
 */
export async function assignUnfiledInUi(page: Page, baseUrl: string, input: { subject: string; search: string; customerName: string; shoot?: Shoot }): Promise<void> {
  await page.goto(`${baseUrl}/inbox`);
  const table = page.getByRole('table', { name: 'Unfiled messages' });
  await table.getByRole('link', { name: input.subject, exact: true }).click();
  await page.getByRole('heading', { level: 1, name: input.subject }).waitFor();
  const panel = page.getByRole('region', { name: 'File under a customer' });
  await panel.getByRole('searchbox', { name: /Find a customer/ }).fill(input.search);
  await panel.getByRole('radio', { name: new RegExp(input.customerName) }).check();
  await input.shoot?.(page, 'inbox-message-assign');
  await panel.getByRole('button', { name: `File under ${input.customerName}` }).click();
  await page.getByText(`“${input.subject}” was filed under ${input.customerName}.`).waitFor();
  // The list has loaded (a table, or the "nothing to file" line) and no longer offers the message.
  await page.getByRole('table', { name: 'Unfiled messages' }).or(page.getByText('Nothing to file', { exact: false })).waitFor();
  await expect.poll(() => page.getByRole('link', { name: input.subject, exact: true }).count()).toBe(0);
}

/** Waits until a campaign has at least these many replies and bounces filed to it. */
export async function waitForCampaignAnswers(session: ApiSession, campaignId: number, least: { replies: number; bounces: number }, timeout = 60_000): Promise<void> {
  await pollUntil(
    `${least.replies} replies and ${least.bounces} bounces of campaign ${campaignId}`,
    async () => {
      const rows = await must<{ campaignId: number; replies: number; bounces: number }[]>(session, 'GET', '/api/inbox/campaigns');
      const row = rows.find((r) => r.campaignId === campaignId);
      return row && row.replies >= least.replies && row.bounces >= least.bounces ? row : undefined;
    },
    timeout,
  );
}

/** The per-campaign table's cells for one campaign: [name, channel, replies, bounces, auto-replies, unsubscribes, latest]. */
export async function campaignAnswersInUi(page: Page, baseUrl: string, campaignName: string): Promise<string[]> {
  await page.goto(`${baseUrl}/inbox/campaigns`);
  const row = page
    .getByRole('table', { name: 'Replies and bounces by campaign' })
    .getByRole('row')
    .filter({ has: page.getByRole('rowheader', { name: campaignName, exact: true }) });
  await row.waitFor();
  return row.locator('th, td').allTextContents();
}

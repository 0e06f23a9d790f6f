// Steps of the campaigns e2e (issue #12), reusable in the acceptance flow: seeding over the
// HTTP API as a client would (users, a mail account on the local Postfix, customers, a group), the
// campaign wizard and the campaign page in the browser, and reading a sent message back over IMAP.
import { simpleParser, type ParsedMail } from 'mailparser';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { latestSource } from '../../helpers/mailbox.js';
import { must, type ApiSession } from './session.js';

/** Any label in either language. */
const either = (en: string, zh: string) => new RegExp(`^(${en}|${zh})`);

/** Customers with an email and/or a mobile number each; returns their ids in order. */
export async function createCustomers(session: ApiSession, people: readonly { name: string; email?: string; phone?: string }[]): Promise<number[]> {
  const ids: number[] = [];
  for (const person of people) {
    const body = { name: person.name, ...(person.email ? { emails: [person.email] } : {}), ...(person.phone ? { phones: [person.phone] } : {}) };
    ids.push((await must<{ id: number }>(session, 'POST', '/api/customers', body)).id);
  }
  return ids;
}

/** A static group with these customers in it. */
export async function createGroupWith(session: ApiSession, name: string, customerIds: readonly number[]): Promise<number> {
  const group = await must<{ id: number }>(session, 'POST', '/api/groups', { name });
  for (const id of customerIds) await must(session, 'PUT', `/api/customers/${id}/groups/${group.id}`);
  return group.id;
}

/** The wizard's current step name (the item with aria-current="step"). */
export async function currentWizardStep(page: Page): Promise<string> {
  return ((await page.locator('.wizard-steps li[aria-current="step"]').textContent()) ?? '').replace(/^\d+\.\s*/, '').trim();
}

async function nextStep(page: Page, expected: RegExp): Promise<void> {
  await page.getByRole('button', { name: either('Next', '下一步') }).click();
  await expect.poll(() => currentWizardStep(page)).toMatch(expected);
}

/** What the wizard should do; `shot` is called at each step for screenshots. */
export interface WizardInput {
  readonly name: string;
  /** Tick these groups; omitted: keep the audience the page was opened with (everybody or a link's). */
  readonly groups?: readonly string[];
  readonly template: string;
  /** The reachable count the audience step and the review must show. */
  readonly expectReachable: number;
  readonly shot?: (step: string) => Promise<unknown>;
}

/**
 * Goes through the wizard from wherever it was opened (`/campaigns/new`, or a link from the
 * customers screen) with "now" up to the review, checking the recipient counts on the way.
 */
export async function fillWizardToReview(page: Page, input: WizardInput & { channel?: 'email' | 'sms' }): Promise<void> {
  await expect.poll(() => currentWizardStep(page)).toMatch(/Channel|渠道/);
  const name = page.getByRole('textbox', { name: /Campaign name|群发名称/ });
  await name.fill(input.name);
  if (input.channel) await page.getByRole('radio', { name: input.channel === 'email' ? /^(Email|邮件)$/ : /^(SMS|短信)$/ }).check();
  await expect.poll(() => page.getByLabel(/Send from|发件账户/).inputValue()).not.toBe('');
  await input.shot?.('channel');
  await nextStep(page, /Audience|收件人/);

  if (input.groups) {
    await page.getByRole('radio', { name: /Chosen groups|选定的分组/ }).check();
    for (const group of input.groups) await page.getByRole('checkbox', { name: group, exact: true }).check();
  }
  await expect.poll(() => page.getByTestId('count-reachable').textContent(), { timeout: 10_000 }).toBe(String(input.expectReachable));
  await input.shot?.('audience');
  await nextStep(page, /Template|模板/);

  await page.getByRole('combobox', { name: /^(Template|模板)$/ }).selectOption({ label: input.template });
  await expect.poll(() => page.getByRole('combobox', { name: /^(Version|版本)$/ }).inputValue()).not.toBe('');
  await page.getByTestId('preview-subject').or(page.getByTestId('sms-text')).first().waitFor();
  await input.shot?.('template');
  await nextStep(page, /Schedule|发送时间/);

  await page.getByRole('radio', { name: /^(Now|立即发送)/ }).check();
  await input.shot?.('schedule');
  await nextStep(page, /Review|确认/);

  await expect.poll(() => page.getByTestId('review-recipients').getAttribute('data-reachable'), { timeout: 10_000 }).toBe(String(input.expectReachable));
  await input.shot?.('review');
}

/** {@link fillWizardToReview}, then "Send now"; returns the new campaign's id once its page opened. */
export async function createCampaignViaWizard(page: Page, input: WizardInput): Promise<number> {
  await fillWizardToReview(page, input);
  await page.getByRole('button', { name: either('Send now', '立即发送') }).click();
  await page.waitForURL(/\/campaigns\/\d+$/);
  return Number(/\/campaigns\/(\d+)$/.exec(page.url())?.[1]);
}

/** The status badge of the campaign page (data-status). */
export async function campaignStatus(page: Page): Promise<string | null> {
  return page.locator('.page-header [data-status]').getAttribute('data-status');
}

/** Waits on the campaign page until the status is `status` (the page polls every second while sending). */
export async function waitForCampaignStatus(page: Page, status: string, timeout = 30_000): Promise<void> {
  await expect.poll(() => campaignStatus(page), { timeout, interval: 250 }).toBe(status);
}

/** The states in the per-message results table, in row order. */
export async function messageStates(page: Page): Promise<string[]> {
  return page.getByTestId('messages-table').locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-state') ?? ''));
}

/** The count of one state in the progress panel. */
export async function stateCount(page: Page, state: string): Promise<number> {
  return Number(((await page.getByTestId(`count-${state}`).textContent()) ?? '').replace(/\D/g, ''));
}

/** Presses a control button on the campaign page (Pause, Resume, Start …), in either language. */
export async function pressControl(page: Page, en: string, zh: string): Promise<void> {
  await page.locator('.campaign-controls').getByRole('button', { name: either(en, zh) }).first().click();
}

/** The newest message in a local mailbox, parsed; undefined while it is empty. */
export async function newestMail(address: string): Promise<ParsedMail | undefined> {
  const source = await latestSource(address);
  return source ? simpleParser(source) : undefined;
}


// Steps of the customers e2e (issue #12), reusable in the acceptance flow: seeding over the
// HTTP API as a client would (a mail account on the local Postfix/Dovecot, a user), what a marketer
// does in the browser (import with the mapping step, search, tick, email, the customer page), and
// reading the result back from the mail servers (IMAP, a reply over SMTP).
import { simpleParser, type ParsedMail } from 'mailparser';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { deliverLocally, inboxSources } from '../../helpers/mailbox.js';
import { waitFor } from '../../helpers/wait.js';

export type Shoot = (page: Page, name: string) => Promise<unknown>;

/** What the import's dry run and the import itself reported (the visible summary lines). */
export interface ImportOutcome {
  readonly dryRun: string;
  readonly report: string;
}

/** The import screen's words, per UI language. */
const IMPORT = {
  en: { file: 'CSV file', check: 'Check the file', checkAgain: 'Check again', changed: /check again/, target: (h: string) => `Where “${h}” goes`, would: /^Would import/, now: 'Import now', imported: /^Imported/ },
  'zh-CN': { file: 'CSV 文件', check: '检查文件', checkAgain: '重新检查', changed: /重新检查/, target: (h: string) => `“${h}”对应的字段`, would: /^预计导入/, now: '开始导入', imported: /^已导入/ },
} as const;

/**
 * Imports a CSV through /customers/import (English UI unless `lang` says): upload, the dry run's
 * mapping step (where `remap` changes columns, e.g. { City: 'Custom field “City”' }, then checks
 * again), import, report.
 */
export async function importCustomersCsv(
  page: Page,
  baseUrl: string,
  csv: string,
  options: { fileName?: string; remap?: Record<string, string>; shoot?: Shoot; lang?: keyof typeof IMPORT } = {},
): Promise<ImportOutcome> {
  const t = IMPORT[options.lang ?? 'en'];
  await page.goto(`${baseUrl}/customers/import`);
  await page.getByLabel(t.file).setInputFiles({ name: options.fileName ?? 'customers.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
  await page.getByRole('button', { name: t.check }).click();
  const summary = page.getByTestId('dry-run-summary');
  await expect.poll(() => summary.textContent(), { timeout: 15_000 }).toMatch(t.would);
  for (const [header, label] of Object.entries(options.remap ?? {})) {
    await page.getByLabel(t.target(header)).selectOption({ label });
  }
  if (options.remap && Object.keys(options.remap).length > 0) {
    await expect.poll(() => summary.textContent()).toMatch(t.changed);
    await page.getByRole('button', { name: t.checkAgain }).click();
    await expect.poll(() => summary.textContent(), { timeout: 15_000 }).toMatch(t.would);
  }
  const dryRun = (await summary.textContent()) ?? '';
  await options.shoot?.(page, 'customers-import-mapping');
  await page.getByRole('button', { name: t.now }).click();
  const report = page.getByTestId('import-report');
  await expect.poll(() => report.textContent(), { timeout: 30_000 }).toMatch(t.imported);
  await options.shoot?.(page, 'customers-import-report');
  return { dryRun, report: (await report.textContent()) ?? '' };
}

export async function searchCustomers(page: Page, text: string, expectRows?: number): Promise<void> {
  await page.getByLabel('Search customers').fill(text);
  await expect.poll(() => new URL(page.url()).searchParams.get('q')).toBe(text);
  if (expectRows !== undefined) await expect.poll(() => page.locator('table tbody tr').count(), { timeout: 10_000 }).toBe(expectRows);
}

/** Ticks customers by display name and waits for the selection bar to count them. */
export async function tickCustomers(page: Page, names: readonly string[]): Promise<string> {
  for (const name of names) await page.getByRole('checkbox', { name: `Tick ${name}`, exact: true }).check();
  const summary = page.getByTestId('selection-summary');
  await expect.poll(() => summary.textContent()).toMatch(new RegExp(`^${names.length} ticked.*Email reaches`));
  return (await summary.textContent()) ?? '';
}

/**
 * Email for the ticked customers: the compose dialog, a subject and text written now, Send, and
 * waits until every message is out ("Done: N sent"). Returns the final progress line.
 */
export async function emailTicked(page: Page, message: { subject: string; text: string }, shoot?: Shoot): Promise<string> {
  await page.getByRole('button', { name: /^Email the \d+ ticked customers$/ }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel(/^Subject/).fill(message.subject);
  await dialog.getByLabel('Message').fill(message.text);
  await expect.poll(() => dialog.getByTestId('compose-reach').textContent()).toMatch(/will receive it/);
  await shoot?.(page, 'customers-compose');
  await dialog.getByRole('button', { name: 'Send' }).click();
  const progress = page.getByRole('dialog').getByTestId('send-progress');
  await expect.poll(() => progress.textContent(), { timeout: 30_000 }).toMatch(/^Done: \d+ sent/);
  const line = (await progress.textContent()) ?? '';
  await page.getByRole('dialog').getByRole('button', { name: 'Close' }).click();
  return line;
}

/**
 * Opens a customer's page from the list by name. A click that lands while the list re-renders
 * (ticks cleared, a refetch) can hit a row that is being replaced and go nowhere; it is retried
 * until the page's heading shows, within a bound.
 */
export async function openCustomer(page: Page, name: string): Promise<void> {
  const heading = page.getByRole('heading', { level: 1, name });
  await waitFor(
    async () => {
      if (await heading.isVisible()) return true;
      await page.getByRole('link', { name, exact: true }).click({ timeout: 5_000 }).catch(() => undefined);
      return heading.waitFor({ timeout: 5_000 }).then(() => true, () => false);
    },
    { timeoutMs: 30_000, intervalMs: 200, what: `the page of ${name}` },
  );
}

/** Waits until the customer page's timeline shows an entry containing `text` (pressing Refresh meanwhile). */
export async function waitForTimelineEntry(page: Page, text: string, timeout = 30_000): Promise<string> {
  const timeline = page.getByRole('region', { name: 'Messages' });
  await expect
    .poll(
      async () => {
        const content = (await timeline.textContent()) ?? '';
        if (!content.includes(text)) await timeline.getByRole('button', { name: 'Refresh' }).click();
        return content;
      },
      { timeout, interval: 750 },
    )
    .toContain(text);
  return (await timeline.textContent()) ?? '';
}

/** Every message in `address`'s INBOX, parsed. */
export async function readMailbox(address: string): Promise<ParsedMail[]> {
  return Promise.all((await inboxSources(address)).map((source) => simpleParser(source)));
}

/** The customer answers from their own address through the local Postfix (port 25), as a reply to `inReplyTo`. */
export async function replyAsCustomer(from: string, to: string, inReplyTo: string, subject: string, text: string): Promise<void> {
  await deliverLocally({ from, to, subject, text, inReplyTo, references: inReplyTo });
}

/** The tree panel of the customer list. */
export const groupTree = (page: Page) => page.getByRole('navigation', { name: 'Groups and saved filters' });

/** Creates a group from the tree panel (under `parent`'s path, or at the top level); the new group becomes the view. */
export async function createGroupInTree(page: Page, name: string, parent?: string): Promise<void> {
  await groupTree(page).getByRole('button', { name: /^New (group|subgroup of )/ }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Group name').fill(name);
  await dialog.getByLabel('Parent group').selectOption({ label: parent ?? '(Top level)' });
  await dialog.getByRole('button', { name: 'Create group' }).click();
  await expect.poll(() => groupTree(page).getByRole('link', { name, exact: true }).getAttribute('aria-current')).toBe('page');
}

/** Renames the selected group with the keyboard (Enter submits the dialog). */
export async function renameSelectedGroup(page: Page, from: string, to: string): Promise<void> {
  await groupTree(page).getByRole('button', { name: `Rename ${from}` }).click();
  const field = page.getByRole('dialog', { name: `Rename ${from}` }).getByLabel('Group name');
  await field.fill(to);
  await field.press('Enter');
  await groupTree(page).getByRole('link', { name: to, exact: true }).waitFor();
}

/** Moves the selected group under `parent` (a path as the tree shows it) or to the top level (undefined). */
export async function moveSelectedGroup(page: Page, name: string, parent: string | undefined): Promise<void> {
  await groupTree(page).getByRole('button', { name: `Move ${name}` }).click();
  const dialog = page.getByRole('dialog', { name: `Move ${name}` });
  await dialog.getByLabel('New parent group').selectOption({ label: parent ?? '(Top level)' });
  await dialog.getByRole('button', { name: 'Move', exact: true }).click();
  await dialog.waitFor({ state: 'detached' });
}

/** Deletes the selected group after the confirmation (which says the customers stay); returns that text. */
export async function deleteSelectedGroup(page: Page, name: string): Promise<string> {
  await groupTree(page).getByRole('button', { name: `Delete ${name}` }).click();
  const dialog = page.getByRole('dialog', { name: `Delete ${name}` });
  const text = (await dialog.locator('p').first().textContent()) ?? '';
  await dialog.getByRole('button', { name: 'Delete group' }).click();
  await expect.poll(() => groupTree(page).getByRole('link', { name, exact: true }).count()).toBe(0);
  return text;
}

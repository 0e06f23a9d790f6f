// Steps of the accounts e2e (issue #12), reusable in the acceptance flow: the add-mailbox
// wizard (Address → Servers → Password → Verify → Save) against the local Postfix/Dovecot, the
// mailbox list's actions, and adding an SMS account. English labels (the flows run in `en`).
import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';
import type { Shoot } from './customers.js';

/** One server as typed into the wizard. */
export interface ServerInput {
  readonly host: string;
  readonly port: number;
  readonly security: 'SSL/TLS' | 'STARTTLS' | 'None (unencrypted)';
  readonly username?: string;
}

/** The local Postfix submission port and Dovecot IMAP, both STARTTLS with a self-signed certificate. */
export const LOCAL_SERVERS = {
  imap: { host: '127.0.0.1', port: 143, security: 'STARTTLS' },
  smtp: { host: '127.0.0.1', port: 587, security: 'STARTTLS' },
} as const satisfies { imap: ServerInput; smtp: ServerInput };

/** What {@link addMailboxViaWizard} needs. */
export interface WizardInput {
  readonly address: string;
  readonly password: string;
  readonly displayName?: string;
  /** Typed by hand ("Enter servers yourself"); default: the local Postfix/Dovecot. */
  readonly servers?: { imap: ServerInput; smtp: ServerInput };
  /** Self-signed certificates: turn certificate checking off (default true for the local servers). */
  readonly selfSigned?: boolean;
  /** A wrong password to try first, so the failed verification and the way back are exercised. */
  readonly wrongPasswordFirst?: string;
  readonly makeDefault?: boolean;
  readonly shoot?: Shoot;
}

/** The wizard's step list item that is current. */
export const currentStep = (page: Page): Locator => page.getByRole('list', { name: 'Steps' }).locator('li[aria-current="step"]');

/** Fills one server fieldset (found by its legend). */
export async function fillServer(page: Page, legend: RegExp | string, server: ServerInput): Promise<void> {
  const group = page.getByRole('group', { name: legend });
  await group.getByRole('textbox', { name: /^Host/ }).fill(server.host);
  await group.getByRole('textbox', { name: /^Port/ }).fill(String(server.port));
  await group.getByLabel('Security').selectOption({ label: server.security });
  // Security may move a default port along; the port typed wins.
  await group.getByRole('textbox', { name: /^Port/ }).fill(String(server.port));
  if (server.username !== undefined) await group.getByLabel(/User name/).fill(server.username);
}

/** Waits for the verify step's answer and returns each protocol's line. */
export async function verifyOutcome(page: Page): Promise<{ ok: boolean; checks: string[] }> {
  const result = page.locator('.acct-verify-result');
  await expect.poll(async () => result.getAttribute('aria-busy'), { timeout: 40_000 }).toBe('false');
  const checks = await result.locator('.acct-checks li').allTextContents();
  return { ok: (await result.getByText('Every login works.').count()) === 1, checks };
}

/**
 * A marketer's path through the wizard: address, "Enter servers yourself" (the local servers are
 * in no provider table), the servers, the password, verification against the real servers, save.
 * Returns the account's name as listed.
 */
export async function addMailboxViaWizard(page: Page, baseUrl: string, input: WizardInput): Promise<{ name: string; checks: string[] }> {
  const servers: { imap: ServerInput; smtp: ServerInput } = input.servers ?? LOCAL_SERVERS;
  await page.goto(`${baseUrl}/accounts`);
  await page.getByRole('link', { name: 'Add mailbox' }).click();
  await expect.poll(() => currentStep(page).textContent()).toBe('1. Address');
  await page.getByLabel(/Email address/).fill(input.address);
  await page.getByLabel('Sender name').fill(input.displayName ?? '');
  await page.getByRole('button', { name: 'Enter servers yourself' }).click();

  await expect.poll(() => currentStep(page).textContent()).toBe('2. Servers');
  await page.getByLabel('Protocol').selectOption('imap');
  await fillServer(page, /Incoming mail/, { ...servers.imap, username: servers.imap.username ?? input.address });
  await fillServer(page, /Outgoing mail/, servers.smtp);
  if (input.selfSigned ?? true) await page.getByLabel('Check the servers’ TLS certificates').uncheck();
  await page.getByRole('button', { name: 'Next' }).click();

  await expect.poll(() => currentStep(page).textContent()).toBe('3. Password');
  const passwordField = page.getByLabel(/^Password/);
  if (input.wrongPasswordFirst) {
    await passwordField.fill(input.wrongPasswordFirst);
    await page.getByRole('button', { name: 'Verify', exact: true }).click();
    await expect.poll(() => currentStep(page).textContent()).toBe('4. Verify');
    const failed = await verifyOutcome(page);
    expect(failed.ok).toBe(false);
    expect(failed.checks.join('\n')).toMatch(/ACCOUNT_AUTH_FAILED/);
    await input.shoot?.(page, 'accounts-wizard-verify-failed');
    await page.getByRole('button', { name: 'Change password' }).click();
    await expect.poll(() => currentStep(page).textContent()).toBe('3. Password');
  }
  await passwordField.fill(input.password);
  await page.getByRole('button', { name: 'Verify', exact: true }).click();

  await expect.poll(() => currentStep(page).textContent()).toBe('4. Verify');
  const outcome = await verifyOutcome(page);
  expect(outcome, outcome.checks.join('\n')).toMatchObject({ ok: true });
  await input.shoot?.(page, 'accounts-wizard-verify');
  await page.getByRole('button', { name: 'Save', exact: true }).click();

  await expect.poll(() => currentStep(page).textContent()).toBe('5. Save');
  // The name is proposed from the address once the step renders: wait for it before reading it.
  const nameField = page.getByLabel(/Account name/);
  await expect.poll(() => nameField.inputValue()).not.toBe('');
  const name = await nameField.inputValue();
  if (input.makeDefault) await page.getByLabel('Make this the default sending mailbox').check();
  await page.getByRole('button', { name: 'Save mailbox' }).click();
  await page.getByText(`Mailbox ${name} was added.`).waitFor();
  return { name, checks: outcome.checks };
}

/** The mailbox list's row of an account (its name is the row header). */
export const mailboxRow = (page: Page, name: string): Locator => page.getByRole('table', { name: 'Mailboxes' }).getByRole('row').filter({ has: page.getByRole('rowheader', { name, exact: true }) });

/** The SMS list's row of an account. */
export const smsRow = (page: Page, name: string): Locator => page.getByRole('table', { name: 'SMS accounts' }).getByRole('row').filter({ has: page.getByRole('rowheader', { name, exact: true }) });

/** Deletes an account from a list through its confirmation dialog. */
export async function deleteAccountInList(page: Page, row: Locator, name: string): Promise<void> {
  await row.getByRole('button', { name: `Delete: ${name}` }).click();
  const dialog = page.getByRole('dialog', { name: `Delete ${name}?` });
  await dialog.waitFor();
  await dialog.getByRole('button', { name: 'Delete' }).click();
  await page.getByText(`${name} was deleted.`).waitFor();
  await expect.poll(() => row.count()).toBe(0);
}

/** What {@link addSmsAccountInUi} types. */
export interface SmsInput {
  readonly provider: 'Alibaba Cloud SMS (阿里云短信)' | 'Tencent Cloud SMS (腾讯云短信)' | 'Twilio' | 'SMPP gateway';
  readonly name: string;
  /** Field label → value (credentials and settings of that provider). */
  readonly fields: Readonly<Record<string, string>>;
  readonly signature?: string;
  readonly senderId?: string;
  readonly shoot?: Shoot;
}

/** Adds an SMS account through its form and waits for the list to confirm it. */
export async function addSmsAccountInUi(page: Page, baseUrl: string, input: SmsInput): Promise<void> {
  await page.goto(`${baseUrl}/accounts`);
  await page.getByRole('link', { name: 'Add SMS account' }).click();
  await page.getByLabel('Provider').selectOption({ label: input.provider });
  await page.getByLabel(/Account name/).fill(input.name);
  for (const [label, value] of Object.entries(input.fields)) await page.getByLabel(label, { exact: false }).fill(value);
  if (input.signature) await page.getByLabel('Signature (签名)').fill(input.signature);
  if (input.senderId) await page.getByLabel('Sender ID or number').fill(input.senderId);
  await input.shoot?.(page, 'accounts-sms-form');
  await page.getByRole('button', { name: 'Save SMS account' }).click();
  await page.getByText(`SMS account ${input.name} was added.`).waitFor();
}

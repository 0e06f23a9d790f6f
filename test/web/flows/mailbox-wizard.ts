// The mailbox wizard (/accounts/new) in the English UI, against the local Postfix/Dovecot: address
// and sender name, servers typed by hand (STARTTLS, self-signed so the certificate check is off),
// password, Verify, Save, Save mailbox. A sales rep's mailbox becomes theirs, a marketer's shared.
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { MAILBOX_PASSWORD } from '../../helpers/mailbox.js';
import type { Shoot } from './customers.js';

/** Walks the wizard to the end; returns the account name the wizard proposed and saved. */
export async function connectMailboxInWizard(page: Page, baseUrl: string, address: string, senderName: string, shoot?: Shoot): Promise<string> {
  await page.goto(`${baseUrl}/accounts/new`);
  const step = page.getByRole('list', { name: 'Steps' }).locator('li[aria-current="step"]');
  await expect.poll(() => step.textContent(), { timeout: 20_000 }).toMatch(/^1\./);
  await page.getByLabel(/Email address/).fill(address);
  await page.getByLabel('Sender name').fill(senderName);
  await page.getByRole('button', { name: 'Enter servers yourself' }).click();
  await expect.poll(() => step.textContent()).toMatch(/^2\./);
  await page.getByLabel('Protocol').selectOption('imap');
  for (const [legend, port] of [
    [/Incoming mail/, '143'],
    [/Outgoing mail/, '587'],
  ] as const) {
    const group = page.getByRole('group', { name: legend });
    await group.getByRole('textbox', { name: /^Host/ }).fill('127.0.0.1');
    await group.getByLabel('Security').selectOption({ label: 'STARTTLS' });
    await group.getByRole('textbox', { name: /^Port/ }).fill(port);
  }
  await page.getByLabel('Check the servers’ TLS certificates').uncheck();
  await page.getByRole('button', { name: 'Next' }).click();
  await expect.poll(() => step.textContent()).toMatch(/^3\./);
  await page.getByLabel(/^Password/).fill(MAILBOX_PASSWORD);
  await page.getByRole('button', { name: 'Verify', exact: true }).click();
  await expect.poll(() => page.getByText('Every login works.').count(), { timeout: 60_000 }).toBe(1);
  await shoot?.(page, 'mailbox-verified');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect.poll(() => step.textContent()).toMatch(/^5\./);
  const nameField = page.getByLabel(/Account name/);
  await expect.poll(() => nameField.inputValue()).not.toBe('');
  const name = await nameField.inputValue();
  await page.getByRole('button', { name: 'Save mailbox' }).click();
  await page.getByText(`Mailbox ${name} was added.`).waitFor({ timeout: 60_000 });
  return name;
}

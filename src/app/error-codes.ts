import { mailboxErrors } from '../adapters/mail/mailbox.errors.js';
import { smsProviderErrors } from '../adapters/sms/index.js';
import { accountsErrors } from '../modules/accounts/index.js';
import { billingErrors } from '../modules/billing/index.js';
import { customersErrors } from '../modules/customers/index.js';
import { inboxErrors } from '../modules/inbox/index.js';
import { scheduleErrors } from '../modules/schedule/index.js';
import { sendErrors } from '../modules/sending/index.js';
import { smsApprovalErrors } from '../modules/sms-approval/index.js';
import { templatesErrors } from '../modules/templates/index.js';
import { apiErrors } from '../modules/users/index.js';
import { coreErrors, type ErrorSpec } from '../platform/errors/index.js';
import { netErrors } from '../platform/net/index.js';

/**
 * Every table of error codes, by the layer or module that raises them, in the order docs/errors.md
 * lists them. Each table registers itself (`defineErrors`) when loaded, and a code defined twice
 * fails there; test/errors/codes.test.ts checks it again over this list.
 */
export const ERROR_TABLES = {
  core: coreErrors,
  net: netErrors,
  accounts: accountsErrors,
  customers: customersErrors,
  templates: templatesErrors,
  send: sendErrors,
  sms: smsProviderErrors,
  smsApproval: smsApprovalErrors,
  billing: billingErrors,
  mailbox: mailboxErrors,
  inbox: inboxErrors,
  schedule: scheduleErrors,
  api: apiErrors,
} as const;

/** The one merged registry: every stable code and how it behaves (docs, the HTTP error handler). */
export const ERROR_CODES = {
  ...coreErrors,
  ...netErrors,
  ...accountsErrors,
  ...customersErrors,
  ...templatesErrors,
  ...sendErrors,
  ...smsProviderErrors,
  ...smsApprovalErrors,
  ...billingErrors,
  ...mailboxErrors,
  ...inboxErrors,
  ...scheduleErrors,
  ...apiErrors,
} as const satisfies Record<string, ErrorSpec>;

export type { ErrorCode } from '../platform/errors/index.js';

import { accountsErrors } from '../modules/accounts/accounts.errors.js';
import { apiErrors } from '../modules/users/users.errors.js';
import { billingErrors } from '../modules/billing/billing.errors.js';
import { customersErrors } from '../modules/customers/customers.errors.js';
import { inboxErrors } from '../modules/inbox/inbox.errors.js';
import { scheduleErrors } from '../modules/schedule/schedule.errors.js';
import { sendErrors } from '../modules/sending/send.errors.js';
import { templatesErrors } from '../modules/templates/templates.errors.js';
import { coreErrors } from '../platform/errors/core.errors.js';
import type { ErrorSpec } from '../platform/errors/error-table.js';

/**
 * The one registry of error codes. Each module keeps its own table next to its code; this merges
 * them so a code is unique project-wide (a duplicate key would be a compile-time spread clash we
 * check in test/errors/codes.test.ts).
 */
export const ERROR_CODES = {
  ...coreErrors,
  ...accountsErrors,
  ...customersErrors,
  ...templatesErrors,
  ...sendErrors,
  ...billingErrors,
  ...inboxErrors,
  ...scheduleErrors,
  ...apiErrors,
} as const satisfies Record<string, ErrorSpec>;

/** Every stable error code. */
export type ErrorCode = keyof typeof ERROR_CODES;

/** The module tables, for the uniqueness test. */
export const ERROR_TABLES = {
  core: coreErrors,
  accounts: accountsErrors,
  customers: customersErrors,
  templates: templatesErrors,
  send: sendErrors,
  billing: billingErrors,
  inbox: inboxErrors,
  schedule: scheduleErrors,
  api: apiErrors,
} as const;

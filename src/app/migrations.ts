import { accountsMigrations } from '../modules/accounts/index.js';
import { billingMigrations } from '../modules/billing/index.js';
import { companyMigrations } from '../modules/company/index.js';
import { customersMigrations } from '../modules/customers/index.js';
import { inboxMigrations } from '../modules/inbox/index.js';
import { remindersMigrations } from '../modules/reminders/index.js';
import { scheduleMigrations } from '../modules/schedule/index.js';
import { createCampaignsAndOutbox, sendMigrations } from '../modules/sending/index.js';
import { smsApprovalMigrations } from '../modules/sms-approval/index.js';
import { templatesMigrations } from '../modules/templates/index.js';
import { apiMigrations } from '../modules/users/index.js';
import type { TidingsMigration } from '../platform/db/index.js';
import { coreMigration } from '../platform/db/migrations/0001-core.js';

/**
 * Every migration, from every module; the store applies the pending ones in name order (see
 * platform/db/migrator.ts). Name prefixes keep modules apart:
 * 0001–0099 core, 0100 accounts, 0200 customers, 0300 templates, 0400 send, 0500 billing,
   * 0600 inbox, 0700 schedule, 0800 api (users), 0900 company, 0950 reminders, 1000 sms-approval.
 */
export const ALL_MIGRATIONS: readonly TidingsMigration[] = [
  coreMigration([createCampaignsAndOutbox]),
  ...accountsMigrations,
  ...customersMigrations,
  ...templatesMigrations,
  ...sendMigrations,
  ...billingMigrations,
  ...inboxMigrations,
  ...scheduleMigrations,
  ...apiMigrations,
  ...companyMigrations,
  ...remindersMigrations,
  ...smsApprovalMigrations,
];

import type {
  CampaignsTable,
  CustomerEmailsTable,
  CustomerGroupsTable,
  CustomerPhonesTable,
  CustomersTable,
  GroupsTable,
  MailAccountsTable,
  OutboxTable,
  SmsAccountsTable,
  SuppressionsTable,
  TemplatesTable,
  TemplateVersionsTable,
} from './core.tables.js';

/** The core tables created by migration 0001. */
export interface CoreTables {
  mail_accounts: MailAccountsTable;
  sms_accounts: SmsAccountsTable;
  customers: CustomersTable;
  customer_emails: CustomerEmailsTable;
  customer_phones: CustomerPhonesTable;
  groups: GroupsTable;
  customer_groups: CustomerGroupsTable;
  suppressions: SuppressionsTable;
  templates: TemplatesTable;
  template_versions: TemplateVersionsTable;
  campaigns: CampaignsTable;
  outbox: OutboxTable;
}

/**
 * Every table of the store, as Kysely sees it (the default of `Store`). The platform knows only
 * the core tables; each module adds its own by declaration merging next to its row types, so
 * nothing here imports a module:
 *
 * ```ts
 * declare module '../../platform/db/schema.js' {
 *   interface DatabaseSchema extends InboxTables {}
 * }
 * ```
 *
 * app/schema.ts lists the modules' tables again and fails to compile when the two disagree.
 */
export interface DatabaseSchema extends CoreTables {}

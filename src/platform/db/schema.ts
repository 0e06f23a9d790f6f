import type {
  CustomerEmailsTable,
  CustomerGroupsTable,
  CustomerPhonesTable,
  CustomersTable,
  GroupsTable,
  MailAccountsTable,
  SmsAccountsTable,
  SuppressionsTable,
  TemplatesTable,
  TemplateVersionsTable,
} from './core.tables.js';

/** The tables migration 0001 created that no module has taken over (campaigns and outbox: the sending module). */
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

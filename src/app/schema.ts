import type { AccountsTables } from '../modules/accounts/accounts.tables.js';
import type { ApiTables } from '../modules/users/users.tables.js';
import type { BillingTables } from '../modules/billing/billing.tables.js';
import type { CustomersTables } from '../modules/customers/customers.tables.js';
import type { InboxTables } from '../modules/inbox/inbox.tables.js';
import type { ScheduleTables } from '../modules/schedule/schedule.tables.js';
import type { SendingTables } from '../modules/sending/send.tables.js';
import type { TemplatesTables } from '../modules/templates/templates.tables.js';
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
} from '../platform/db/core.tables.js';

/** The tables created by migration 0001 that no module has taken over yet (campaigns and outbox: src/modules/sending). */
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

/** Every table of the store, as Kysely sees it. */
export interface DatabaseSchema
  extends CoreTables,
    AccountsTables,
    CustomersTables,
    TemplatesTables,
    SendingTables,
    BillingTables,
    InboxTables,
    ScheduleTables,
    ApiTables {}

import type { AccountsTables } from '../modules/accounts/index.js';
import type { BillingTables } from '../modules/billing/index.js';
import type { CompanyTables } from '../modules/company/index.js';
import type { CustomersTables } from '../modules/customers/index.js';
import type { InboxTables } from '../modules/inbox/index.js';
import type { RemindersTables } from '../modules/reminders/index.js';
import type { ScheduleTables } from '../modules/schedule/index.js';
import type { SendingTables } from '../modules/sending/index.js';
import type { SmsApprovalTables } from '../modules/sms-approval/index.js';
import type { TemplatesTables } from '../modules/templates/index.js';
import type { ApiTables } from '../modules/users/index.js';
import type { CoreTables, DatabaseSchema } from '../platform/db/index.js';

/** Every table of the store: the core tables and each module's, as the app's migrations create them. */
export interface AppSchema
  extends CoreTables,
    AccountsTables,
    CustomersTables,
    TemplatesTables,
    SendingTables,
    BillingTables,
    InboxTables,
    ScheduleTables,
    ApiTables,
    CompanyTables,
    RemindersTables,
    SmsApprovalTables {}

// The modules type their queries against platform/db's DatabaseSchema, which each of them extends
// with its own tables (declaration merging). This fails to compile when the two disagree: a module
// missing from the list above, or one that registers tables the app does not list.
type Exactly<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Assert<T extends true> = T;
export type EveryModuleRegistered = Assert<Exactly<AppSchema, DatabaseSchema>>;

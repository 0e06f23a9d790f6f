import type { ScreenRoute } from '../screen.js';
import { AccountsScreen } from './accounts.screen.js';
import { EditMailboxScreen } from './edit-mailbox.screen.js';
import { EditSmsAccountScreen } from './edit-sms-account.screen.js';
import { SmsAccountFormScreen } from './sms-account-form.screen.js';
import { AddMailboxScreen } from './wizard/add-mailbox.screen.js';

/** Routes of the accounts section. */
export const accountsRoutes: readonly ScreenRoute[] = [
  { path: '/accounts', component: AccountsScreen, permissions: ['accounts:read', 'accounts:own'], nav: 'navAccounts' },
  // Sales reps add and edit their own mailboxes (the server decides which mailbox is whose).
  { path: '/accounts/new', component: AddMailboxScreen, permissions: ['accounts:write', 'accounts:own'] },
  { path: '/accounts/mail/:id', component: EditMailboxScreen as ScreenRoute['component'], permissions: ['accounts:write', 'accounts:own'] },
  { path: '/accounts/sms/new', component: SmsAccountFormScreen, permissions: ['accounts:write'] },
  { path: '/accounts/sms/:id', component: EditSmsAccountScreen as ScreenRoute['component'], permissions: ['accounts:write'] },
];

import type { ScreenRoute } from '../screen.js';
import { AccountsScreen } from './accounts.screen.js';
import { EditMailboxScreen } from './edit-mailbox.screen.js';
import { SmsAccountFormScreen } from './sms-account-form.screen.js';
import { AddMailboxScreen } from './wizard/add-mailbox.screen.js';

/** Routes of the accounts section. */
export const accountsRoutes: readonly ScreenRoute[] = [
  { path: '/accounts', component: AccountsScreen, permissions: ['accounts:read'], nav: 'navAccounts' },
  { path: '/accounts/new', component: AddMailboxScreen, permissions: ['accounts:write'] },
  { path: '/accounts/mail/:id', component: EditMailboxScreen as ScreenRoute['component'], permissions: ['accounts:write'] },
  { path: '/accounts/sms/new', component: SmsAccountFormScreen, permissions: ['accounts:write'] },
];

import type { ScreenRoute } from '../screen.js';
import { ChangePasswordScreen } from './password.screen.js';
import { UsersScreen } from './users.screen.js';

/** The users screen (admins) and everyone's own password. */
export const usersRoutes: readonly ScreenRoute[] = [
  { path: '/users', component: UsersScreen, permissions: ['users:admin'], nav: 'navUsers' },
  { path: '/password', component: ChangePasswordScreen, permissions: ['session:self'], title: 'changePassword' },
];

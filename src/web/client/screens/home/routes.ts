import type { ScreenRoute } from '../screen.js';
import { HomeScreen } from './home.screen.js';
import { MySettingsScreen } from './my-settings.screen.js';

/** The overview every signed-in user lands on, and each person's own settings. */
export const homeRoutes: readonly ScreenRoute[] = [
  { path: '/', component: HomeScreen, permissions: ['session:self'], nav: 'navHome' },
  { path: '/settings', component: MySettingsScreen, permissions: ['session:self'], title: 'mySettings' },
];

import type { ScreenRoute } from '../screen.js';
import { HomeScreen } from './home.screen.js';

/** The overview every signed-in user lands on. */
export const homeRoutes: readonly ScreenRoute[] = [{ path: '/', component: HomeScreen, permissions: ['session:self'], nav: 'navHome' }];

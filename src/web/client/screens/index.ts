import { accountsRoutes } from './accounts/routes.js';
import { campaignsRoutes } from './campaigns/routes.js';
import { companyRoutes } from './company/routes.js';
import { customersRoutes } from './customers/routes.js';
import { homeRoutes } from './home/routes.js';
import { inboxRoutes } from './inbox/routes.js';
import type { ScreenRoute } from './screen.js';
import { templatesRoutes } from './templates/routes.js';
import { usersRoutes } from './users/routes.js';
import { walletRoutes } from './wallet/routes.js';

/** Every route of the UI, in menu order. */
export const SCREEN_ROUTES: readonly ScreenRoute[] = [
  ...homeRoutes,
  ...customersRoutes,
  ...campaignsRoutes,
  ...templatesRoutes,
  ...inboxRoutes,
  ...accountsRoutes,
  ...walletRoutes,
  ...usersRoutes,
  ...companyRoutes,
];

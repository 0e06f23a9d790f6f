import type { FastifyPluginAsync } from 'fastify';
import type { AppContext } from '../app/index.js';
import { authRoutes } from './auth.routes.js';
import { healthRoutes } from './health.routes.js';
import { metricsRoutes } from './metrics.routes.js';
import { tokenRoutes } from './token.routes.js';
import { userRoutes } from './user.routes.js';

/** Route plugins registered by `buildApi`, each given the app context. Modules append theirs. */
export const ROUTE_PLUGINS: readonly FastifyPluginAsync<{ context: AppContext }>[] = [
  healthRoutes,
  metricsRoutes,
  authRoutes,
  userRoutes,
  tokenRoutes,
];

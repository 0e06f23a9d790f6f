import type { FastifyPluginAsync } from 'fastify';
import type { AppContext } from '../app/index.js';
import { healthRoutes } from './health.routes.js';

/** Route plugins registered by `buildApi`, each given the app context. Modules append theirs. */
export const ROUTE_PLUGINS: readonly FastifyPluginAsync<{ context: AppContext }>[] = [healthRoutes];

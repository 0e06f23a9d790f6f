import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../app/index.js';
import './route.types.js';

/** A Fastify instance whose `schema` entries are zod schemas (request and reply are typed from them). */
export type ZodApp = ReturnType<typeof withZod>;

function withZod(app: FastifyInstance) {
  return app.withTypeProvider<ZodTypeProvider>();
}

/**
 * Declares a module's routes as a plugin for `ROUTE_PLUGINS`. Every route must carry
 * `config: { permission: '…' }` or `config: { public: 'why' }` (start-up fails otherwise) and
 * zod schemas for params/querystring/body and responses (they feed validation and OpenAPI).
 *
 * ```ts
 * export const customerRoutes = defineRoutes(async (app, context) => {
 *   app.get('/api/customers/:id', {
 *     config: { permission: ['customers:read', 'customers:own'] },
 *     schema: { tags: ['customers'], params: IdParamsSchema, response: { 200: CustomerSchema, ...privateErrorResponses } },
 *   }, async (request) => { … request.user … });
 * });
 * ```
 */
export function defineRoutes(
  register: (app: ZodApp, context: AppContext) => Promise<void>,
): FastifyPluginAsync<{ context: AppContext }> {
  return async (app, options) => register(withZod(app), options.context);
}

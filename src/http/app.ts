import fastifyCookie from '@fastify/cookie';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance, type FastifyPluginAsync } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { AppContext } from '../app/index.js';
import { AuthService } from '../modules/users/index.js';
import { installErrorHandler } from './error-handler.js';
import { DOCS_PREFIX, registerOpenApi } from './openapi.plugin.js';
import { genReqId, REQUEST_ID_HEADER } from './request-id.js';
import { installRouteGuard } from './route.guard.js';
import { ROUTE_PLUGINS } from './routes.js';

/** Largest request body accepted (JSON). Uploads that need more stream through their own route. */
export const BODY_LIMIT = 10 * 1024 * 1024;

/** A hop count becomes proxy-addr's own rule for numbers (trust the first n hops). */
function trustProxy(setting: boolean | number | string): boolean | string | ((address: string, hop: number) => boolean) {
  return typeof setting === 'number' ? (_address, hop) => hop < setting : setting;
}

/** Builds the HTTP API over an app context; the caller listens and closes it. */
export async function buildApi(
  context: AppContext,
  options: {
    /** Route plugins to register instead of the shared list (tests swap one for a configured copy). */
    readonly plugins?: readonly FastifyPluginAsync<{ context: AppContext }>[];
  } = {},
): Promise<FastifyInstance> {
  const app = Fastify({
    // pino 10's Logger type is a superset fastify's typings do not name yet.
    loggerInstance: context.logger as FastifyBaseLogger,
    logController: new LogController({ requestIdLogLabel: 'requestId' }),
    bodyLimit: BODY_LIMIT,
    genReqId,
    trustProxy: trustProxy(context.config.TIDINGS_TRUST_PROXY),
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  // JSON only: a text/plain body sent to a JSON route is a client mistake worth a 415, not a 400.
  app.removeContentTypeParser('text/plain');
  app.addHook('onRequest', async (request, reply) => {
    void reply.header(REQUEST_ID_HEADER, request.id);
  });
  installErrorHandler(app);
  await app.register(fastifyCookie);
  installRouteGuard(app, {
    ...new AuthService(context.store, undefined, context.clock),
    publicPrefixes: [{ prefix: DOCS_PREFIX, reason: 'the Swagger UI page and its static files hold no data' }],
  });
  await registerOpenApi(app);
  for (const plugin of options.plugins ?? ROUTE_PLUGINS) await app.register(plugin, { context });
  return app;
}

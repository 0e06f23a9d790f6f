import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { AppContext } from '../app/index.js';
import { installErrorHandler } from './error-handler.js';
import { ROUTE_PLUGINS } from './routes.js';

/** Builds the HTTP API over an app context; the caller listens and closes it. */
export async function buildApi(context: AppContext): Promise<FastifyInstance> {
  const app = Fastify({
    // pino 10's Logger type is a superset fastify's typings do not name yet.
    loggerInstance: context.logger as FastifyBaseLogger,
    disableRequestLogging: false,
    bodyLimit: 10 * 1024 * 1024,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandler(app);
  for (const plugin of ROUTE_PLUGINS) await app.register(plugin, { context });
  return app;
}

import type { FastifyError, FastifyInstance } from 'fastify';
import { isTidingsError } from '../errors/index.js';

/**
 * Turns every error into `{ error: { code, message } }` with a fitting status. Stack traces and
 * unexpected messages never reach the client; they are logged with the request id instead.
 */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (isTidingsError(error)) {
      return reply.code(error.httpStatus).send({ error: { code: error.code, message: error.message } });
    }
    if (error.validation) {
      return reply.code(400).send({ error: { code: 'VALIDATION_FAILED', message: error.message } });
    }
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      return reply.code(error.statusCode).send({ error: { code: error.code ?? 'BAD_REQUEST', message: error.message } });
    }
    request.log.error({ err: error }, 'unhandled error');
    return reply.code(500).send({ error: { code: 'INTERNAL', message: 'Internal error; see the server log for the request id.' } });
  });
  app.setNotFoundHandler((request, reply) =>
    reply.code(404).send({ error: { code: 'NOT_FOUND', message: `No route ${request.method} ${request.url}` } }),
  );
}

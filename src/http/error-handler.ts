import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { isTidingsError, type ErrorCode } from '../platform/errors/index.js';

/** Fastify's own 4xx errors mapped to our codes; the message is ours too, never the framework's. */
const FRAMEWORK_ERRORS: Readonly<Record<string, { status: number; code: ErrorCode; message: string }>> = {
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, code: 'API_BODY_TOO_LARGE', message: 'The request body is too large.' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    status: 415,
    code: 'API_UNSUPPORTED_MEDIA_TYPE',
    message: 'Unsupported Content-Type; send application/json.',
  },
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, code: 'API_MALFORMED_BODY', message: 'The body is not valid JSON.' },
  FST_ERR_CTP_EMPTY_JSON_BODY: {
    status: 400,
    code: 'API_MALFORMED_BODY',
    message: 'The body is empty but Content-Type says application/json; send a JSON document.',
  },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: {
    status: 400,
    code: 'API_MALFORMED_BODY',
    message: 'Content-Length does not match the body sent.',
  },
};

/**
 * One line per failed field, e.g. `body.username: Too small: expected string to have >=1
 * characters`. zod issues carry no input values by default, so nothing the caller sent (a
 * password) is echoed back.
 */
function describeValidation(where: string | undefined, issues: readonly { instancePath: string; message?: string }[]): string {
  const prefix = where ?? 'request';
  const lines = issues.slice(0, 20).map((issue) => {
    const path = issue.instancePath.replace(/^\//, '').replaceAll('/', '.');
    return `${path ? `${prefix}.${path}` : prefix}: ${issue.message ?? 'invalid'}`;
  });
  if (issues.length > 20) lines.push(`… and ${issues.length - 20} more`);
  return lines.join('; ');
}

/**
 * Turns every error into `{ error: { code, message } }` with a fitting status. Stack traces and
 * unexpected messages never reach the client; they are logged with the request id instead.
 */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (isTidingsError(error)) {
      const retryAfter = error.context.retryAfterSeconds;
      if (typeof retryAfter === 'number') void reply.header('retry-after', String(retryAfter));
      if (error.httpStatus >= 500) request.log.error({ err: error }, 'request failed');
      return reply.code(error.httpStatus).send({ error: { code: error.code, message: error.message } });
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      return reply.code(400).send({
        error: { code: 'VALIDATION_FAILED', message: describeValidation(error.validationContext, error.validation) },
      });
    }
    if (error.validation) {
      return reply.code(400).send({ error: { code: 'VALIDATION_FAILED', message: error.message } });
    }
    const known = error.code ? FRAMEWORK_ERRORS[error.code] : undefined;
    if (known) return reply.code(known.status).send({ error: { code: known.code, message: known.message } });
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      request.log.info({ err: error }, 'request refused by the framework');
      return reply.code(error.statusCode).send({ error: { code: 'API_BAD_REQUEST', message: error.message } });
    }
    request.log.error({ err: error }, 'unhandled error');
    return reply
      .code(500)
      .send({ error: { code: 'API_INTERNAL', message: `Internal error; the server log has the details under request id ${request.id}.` } });
  });
  app.setNotFoundHandler((request, reply) =>
    reply.code(404).send({ error: { code: 'NOT_FOUND', message: `No route ${request.method} ${request.url.slice(0, 200)}` } }),
  );
}

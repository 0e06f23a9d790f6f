import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** Header carrying the request id in and out (a load balancer's or caller's id is kept). */
export const REQUEST_ID_HEADER = 'x-request-id';
const ACCEPTED = /^[A-Za-z0-9._:-]{8,128}$/;

/**
 * Fastify `genReqId`: the caller's `x-request-id` when it is a plain token (no spaces, CR/LF or
 * quotes that could forge log lines or headers), else a fresh UUID.
 */
export function genReqId(request: IncomingMessage): string {
  const incoming = request.headers[REQUEST_ID_HEADER];
  return typeof incoming === 'string' && ACCEPTED.test(incoming) ? incoming : randomUUID();
}

import { pino, type DestinationStream, type Logger, type LoggerOptions } from 'pino';
import { chooseLogFormat, prettyDestination, type LogOutput } from './log-format.js';

export type { Logger } from 'pino';

/**
 * Paths pino blanks out wherever they appear (two levels deep, plus request headers). Anything
 * named like a secret is redacted even if a module logs a whole object by mistake.
 */
export const REDACT_PATHS: readonly string[] = [
  'password',
  'pass',
  'secret',
  'token',
  'apiKey',
  'authToken',
  'accessKeySecret',
  'credentials',
  'authorization',
  '*.password',
  '*.pass',
  '*.secret',
  '*.token',
  '*.apiKey',
  '*.authToken',
  '*.accessKeySecret',
  '*.credentials',
  '*.auth',
  '*.*.password',
  '*.*.pass',
  '*.*.secret',
  '*.*.token',
  '*.*.auth',
  '*.*.credentials',
  '*.*.*.pass',
  '*.*.*.password',
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
];

/**
 * Paths whose last segment is a credential: one-click unsubscribe (`/u/<token>`) and the open and
 * click tracking URLs (`/t/o/<token>`, `/t/c/<token>`). Anyone reading the log could otherwise
 * replay them.
 */
const TOKEN_PATHS = /^(\/u\/|\/t\/[oc]\/)[^/?#]+/;
/** Query parameters that carry credentials (e.g. an SMS provider's webhook `?token=`). */
const TOKEN_PARAMS = /([?&](?:token|secret|signature|key|access_token)=)[^&#]*/gi;

/** A request URL fit for a log line: tokens in known token-bearing paths and parameters become `…`. */
export function redactUrl(url: string): string {
  return url.replace(TOKEN_PATHS, '$1…').replace(TOKEN_PARAMS, '$1…');
}

/** The request as logged (Fastify's own fields), with {@link redactUrl} applied to its URL. */
function requestSerializer(req: {
  method?: string;
  url?: string;
  headers?: Record<string, unknown>;
  host?: string;
  ip?: string;
  socket?: { remotePort?: number } | null;
}) {
  return {
    method: req.method,
    url: typeof req.url === 'string' ? redactUrl(req.url) : req.url,
    version: req.headers?.['accept-version'],
    host: req.host,
    remoteAddress: req.ip,
    remotePort: req.socket ? req.socket.remotePort : undefined,
  };
}

/** Options for {@link createLogger}. */
export interface LoggerSetup {
  readonly level: string;
  /** Where JSON lines go, whatever it is (tests pass a stream to read what was logged). */
  readonly destination?: DestinationStream;
  /**
   * Without a destination: stdout (default), readable lines when it is a terminal and JSON
   * otherwise (see {@link chooseLogFormat}). Tests pass a stand-in with `isTTY` set.
   */
  readonly output?: LogOutput;
}

/** The logger every module receives through its options; modules never import a global one. */
export function createLogger(setup: LoggerSetup): Logger {
  const options: LoggerOptions = {
    level: setup.level,
    base: { service: 'tidings' },
    redact: { paths: [...REDACT_PATHS], censor: '••••' },
    // Fastify merges the instance's serializers over its own, so this one replaces its `req`.
    serializers: { req: requestSerializer },
  };
  if (setup.destination) return pino(options, setup.destination);
  const output = setup.output ?? process.stdout;
  if (chooseLogFormat(output) === 'pretty') return pino(options, prettyDestination(output, output === process.stdout ? {} : { colorize: false }));
  // pino's own stdout writer (sonic-boom on fd 1) is the fast path for JSON.
  return setup.output ? pino(options, setup.output as DestinationStream) : pino(options);
}

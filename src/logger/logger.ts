import { pino, type DestinationStream, type Logger, type LoggerOptions } from 'pino';

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

/** Options for {@link createLogger}. */
export interface LoggerSetup {
  readonly level: string;
  /** Where lines go; stdout by default. Tests pass a stream to read what was logged. */
  readonly destination?: DestinationStream;
}

/** The logger every module receives through its options; modules never import a global one. */
export function createLogger(setup: LoggerSetup): Logger {
  const options: LoggerOptions = {
    level: setup.level,
    base: { service: 'tidings' },
    redact: { paths: [...REDACT_PATHS], censor: '••••' },
  };
  return setup.destination ? pino(options, setup.destination) : pino(options);
}

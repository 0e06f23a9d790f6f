import { ERROR_CODES, type ErrorCode } from '../../app/error-codes.js';

/** Options for {@link TidingsError}. */
export interface TidingsErrorOptions {
  /** Structured facts about the failure (ids, field names, server replies); never secrets. */
  readonly context?: Readonly<Record<string, unknown>>;
  /** The underlying error, kept for logs. */
  readonly cause?: unknown;
  /** Overrides the code's registered retryable flag (e.g. a provider said "try later"). */
  readonly retryable?: boolean;
}

/**
 * The one error type Tidings raises on purpose. `code` is stable (registered in `codes.ts` and
 * documented in docs/errors.md); `message` tells the user what to fix.
 */
export class TidingsError extends Error {
  readonly code: ErrorCode;
  readonly retryable: boolean;
  readonly context: Readonly<Record<string, unknown>>;

  constructor(code: ErrorCode, message: string, options: TidingsErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'TidingsError';
    this.code = code;
    this.retryable = options.retryable ?? ERROR_CODES[code].retryable;
    this.context = options.context ?? {};
  }

  /** HTTP status registered for this code. */
  get httpStatus(): number {
    return ERROR_CODES[this.code].http;
  }
}

/** True when `error` is a {@link TidingsError}, optionally with the given code. */
export function isTidingsError(error: unknown, code?: ErrorCode): error is TidingsError {
  return error instanceof TidingsError && (code === undefined || error.code === code);
}

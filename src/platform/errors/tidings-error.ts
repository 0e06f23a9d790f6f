import { errorSpec, type ErrorCode } from './error-table.js';

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
 * The one error type Tidings raises on purpose. `code` is stable (defined by a table made with
 * `defineErrors` and documented in docs/errors.md); `message` tells the user what to fix.
 *
 * `retryable` and `httpStatus` come from the code's table, looked up when read: the table may be
 * loaded after the code that raises it (an adapter raising a code its caller's layer defines).
 * A code no loaded table defines reads as not retryable and HTTP 500, the safe answers.
 */
export class TidingsError extends Error {
  readonly code: ErrorCode;
  declare readonly retryable: boolean;
  readonly context: Readonly<Record<string, unknown>>;

  constructor(code: ErrorCode, message: string, options: TidingsErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'TidingsError';
    this.code = code;
    const override = options.retryable;
    // An own, enumerable property (as a plain field would be), so logs and matchers see it.
    Object.defineProperty(this, 'retryable', {
      enumerable: true,
      get: () => override ?? errorSpec(code)?.retryable ?? false,
    });
    this.context = options.context ?? {};
  }

  /** HTTP status registered for this code. */
  get httpStatus(): number {
    return errorSpec(this.code)?.http ?? 500;
  }
}

/** True when `error` is a {@link TidingsError}, optionally with the given code. */
export function isTidingsError(error: unknown, code?: ErrorCode): error is TidingsError {
  return error instanceof TidingsError && (code === undefined || error.code === code);
}

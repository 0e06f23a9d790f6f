import { isTidingsError, TidingsError } from '../../platform/errors/index.js';
import './sms.errors.js'; // registers the providers' codes, raised here and by each provider
import { systemClock, type Clock } from '../../platform/clock/index.js';

/** Builds the rate-limited error with the delay the provider asked for. */
export function rateLimited(provider: string, message: string, retryAfterMs: number, cause?: unknown): TidingsError {
  return new TidingsError('SMS_RATE_LIMITED', `${provider}: ${message}`, {
    cause,
    context: { provider, retryAfterMs },
  });
}

/** Parses an HTTP Retry-After header (seconds or an HTTP date) into milliseconds. */
export function retryAfterMs(header: string | string[] | undefined, fallbackMs = 1000, clock: Clock = systemClock): number {
  const value = Array.isArray(header) ? header[0] : header;
  if (!value) return fallbackMs;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, Math.round(seconds * 1000));
  const date = Date.parse(value);
  return Number.isNaN(date) ? fallbackMs : Math.max(0, date - clock.now());
}

/**
 * Whether a network error happened before the request could have reached the provider (refused,
 * DNS) — safe to retry, nothing sent — rather than after (reset, timeout) — outcome unknown.
 */
export function failedBeforeSending(error: unknown): boolean {
  // fetch wraps the socket error: TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } }).
  const err = error as { code?: string; cause?: { code?: string } } | null;
  const code = err?.code ?? err?.cause?.code;
  return code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EHOSTUNREACH' || code === 'ENETUNREACH';
}

/**
 * A provider host that does not resolve is "unreachable, nothing sent" (retried later); a host the
 * SSRF guard refuses stays ACCOUNT_HOST_FORBIDDEN (the campaign pauses until the account is fixed).
 */
export function unresolvedIsUnavailable(error: unknown): unknown {
  if (isTidingsError(error, 'ACCOUNT_HOST_UNRESOLVED')) {
    return new TidingsError('SMS_PROVIDER_UNAVAILABLE', error.message, { cause: error, context: error.context });
  }
  return error;
}

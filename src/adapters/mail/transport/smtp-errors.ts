import { SendFailure, type SendFailureKind } from './email.transport.js';

/** The fields nodemailer puts on its errors. */
export interface NodemailerErrorLike {
  readonly code?: string;
  readonly command?: string;
  readonly responseCode?: number;
  readonly response?: string;
  readonly message?: string;
}

// Replies that mean "you are sending too much/too fast" whatever their code. 163 and QQ answer
// "421 ... too many connections" or "550 ... too many mails" (sic: a 5xx that is a rate limit).
const SLOW_DOWN_TEXT = /too many|rate limit|ratelimit|slow down|throttl|try again later|frequency/i;
const SLOW_DOWN_CODES = new Set([421, 450, 451, 452, 454]);
// Errors raised while connecting or greeting: nothing has been handed over yet.
const BEFORE_SEND_CODES = new Set(['EDNS', 'ETLS', 'EREQUIRETLS', 'EPROXY', 'ENOAUTH']);

/**
 * The translation table at the adapter: nodemailer error → what the pipeline does with it.
 *
 * The hard case is a dropped connection: nodemailer reports a drop after the final "." with
 * `code: ECONNECTION, command: CONN`, exactly like a drop during the greeting, so any
 * drop or timeout that is not clearly a failed *connect* counts as ambiguous — we would rather
 * ask a person to resend one message than send it twice.
 */
export function classifySmtpError(error: NodemailerErrorLike): SendFailureKind {
  const code = error.code ?? '';
  const reply = error.responseCode;
  const text = `${error.response ?? ''} ${error.message ?? ''}`;
  if (code === 'EAUTH' || reply === 535 || reply === 534 || reply === 530) return 'auth';
  if (reply !== undefined) {
    if (SLOW_DOWN_CODES.has(reply) || SLOW_DOWN_TEXT.test(text)) return 'slow-down';
    if (reply >= 400 && reply < 500) return 'retry';
    // 503 "bad sequence" is a session problem, not a verdict on the message.
    if (reply === 503) return 'retry';
    if (reply >= 500) return 'permanent';
  }
  if (BEFORE_SEND_CODES.has(code)) return 'retry';
  if (code === 'ESOCKET' && /\bconnect\b|ECONNREFUSED|EHOSTUNREACH|ENETUNREACH|ENOTFOUND/.test(text)) return 'retry';
  if (code === 'EENVELOPE' || code === 'ECONFIG' || code === 'EMESSAGE' || code === 'EMAXRECIPIENTS') return 'permanent';
  return 'ambiguous';
}

/** Wraps a nodemailer error as a {@link SendFailure} with the server's own words. */
export function toSendFailure(error: unknown): SendFailure {
  if (error instanceof SendFailure) return error;
  const e = (error ?? {}) as NodemailerErrorLike;
  const kind = classifySmtpError(e);
  const text = e.response ?? e.message ?? String(error);
  return new SendFailure(kind, text, e.responseCode, { cause: error });
}

import { TidingsError } from '../../platform/errors/index.js';

// CR and LF end a header line; the other C0 controls, DEL, and U+2028/2029 have no place in a
// subject either and some MUAs treat them as breaks.
const BREAKS = /[\r\n\u2028\u2029]+/g;
const CONTROLS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;

/**
 * Folds a merged header value onto one line: line breaks become a single space, other control
 * characters are removed. Used on every rendered subject, because merge values (a customer's
 * company, a custom field) are untrusted and may carry "\r\nBcc: …".
 */
export function foldHeader(value: string): string {
  return value.replace(BREAKS, ' ').replace(CONTROLS, '').replace(/\s{2,}/g, ' ').trim();
}

/**
 * Rejects a header value typed by a user (a subject template, a display name) that contains a
 * line break or control character: better to tell them than to silently change what they wrote.
 */
export function assertSingleLineHeader(field: string, value: string): void {
  BREAKS.lastIndex = 0;
  CONTROLS.lastIndex = 0;
  if (new RegExp(BREAKS.source).test(value) || new RegExp(CONTROLS.source).test(value)) {
    throw new TidingsError('TEMPLATE_HEADER_INVALID', `The ${field} must be a single line without control characters`, {
      context: { field },
    });
  }
}

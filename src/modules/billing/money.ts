import { TidingsError } from '../../platform/errors/index.js';

/**
 * The most one amount (a top-up, an adjustment, a price, a threshold) and one wallet balance may
 * be, in minor units: 10^12 fen = 10,000,000,000.00 yuan. Far below 2^53 (≈ 9.007 × 10^15), so
 * sums of thousands of such amounts (running totals, statistics) stay exact in a JS number and in
 * the PostgreSQL bigint → number parser, which refuses anything outside the safe range.
 */
export const MAX_AMOUNT_MINOR = 1_000_000_000_000;

/**
 * Refuses an amount or a resulting balance above {@link MAX_AMOUNT_MINOR} (either sign) with
 * BILLING_AMOUNT_TOO_LARGE, a message that says the maximum in yuan. `what` names it for a person.
 */
export function assertWithinCap(value: number, what: string): void {
  if (Number.isFinite(value) && Math.abs(value) <= MAX_AMOUNT_MINOR) return;
  throw new TidingsError(
    'BILLING_AMOUNT_TOO_LARGE',
    `${what} is too large: the most allowed is ${formatMinor(MAX_AMOUNT_MINOR)} yuan (${MAX_AMOUNT_MINOR} fen). Check the amount is in fen and not mistyped; nothing was booked.`,
    { context: { what, value, maxMinor: MAX_AMOUNT_MINOR } },
  );
}

/**
 * Parses an amount typed by a person ("100", "0.10", "-5.5") into minor units exactly, without
 * floating point: 2 decimals (fen). Amounts above {@link MAX_AMOUNT_MINOR} are refused.
 */
export function parseMajor(value: string, what = 'amount'): number {
  const match = /^([+-]?)(\d{1,20})(?:\.(\d{1,2}))?$/.exec(value.trim());
  if (!match) throw new TidingsError('BILLING_INVALID_AMOUNT', `${what} must look like 100 or 0.10 (at most 2 decimals), got "${value}".`);
  const minor = Number(match[2]) * 100 + Number((match[3] ?? '').padEnd(2, '0'));
  assertWithinCap(minor, what);
  return match[1] === '-' ? -minor : minor;
}

/** Minor units → "1234.50" (no floating point). */
export function formatMinor(minor: number): string {
  const sign = minor < 0 ? '-' : '';
  const abs = Math.abs(minor);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

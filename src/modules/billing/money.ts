import { TidingsError } from '../../platform/errors/index.js';

/**
 * Decimal places of the minor unit every price, amount and balance is stored in: 3, the 厘
 * (0.001 yuan, a tenth of a fen). Chinese SMS prices are quoted in 厘 (¥0.045 a part), so fen
 * could not hold them; migration 0510 multiplied the fen values stored before by 10.
 */
export const MINOR_DIGITS = 3;

/** Minor units in one major unit (1 yuan = 1,000 厘). */
export const MINOR_PER_MAJOR = 10 ** MINOR_DIGITS;

/**
 * The most one amount (a top-up, an adjustment, a price, a threshold) and one wallet balance may
 * be, in minor units: 10^13 厘 = 10,000,000,000.000 yuan. Far below 2^53 (≈ 9.007 × 10^15), so
 * sums of hundreds of such amounts (running totals, statistics) stay exact in a JS number and in
 * the PostgreSQL bigint → number parser, which refuses anything outside the safe range.
 */
export const MAX_AMOUNT_MINOR = 10_000_000_000 * MINOR_PER_MAJOR;

/**
 * Refuses an amount or a resulting balance above {@link MAX_AMOUNT_MINOR} (either sign) with
 * BILLING_AMOUNT_TOO_LARGE, a message that says the maximum in yuan. `what` names it for a person.
 */
export function assertWithinCap(value: number, what: string): void {
  if (Number.isFinite(value) && Math.abs(value) <= MAX_AMOUNT_MINOR) return;
  throw new TidingsError(
    'BILLING_AMOUNT_TOO_LARGE',
    `${what} is too large: the most allowed is ${formatMinor(MAX_AMOUNT_MINOR)} yuan. Check the amount is not mistyped; nothing was booked.`,
    { context: { what, value, maxMinor: MAX_AMOUNT_MINOR } },
  );
}

/**
 * Parses an amount typed by a person ("100", "0.10", "0.045", "-5.5") into minor units (厘)
 * exactly: the digits are read as text and never pass through a float. At most 3 decimals;
 * amounts above {@link MAX_AMOUNT_MINOR} are refused.
 */
export function parseMajor(value: string, what = 'amount'): number {
  const match = /^([+-]?)(\d{1,20})(?:\.(\d{1,3}))?$/.exec(value.trim());
  if (!match) throw new TidingsError('BILLING_INVALID_AMOUNT', `${what} must look like 100, 0.10 or 0.045 (at most 3 decimals), got "${value}".`);
  const whole = match[2]!.replace(/^0+(?=\d)/, '');
  // Whole part longer than the cap's digits cannot be within it; refuse before Number() rounds it.
  if (whole.length > 11) assertWithinCap(Number.POSITIVE_INFINITY, what);
  const minor = Number(whole + (match[3] ?? '').padEnd(MINOR_DIGITS, '0'));
  assertWithinCap(minor, what);
  return match[1] === '-' && minor !== 0 ? -minor : minor;
}

/**
 * Minor units → "1234.50", "0.045" (no floating point): two decimals, a third only when the
 * amount has a 厘 digit, so prices like ¥0.045 show exactly and round amounts read as usual.
 */
export function formatMinor(minor: number): string {
  const sign = minor < 0 ? '-' : '';
  const abs = Math.abs(minor);
  const fraction = String(abs % MINOR_PER_MAJOR).padStart(MINOR_DIGITS, '0');
  return `${sign}${Math.floor(abs / MINOR_PER_MAJOR)}.${fraction.endsWith('0') ? fraction.slice(0, 2) : fraction}`;
}

import { TidingsError } from '../errors/index.js';

/**
 * Parses an amount typed by a person ("100", "0.10", "-5.5") into minor units exactly, without
 * floating point: 2 decimals (fen).
 */
export function parseMajor(value: string, what = 'amount'): number {
  const match = /^([+-]?)(\d{1,13})(?:\.(\d{1,2}))?$/.exec(value.trim());
  if (!match) throw new TidingsError('BILLING_INVALID_AMOUNT', `${what} must look like 100 or 0.10 (at most 2 decimals), got "${value}".`);
  const minor = Number(match[2]) * 100 + Number((match[3] ?? '').padEnd(2, '0'));
  return match[1] === '-' ? -minor : minor;
}

/** Minor units → "1234.50" (no floating point). */
export function formatMinor(minor: number): string {
  const sign = minor < 0 ? '-' : '';
  const abs = Math.abs(minor);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

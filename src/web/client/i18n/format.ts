// Locale tags ('en', 'zh-CN') as plain strings: this file stays free of the JSX index so server-side tests can load it.
type Locale = string;

/** Decimal places of the server's money minor unit: the 厘, 0.001 of a yuan (src/modules/billing/money.ts). */
export const MINOR_DIGITS = 3;

/**
 * Formats integer minor units (厘, 0.001 yuan) as a decimal amount without ever going through a
 * float: the integer part is grouped by Intl, the fraction is cut from the digits. Two decimals,
 * a third only when the amount has a 厘 digit (¥100.00, ¥0.045).
 */
export function formatMinor(minor: number, currency: string, locale: Locale, fractionDigits = MINOR_DIGITS): string {
  const negative = minor < 0;
  const digits = String(Math.abs(Math.trunc(minor))).padStart(fractionDigits + 1, '0');
  const whole = digits.slice(0, digits.length - fractionDigits);
  let fraction = digits.slice(digits.length - fractionDigits);
  while (fraction.length > 2 && fraction.endsWith('0')) fraction = fraction.slice(0, -1);
  const grouped = new Intl.NumberFormat(locale, { useGrouping: true }).format(BigInt(whole));
  const symbol = currency === 'CNY' ? '¥' : currency === 'USD' ? '$' : `${currency} `;
  return `${negative ? '−' : ''}${symbol}${grouped}${fractionDigits ? `.${fraction}` : ''}`;
}

/**
 * Parses a decimal amount typed by a person ("12.5", "1,000.00", "0.045") into integer minor units (厘);
 * null when it is not a plain non-negative amount with at most `fractionDigits` decimals.
 */
export function parseMinor(text: string, fractionDigits = MINOR_DIGITS): number | null {
  const cleaned = text.trim().replace(/[,\s]/g, '');
  const match = new RegExp(`^(\\d+)(?:\\.(\\d{0,${fractionDigits}}))?$`).exec(cleaned);
  if (!match) return null;
  const whole = match[1] ?? '0';
  const fraction = (match[2] ?? '').padEnd(fractionDigits, '0');
  const value = Number(whole + fraction);
  return Number.isSafeInteger(value) ? value : null;
}

/** A date and time in the reader's language and time zone. */
export function formatDateTime(iso: string | null | undefined, locale: Locale): string {
  if (!iso) return '—';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(date);
}

/** A count in the reader's language. */
export function formatCount(value: number, locale: Locale): string {
  return new Intl.NumberFormat(locale).format(value);
}

import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** API tokens look like `tid_<43 base64url chars>`: 32 random bytes, recognisable in leaks. */
export const TOKEN_PREFIX = 'tid_';
const TOKEN_PATTERN = /^tid_[A-Za-z0-9_-]{43}$/;

/** A fresh random secret (32 bytes, base64url). */
export function randomSecret(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

/** A new API token string; shown to its owner once and stored only as {@link sha256Hex}. */
export function newApiToken(): string {
  return `${TOKEN_PREFIX}${randomSecret()}`;
}

/** True when `value` has the form of an API token (cheap check before any store lookup). */
export function looksLikeApiToken(value: string): boolean {
  return TOKEN_PATTERN.test(value);
}

/** The part of a token safe to display: `tid_` plus six characters. */
export function displayPrefix(token: string): string {
  return token.slice(0, TOKEN_PREFIX.length + 6);
}

/** Hex SHA-256: what is stored for tokens and session ids (high-entropy, so no salt is needed). */
export function sha256Hex(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex');
}

/** Compares two strings in time independent of where they differ (lengths may leak). */
export function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  if (left.length !== right.length) {
    // Still spend the comparison so a length mismatch is not a fast path.
    timingSafeEqual(left, left);
    return false;
  }
  return timingSafeEqual(left, right);
}

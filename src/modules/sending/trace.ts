import { randomBytes } from 'node:crypto';

/*
 * How a sent message is traced back when something answers it. Every outbox row has an
 * unguessable reply token; it rides in three places so replies and bounces can be filed even
 * when a mail client or MTA drops some of them:
 *   - the Message-ID we generate:        <tid.{token}@{sender domain}>
 *   - our own header:                     X-Tidings-Trace: {token}
 *   - plus-addressed Reply-To (optional): {local}+t-{token}@{domain}
 * The send pipeline writes these; the inbox reads them. Change both or neither.
 */

/** Header carrying the reply token; bounces usually quote the original headers back. */
export const TRACE_HEADER = 'X-Tidings-Trace';

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';
const TOKEN = /^[a-z2-7]{20}$/;

/** A fresh 100-bit token in lower-case base32 (20 characters), safe in addresses and ids. */
export function newReplyToken(): string {
  const bytes = randomBytes(20);
  let token = '';
  for (const byte of bytes) token += ALPHABET[byte & 31];
  return token;
}

/** True when `value` has the shape of a reply token. */
export const isReplyToken = (value: string): boolean => TOKEN.test(value);

/** The Message-ID (with angle brackets) for a message carrying `token`, sent from `fromAddress`. */
export function messageIdFor(token: string, fromAddress: string): string {
  const domain = fromAddress.slice(fromAddress.lastIndexOf('@') + 1).toLowerCase() || 'tidings.local';
  return `<tid.${token}@${domain}>`;
}

/** Every reply token found in Message-ID-like text (In-Reply-To, References, quoted headers). */
export function tokensInMessageIds(text: string): string[] {
  return [...text.matchAll(/<tid\.([a-z2-7]{20})@[^>\s]+>/gi)].map((m) => (m[1] ?? '').toLowerCase());
}

/** `local+t-token@domain` for a Reply-To on servers that deliver plus-addresses. */
export function plusAddressFor(address: string, token: string): string {
  const at = address.lastIndexOf('@');
  return `${address.slice(0, at)}+t-${token}${address.slice(at)}`;
}

/** The token in a plus-address made by {@link plusAddressFor}, if any. */
export function tokenFromPlusAddress(address: string): string | undefined {
  const match = /\+t-([a-z2-7]{20})@/i.exec(address);
  return match?.[1]?.toLowerCase();
}

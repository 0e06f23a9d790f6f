import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { SecretBox } from '../../platform/crypto/index.js';
import type { DatabaseSchema } from '../../platform/db/index.js';

/** HKDF label of the unsubscribe signing key; changing it invalidates every unsubscribe link already sent. */
export const UNSUBSCRIBE_KEY_PURPOSE = 'send/unsubscribe-token/v1';

/** The outbox row an unsubscribe token stands for (what its MAC covers). */
export interface UnsubscribeSubject {
  readonly id: number;
  readonly channel: string;
  readonly address: string;
}

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';
/** 130 bits of HMAC-SHA256 in 26 base32 characters: unguessable, short enough for an SMS. */
const MAC_CHARS = 26;
/** `<row id in base 36>-<mac>`: lower case only, so it survives mail clients and servers that fold case. */
const SHAPE = /^([0-9a-z]{1,11})-([a-z2-7]{26})$/;
/** Where a token sits in a mailto unsubscribe: the subject (`unsubscribe <token>`) or a `+u-<token>` address. */
const IN_SUBJECT = /(?:^|[\s:])unsubscribe\s+([0-9a-z]{1,11}-[a-z2-7]{26})(?![a-z0-9])/gi;
const IN_ADDRESS = /\+u-([0-9a-z]{1,11}-[a-z2-7]{26})@/gi;

/**
 * Signs and checks unsubscribe tokens: `<outbox id>-<HMAC(key, id, channel, address)>`, with a key
 * derived from the secret key. It is deliberately not the reply token: that one travels in every
 * reply's In-Reply-To/References (and so reaches whoever is copied on a thread), while this one
 * appears only in the unsubscribe link and the List-Unsubscribe header of the message itself. The
 * MAC covers the recipient, so a token can only ever unsubscribe the address it was sent to.
 */
export class UnsubscribeTokens {
  readonly #key: Buffer;

  constructor(key: Buffer) {
    if (key.length < 32) throw new RangeError('unsubscribe key must be at least 32 bytes');
    this.#key = Buffer.from(key);
  }

  /** Tokens signed with the secret box's key derived for {@link UNSUBSCRIBE_KEY_PURPOSE}. */
  static fromSecrets(secrets: SecretBox): UnsubscribeTokens {
    return new UnsubscribeTokens(secrets.deriveKey(UNSUBSCRIBE_KEY_PURPOSE));
  }

  /** The token for a row; the same row always gives the same token. */
  sign(row: UnsubscribeSubject): string {
    if (!Number.isSafeInteger(row.id) || row.id < 1) throw new RangeError(`not a row id: ${row.id}`);
    return `${row.id.toString(36)}-${this.mac(row)}`;
  }

  /** The row id a well-formed token names (not yet verified: check the row with {@link matches}). */
  outboxIdOf(token: string): number | undefined {
    const match = SHAPE.exec(token);
    if (!match?.[1]) return undefined;
    const id = Number.parseInt(match[1], 36);
    return Number.isSafeInteger(id) && id >= 1 && id.toString(36) === match[1] ? id : undefined;
  }

  /** True when `token` was signed for exactly this row (its id, channel and address). */
  matches(token: string, row: UnsubscribeSubject): boolean {
    const match = SHAPE.exec(token);
    if (!match?.[2] || this.outboxIdOf(token) !== row.id) return false;
    return timingSafeEqual(Buffer.from(match[2]), Buffer.from(this.mac(row)));
  }

  private mac(row: UnsubscribeSubject): string {
    const digest = createHmac('sha256', this.#key).update(`${row.id}\n${row.channel}\n${row.address.trim().toLowerCase()}`).digest();
    let out = '';
    let bits = 0;
    let value = 0;
    for (const byte of digest) {
      value = (value << 8) | byte;
      bits += 8;
      while (bits >= 5 && out.length < MAC_CHARS) {
        out += ALPHABET[(value >>> (bits - 5)) & 31];
        bits -= 5;
      }
      value &= (1 << bits) - 1;
      if (out.length === MAC_CHARS) break;
    }
    return out;
  }

  /** Keeps the key out of console.log / util.inspect output. */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return 'UnsubscribeTokens { key: •••• }';
  }
}

/** The outbox row a token was signed for, or undefined for anything we did not sign (or a deleted row). */
export async function findUnsubscribeRow(db: Kysely<DatabaseSchema>, tokens: UnsubscribeTokens, token: string) {
  const id = tokens.outboxIdOf(token);
  if (id === undefined) return undefined;
  const row = await db.selectFrom('outbox').select(['id', 'campaign_id', 'customer_id', 'channel', 'address']).where('id', '=', id).executeTakeFirst();
  if (!row) return undefined;
  const subject = { id: Number(row.id), channel: row.channel, address: row.address };
  return tokens.matches(token, subject)
    ? { ...subject, campaignId: Number(row.campaign_id), customerId: Number(row.customer_id) }
    : undefined;
}

/** Unsubscribe tokens carried by a mailto unsubscribe: in its subject, or in the plus-address it was sent to. */
export function unsubscribeTokensIn(subject: string, addresses: readonly string[]): string[] {
  const found = [...subject.matchAll(IN_SUBJECT)].map((m) => (m[1] ?? '').toLowerCase());
  for (const address of addresses) found.push(...[...address.matchAll(IN_ADDRESS)].map((m) => (m[1] ?? '').toLowerCase()));
  return [...new Set(found)].slice(0, 5);
}

/** The one-click unsubscribe URL (RFC 8058) for a token: `<public url>/u/<token>`. */
export function unsubscribeUrl(publicUrl: string, token: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/u/${token}`;
}

/** The List-Unsubscribe mailto for a token: `unsubscribe <token>` in the subject, to the reply address. */
export function unsubscribeMailto(replyAddress: string, token: string): string {
  return `mailto:${replyAddress}?subject=${encodeURIComponent(`unsubscribe ${token}`)}`;
}

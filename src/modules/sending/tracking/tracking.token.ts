import { createHmac, timingSafeEqual } from 'node:crypto';
import type { SecretBox } from '../../../platform/crypto/index.js';

/** What a tracking token stands for: one message opened, or one of its links clicked. */
export type TrackingTarget =
  | { readonly kind: 'open'; readonly outboxId: number }
  | { readonly kind: 'click'; readonly outboxId: number; readonly linkId: number };

/** HKDF label of the signing key; changing it invalidates every token already sent. */
export const TRACKING_KEY_PURPOSE = 'send/tracking-token/v1';

const VERSION = 1;
const KIND_OPEN = 0;
const KIND_CLICK = 1;
/** 128 bits of HMAC-SHA256: unguessable, and keeps the URL short. */
const MAC_BYTES = 16;
const OPEN_BYTES = 2 + 8 + MAC_BYTES;
const CLICK_BYTES = 2 + 16 + MAC_BYTES;
const BASE64URL = /^[A-Za-z0-9_-]+$/;

/**
 * Signs and checks the tokens of tracking URLs (`/t/o/<token>`, `/t/c/<token>`). A token is
 * base64url of `version | kind | outbox id | [link id] | HMAC-SHA256(payload)[0..16)`, signed with
 * a key derived from the secret key, so nobody can make one for a row or link we did not send,
 * and the ids in it are only trusted after the MAC matched. Tokens never expire: a newsletter
 * opened a year later still counts.
 */
export class TrackingTokens {
  readonly #key: Buffer;

  constructor(key: Buffer) {
    if (key.length < 32) throw new RangeError('tracking key must be at least 32 bytes');
    this.#key = Buffer.from(key);
  }

  /** Tokens signed with the secret box's key derived for {@link TRACKING_KEY_PURPOSE}. */
  static fromSecrets(secrets: SecretBox): TrackingTokens {
    return new TrackingTokens(secrets.deriveKey(TRACKING_KEY_PURPOSE));
  }

  /** The token for `target`; the same target always gives the same token. */
  sign(target: TrackingTarget): string {
    const payload = Buffer.alloc(target.kind === 'open' ? 10 : 18);
    payload.writeUInt8(VERSION, 0);
    payload.writeUInt8(target.kind === 'open' ? KIND_OPEN : KIND_CLICK, 1);
    payload.writeBigUInt64BE(toUint64(target.outboxId), 2);
    if (target.kind === 'click') payload.writeBigUInt64BE(toUint64(target.linkId), 10);
    return Buffer.concat([payload, this.mac(payload)]).toString('base64url');
  }

  /** What `token` stands for, or undefined for anything we did not sign (any change to it, any other key). */
  verify(token: string): TrackingTarget | undefined {
    if (token.length > 64 || !BASE64URL.test(token)) return undefined;
    const raw = Buffer.from(token, 'base64url');
    // Only the canonical spelling: trailing bits that decode to the same bytes are another token.
    if (raw.toString('base64url') !== token || (raw.length !== OPEN_BYTES && raw.length !== CLICK_BYTES)) return undefined;
    const payload = raw.subarray(0, raw.length - MAC_BYTES);
    if (!timingSafeEqual(raw.subarray(raw.length - MAC_BYTES), this.mac(payload))) return undefined;
    const kind = payload.readUInt8(1);
    if (payload.readUInt8(0) !== VERSION) return undefined;
    const outboxId = fromUint64(payload.readBigUInt64BE(2));
    if (kind === KIND_OPEN && raw.length === OPEN_BYTES && outboxId !== undefined) return { kind: 'open', outboxId };
    const linkId = raw.length === CLICK_BYTES ? fromUint64(payload.readBigUInt64BE(10)) : undefined;
    if (kind === KIND_CLICK && outboxId !== undefined && linkId !== undefined) return { kind: 'click', outboxId, linkId };
    return undefined;
  }

  private mac(payload: Buffer): Buffer {
    return createHmac('sha256', this.#key).update(payload).digest().subarray(0, MAC_BYTES);
  }

  /** Keeps the key out of console.log / util.inspect output. */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return 'TrackingTokens { key: •••• }';
  }
}

function toUint64(id: number): bigint {
  if (!Number.isSafeInteger(id) || id < 1) throw new RangeError(`not a row id: ${id}`);
  return BigInt(id);
}

function fromUint64(value: bigint): number | undefined {
  return value >= 1n && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : undefined;
}

import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SecretBox } from '../../../src/platform/crypto/index.js';
import { TRACKING_KEY_PURPOSE, TrackingTokens } from '../../../src/modules/sending/tracking/index.js';

describe('tracking tokens', () => {
  const secrets = new SecretBox(randomBytes(32));
  const tokens = TrackingTokens.fromSecrets(secrets);

  it('round-trips opens and clicks, deterministically, as short base64url', () => {
    const open = tokens.sign({ kind: 'open', outboxId: 42 });
    const click = tokens.sign({ kind: 'click', outboxId: 42, linkId: 7 });
    expect(open).toMatch(/^[A-Za-z0-9_-]{30,40}$/);
    expect(click).toMatch(/^[A-Za-z0-9_-]{40,50}$/);
    expect(tokens.verify(open)).toEqual({ kind: 'open', outboxId: 42 });
    expect(tokens.verify(click)).toEqual({ kind: 'click', outboxId: 42, linkId: 7 });
    expect(tokens.sign({ kind: 'open', outboxId: 42 })).toBe(open);
    expect(tokens.sign({ kind: 'open', outboxId: 43 })).not.toBe(open);
    const big = Number.MAX_SAFE_INTEGER;
    expect(tokens.verify(tokens.sign({ kind: 'click', outboxId: big, linkId: big }))).toEqual({ kind: 'click', outboxId: big, linkId: big });
  });

  it('rejects every single-character change, and tokens of another key', () => {
    const token = tokens.sign({ kind: 'click', outboxId: 1234, linkId: 5 });
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    let rejected = 0;
    for (let i = 0; i < token.length; i += 1) {
      const swapped = alphabet[(alphabet.indexOf(token[i]!) + 1) % 64]!;
      const tampered = token.slice(0, i) + swapped + token.slice(i + 1);
      expect(tokens.verify(tampered), `position ${i}`).toBeUndefined();
      rejected += 1;
    }
    expect(rejected).toBe(token.length);
    const other = TrackingTokens.fromSecrets(new SecretBox(randomBytes(32)));
    expect(other.verify(token)).toBeUndefined();
  });

  it('rejects an open token relabelled as a click and junk of every shape, without throwing', () => {
    const open = tokens.sign({ kind: 'open', outboxId: 9 });
    const raw = Buffer.from(open, 'base64url');
    raw[1] = 1; // kind byte → click, MAC unchanged
    expect(tokens.verify(raw.toString('base64url'))).toBeUndefined();
    for (const junk of ['', 'a', '====', '../../etc/passwd', 'x'.repeat(10_000), '%00', open + 'A', open.slice(0, -1), `${open}=`, 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA']) {
      expect(tokens.verify(junk), junk.slice(0, 40)).toBeUndefined();
    }
  });

  it('refuses to sign what is not a row id', () => {
    expect(() => tokens.sign({ kind: 'open', outboxId: 0 })).toThrow(RangeError);
    expect(() => tokens.sign({ kind: 'click', outboxId: 1, linkId: 1.5 })).toThrow(RangeError);
  });

  it('signs with an HKDF key of its own purpose, never the encryption key itself', () => {
    const key = randomBytes(32);
    const box = new SecretBox(key);
    const derived = box.deriveKey(TRACKING_KEY_PURPOSE);
    expect(derived).toHaveLength(32);
    expect(derived.equals(key)).toBe(false);
    expect(derived.equals(box.deriveKey('something/else'))).toBe(false);
    expect(derived.equals(new SecretBox(key).deriveKey(TRACKING_KEY_PURPOSE))).toBe(true);
    // A token made with the raw key does not verify: the raw key is not what signs.
    const withRawKey = new TrackingTokens(key).sign({ kind: 'open', outboxId: 1 });
    expect(TrackingTokens.fromSecrets(box).verify(withRawKey)).toBeUndefined();
  });
});

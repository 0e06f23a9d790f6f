import { randomBytes } from 'node:crypto';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { SecretBox } from '../../src/platform/crypto/index.js';

describe('SecretBox', () => {
  const box = new SecretBox(randomBytes(32));

  it('round-trips text, including non-ASCII, and never stores it in clear', () => {
    const sealed = box.seal('授权码-abc123');
    expect(sealed).toMatch(/^v1:/);
    expect(sealed).not.toContain('abc123');
    expect(box.open(sealed)).toBe('授权码-abc123');
  });

  it('seals the same text differently each time (random IV)', () => {
    expect(box.seal('same')).not.toBe(box.seal('same'));
  });

  it('refuses a value sealed with another key, or altered', () => {
    const other = new SecretBox(randomBytes(32));
    expect(() => other.open(box.seal('x'))).toThrow(/secret key changed/);
    const sealed = box.seal('x');
    // Flip one bit of the ciphertext itself: editing base64 text can leave the bytes unchanged.
    const raw = Buffer.from(sealed.slice('v1:'.length), 'base64');
    raw[raw.length - 1]! ^= 1;
    const tampered = `v1:${raw.toString('base64')}`;
    expect(() => box.open(tampered)).toThrow();
    expect(() => box.open('plain')).toThrow(/not in a known encrypted form/);
  });

  it('does not reveal its key when inspected or serialised', () => {
    expect(inspect(box)).toBe('SecretBox { key: •••• }');
    expect(JSON.stringify({ box })).toBe('{"box":"SecretBox"}');
  });
});

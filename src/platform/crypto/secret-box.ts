import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { TidingsError } from '../errors/index.js';

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * Encrypts credentials at rest with AES-256-GCM. The stored form is
 * `v1:<base64(iv | tag | ciphertext)>`, so the scheme can change later without guessing.
 */
export class SecretBox {
  readonly #key: Buffer;

  constructor(key: Buffer) {
    if (key.length !== 32) throw new TidingsError('SECRET_KEY_INVALID', 'The secret key must be exactly 32 bytes.');
    this.#key = Buffer.from(key);
  }

  /** Encrypts `plaintext`; the result is safe to store and differs on every call. */
  seal(plaintext: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.#key, iv);
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return `${VERSION}:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64')}`;
  }

  /** Decrypts a value made by {@link seal}; throws `SECRET_DECRYPT_FAILED` if the key differs or it was altered. */
  open(sealed: string): string {
    const [version, payload] = sealed.split(':', 2);
    const raw = version === VERSION && payload ? Buffer.from(payload, 'base64') : undefined;
    if (!raw || raw.length < IV_BYTES + TAG_BYTES) {
      throw new TidingsError('SECRET_DECRYPT_FAILED', 'A stored credential is not in a known encrypted form.');
    }
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.#key, raw.subarray(0, IV_BYTES));
      decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
      return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
    } catch (cause) {
      throw new TidingsError(
        'SECRET_DECRYPT_FAILED',
        'A stored credential cannot be decrypted: the secret key changed since it was saved. Re-enter the password or restore the old key.',
        { cause },
      );
    }
  }

  /**
   * A 32-byte key for another purpose (e.g. signing tracking links), derived with HKDF-SHA256 and
   * `purpose` as the info label: the encryption key itself is never used for anything else, and
   * keys of different purposes are independent.
   */
  deriveKey(purpose: string): Buffer {
    return Buffer.from(hkdfSync('sha256', this.#key, Buffer.alloc(0), `tidings/${purpose}`, 32));
  }

  /** Keeps the key out of console.log / util.inspect output. */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return 'SecretBox { key: •••• }';
  }

  toJSON(): string {
    return 'SecretBox';
  }
}

/** What the CLI and API show in place of any secret. */
export const MASK = '••••';

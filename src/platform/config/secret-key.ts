import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { TidingsError } from '../errors/index.js';
import { makePrivateDir, PRIVATE_FILE_MODE, tightenMode, type OnTightened } from './private-files.js';

/** Where the encryption key comes from, in the order tried. */
export interface SecretKeySource {
  /** `TIDINGS_SECRET_KEY`: 32 bytes as base64 (44 chars) or hex (64 chars). */
  readonly envKey?: string | undefined;
  /** `TIDINGS_KEY_FILE`, else `<dataDir>/secret.key`; created with mode 0600 on first run. */
  readonly keyFile?: string | undefined;
  readonly dataDir: string;
  /** Told when an existing key file readable by others is tightened to 0600. */
  readonly onTightened?: OnTightened | undefined;
}

/** Decodes a 32-byte key written as hex or base64, or returns undefined. */
export function decodeKey(text: string): Buffer | undefined {
  const trimmed = text.trim();
  if (/^[0-9a-f]{64}$/i.test(trimmed)) return Buffer.from(trimmed, 'hex');
  if (/^[A-Za-z0-9+/_-]{43}=?$/.test(trimmed)) {
    const key = Buffer.from(trimmed, 'base64');
    if (key.length === 32) return key;
  }
  return undefined;
}

/**
 * Returns the 32-byte key that encrypts credentials at rest. Without `TIDINGS_SECRET_KEY` a key
 * file is created on first run (0600), so a newcomer's `npm start` needs no setup; losing that file
 * makes stored passwords unreadable, which the README says.
 */
export function loadSecretKey(source: SecretKeySource): Buffer {
  if (source.envKey) {
    const key = decodeKey(source.envKey);
    if (!key) {
      throw new TidingsError(
        'SECRET_KEY_INVALID',
        'TIDINGS_SECRET_KEY must be 32 random bytes as 64 hex characters or 44 base64 characters; generate one with: openssl rand -base64 32',
      );
    }
    return key;
  }
  const file = source.keyFile ?? join(source.dataDir, 'secret.key');
  let text: string | undefined;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  if (text === undefined) {
    makePrivateDir(dirname(file));
    const key = randomBytes(32);
    // 'wx' fails if another process created the file meanwhile; then we read theirs.
    try {
      writeFileSync(file, `${key.toString('base64')}\n`, { mode: PRIVATE_FILE_MODE, flag: 'wx' });
      return key;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      text = readFileSync(file, 'utf8');
    }
  }
  const key = decodeKey(text);
  if (!key) {
    throw new TidingsError('SECRET_KEY_INVALID', `Key file ${file} does not hold a 32-byte key (base64 or hex).`, {
      context: { file },
    });
  }
  // A key file readable by others defeats encryption at rest; tighten it rather than refuse.
  tightenMode(file, PRIVATE_FILE_MODE, source.onTightened);
  return key;
}

import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSecretKey } from '../../src/platform/config/index.js';

const tempDir = () => mkdtempSync(join(tmpdir(), 'tidings-key-'));

describe('loadSecretKey', () => {
  it('creates a 0600 key file on first run and reads the same key afterwards', () => {
    const dataDir = tempDir();
    const first = loadSecretKey({ dataDir });
    const file = join(dataDir, 'secret.key');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(first).toHaveLength(32);
    expect(loadSecretKey({ dataDir }).equals(first)).toBe(true);
  });

  it('takes TIDINGS_SECRET_KEY as hex or base64', () => {
    const key = Buffer.alloc(32, 7);
    expect(loadSecretKey({ dataDir: tempDir(), envKey: key.toString('hex') }).equals(key)).toBe(true);
    expect(loadSecretKey({ dataDir: tempDir(), envKey: key.toString('base64') }).equals(key)).toBe(true);
  });

  it('rejects a short key with a hint on how to make one', () => {
    expect(() => loadSecretKey({ dataDir: tempDir(), envKey: 'too-short' })).toThrow(/openssl rand -base64 32/);
  });

  it('tightens a key file that others can read', () => {
    const dataDir = tempDir();
    const file = join(dataDir, 'k');
    writeFileSync(file, Buffer.alloc(32, 1).toString('base64'), { mode: 0o644 });
    loadSecretKey({ dataDir, keyFile: file });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8')).toContain('AQEB');
  });
});

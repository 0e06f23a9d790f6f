import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, type CliIo } from '../../src/cli/index.js';

const dir = mkdtempSync(join(tmpdir(), 'tidings-account-owner-'));
const env = { DATABASE_URL: `sqlite:${join(dir, 'tidings.db')}`, TIDINGS_DATA_DIR: dir, LOG_LEVEL: 'warn' };

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
  return { code, out: o, err: e };
}

const add = (name: string, extra: string[] = [], smtpHost = 'smtp.example.test') =>
  cli(['account', 'add', '--email', `${name}@example.test`, '--name', name, '--imap-host', 'imap.example.test', '--smtp-host', smtpHost, '--password-stdin', '--json', ...extra], 'pw-1234');

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('tidings account: owners, host checks and dropped passwords from the CLI (the system acts as an admin)', () => {
  it('adds a personal mailbox with --owner, transfers it with set-owner, and keeps the rep\'s sending account coherent', async () => {
    const rep = JSON.parse((await cli(['user', 'add', 'li', '--role', 'sales', '--password-stdin', '--json'], 'a-long-enough-password\n')).out) as { user: { id: number } };
    const added = await add('li-box', ['--owner', 'li']);
    expect(added.code, added.err).toBe(0);
    const box = JSON.parse(added.out) as { account: { id: number; ownerUserId: number | null }; warnings: string[] };
    expect(box.account.ownerUserId).toBe(rep.user.id);
    // The names do not resolve here: saved, with a warning per host.
    expect(box.warnings).toHaveLength(2);
    const users = JSON.parse((await cli(['user', 'list', '--json'])).out) as { id: number; mailAccountId: number | null }[];
    expect(users.find((u) => u.id === rep.user.id)?.mailAccountId).toBe(box.account.id);

    const shared = await cli(['account', 'set-owner', 'li-box', 'shared', '--json']);
    expect(shared.code, shared.err).toBe(0);
    expect(JSON.parse(shared.out)).toMatchObject({ ownerUserId: null });
    const after = JSON.parse((await cli(['user', 'list', '--json'])).out) as { id: number; mailAccountId: number | null }[];
    expect(after.find((u) => u.id === rep.user.id)?.mailAccountId).toBeNull();
    expect((await cli(['account', 'set-owner', 'li-box', 'nobody'])).code).not.toBe(0);
  });

  it('refuses a loopback host without an allow list and stores nothing', async () => {
    const refused = await add('loop', [], '127.0.0.1');
    expect(refused.code).not.toBe(0);
    expect(refused.err).toContain('ACCOUNT_HOST_FORBIDDEN');
    expect((await cli(['account', 'show', 'loop'])).code).not.toBe(0);
  });

  it('update: a new SMTP host drops the saved password and says so', async () => {
    expect((await add('moved')).code).toBe(0);
    const updated = await cli(['account', 'update', 'moved', '--smtp-host', 'smtp2.example.test']);
    expect(updated.code, updated.err).toBe(0);
    expect(updated.out).toContain('saved password was dropped');
    // SMTP borrowed the incoming password, so that one is gone too.
    expect(JSON.parse((await cli(['account', 'show', 'moved', '--json'])).out)).toMatchObject({ smtp: { host: 'smtp2.example.test', password: null }, incoming: { password: null } });
  });
});

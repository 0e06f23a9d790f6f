import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { Command, CommanderError } from 'commander';
import { afterAll, describe, expect, it } from 'vitest';
import { createMailAccount } from '../../src/modules/accounts/index.js';
import { registerApiCommands } from '../../src/cli/commands/api.cli.js';
import { AuthService, buildApi } from '../../src/http/index.js';
import type { CliIo } from '../../src/cli/index.js';
import { SecretBox } from '../../src/platform/crypto/index.js';
import { isTidingsError } from '../../src/platform/errors/index.js';
import { openAppStore } from '../../src/app/index.js';
import { makeContext } from './api.fixture.js';

const dir = mkdtempSync(join(tmpdir(), 'tidings-api-cli-'));
const env = { DATABASE_URL: `sqlite:${join(dir, 'cli.db')}`, TIDINGS_DATA_DIR: dir, TIDINGS_SECRET_KEY: Buffer.alloc(32, 7).toString('base64') };
afterAll(() => rmSync(dir, { recursive: true, force: true }));

class Buffered extends Writable {
  text = '';
  override _write(chunk: Buffer, _e: BufferEncoding, done: () => void): void {
    this.text += chunk.toString('utf8');
    done();
  }
}

/**
 * Runs `tidings <argv>` in-process on a program configured like src/cli/program.ts with only our
 * commands registered, mapping errors to exit codes the way runCli does.
 */
async function tidings(argv: string[], stdinText?: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = new Buffered();
  const stderr = new Buffered();
  const stdin = new PassThrough();
  stdin.end(stdinText ?? '');
  const io: CliIo = { stdout, stderr, env, stdin };
  const program = new Command('tidings')
    .configureOutput({ writeOut: (t) => io.stdout.write(t), writeErr: (t) => io.stderr.write(t) })
    .exitOverride();
  registerApiCommands(program, io);
  process.exitCode = undefined;
  let code = 0;
  try {
    await program.parseAsync(argv, { from: 'user' });
    code = typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof CommanderError) code = error.exitCode === 0 ? 0 : 2;
    else if (isTidingsError(error)) {
      stderr.write(`error ${error.code}: ${error.message}\n`);
      code = 1;
    } else throw error;
  }
  process.exitCode = undefined;
  return { code, stdout: stdout.text, stderr: stderr.text };
}

describe('tidings user / token', () => {
  it('lists nothing on an empty store with exit code 3', async () => {
    const result = await tidings(['user', 'list', '--json']);
    expect(result).toMatchObject({ code: 3, stdout: '[]\n' });
  });

  it('adds a user with --password-stdin, and refuses a duplicate and a bad role', async () => {
    const added = await tidings(['user', 'add', 'Ann', '--role', 'marketer', '--display-name', 'Ann Lee', '--password-stdin', '--json'], 'a long enough password\n');
    expect(added.code).toBe(0);
    const body = JSON.parse(added.stdout) as { user: { username: string; role: string; displayName: string }; password?: string };
    expect(body.user).toMatchObject({ username: 'ann', role: 'marketer', displayName: 'Ann Lee' });
    expect(body.password).toBeUndefined();
    expect(await tidings(['user', 'add', 'ann', '--role', 'sales'], 'another long password\n')).toMatchObject({ code: 1 });
    expect((await tidings(['user', 'add', 'ann', '--role', 'sales'])).stderr).toMatch(/^error CONFLICT: A user named ann already exists/);
    expect(await tidings(['user', 'add', 'bob', '--role', 'root'])).toMatchObject({ code: 2 });
    expect((await tidings(['user', 'add', 'short', '--role', 'sales', '--password-stdin'], 'short\n')).stderr).toMatch(/^error AUTH_WEAK_PASSWORD/);
  });

  it('adds a user without a password: a random one is printed once, and it signs in', async () => {
    // A sending account must exist (and be shared or the user's own): a made-up id is refused.
    expect((await tidings(['user', 'add', 'rep0', '--role', 'sales', '--mail-account', '999999'])).stderr).toMatch(/^error NOT_FOUND/);
    const seeded = await openAppStore({ target: { kind: 'sqlite', path: join(dir, 'cli.db') } });
    const mailbox = await createMailAccount(seeded.db, new SecretBox(Buffer.alloc(32, 7)), {
      name: 'shared-sales',
      email: 'sales@example.test',
      smtp: { host: 'smtp.example.test', port: 465, security: 'tls', username: 'sales', password: 'pw' },
    }).finally(() => seeded.close());
    const added = await tidings(['user', 'add', 'rep1', '--role', 'sales', '--mail-account', String(mailbox.id)]);
    expect(added.code, added.stderr).toBe(0);
    const password = /password \(shown once\): (\S+)/.exec(added.stdout)?.[1];
    expect(password).toBeDefined();
    const store = await openAppStore({ target: { kind: 'sqlite', path: join(dir, 'cli.db') } });
    try {
      const app = await buildApi(makeContext(store));
      const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'rep1', password } });
      expect(login.statusCode).toBe(200);
      expect((login.json() as { user: { mailAccountId: number } }).user.mailAccountId).toBe(mailbox.id);
      await app.close();
    } finally {
      await store.close();
    }
  });

  it('disables, enables, changes role and password', async () => {
    expect((await tidings(['user', 'disable', 'ann', '--json'])).stdout).toContain('"disabled":true');
    expect((await tidings(['user', 'enable', 'ann'])).stdout).toBe('ann is enabled\n');
    expect((await tidings(['user', 'set-role', 'ann', 'finance'])).stdout).toBe('ann is now finance\n');
    expect(await tidings(['user', 'set-role', 'ann', 'wizard'])).toMatchObject({ code: 2 });
    expect((await tidings(['user', 'passwd', 'ann', '--password-stdin'], 'brand new password\r\n')).stdout).toBe('password of ann changed\n');
    expect((await tidings(['user', 'disable', 'nobody'])).stderr).toMatch(/^error NOT_FOUND: No user named nobody/);
    const list = await tidings(['user', 'list']);
    expect(list.stdout).toMatch(/^id\s+username\s+display_name\s+role\s+disabled/);
    expect(list.stdout).toMatch(/ann\s+Ann Lee\s+finance\s+no/);

    const store = await openAppStore({ target: { kind: 'sqlite', path: join(dir, 'cli.db') } });
    try {
      const auth = new AuthService(store);
      const found = await auth.users.findForLogin('ann');
      const { verifyPassword } = await import('../../src/modules/users/index.js');
      expect(await verifyPassword('brand new password', found!.passwordHash!)).toBe(true);
    } finally {
      await store.close();
    }
  });

  it('creates a token shown once, lists it without the secret, and revokes it', async () => {
    const created = await tidings(['token', 'create', '--user', 'ann', '--name', 'crm sync', '--expires-days', '30', '--json']);
    expect(created.code).toBe(0);
    const { token, info } = JSON.parse(created.stdout) as { token: string; info: { id: number; prefix: string; createdAt: number; expiresAt: number } };
    expect(token).toMatch(/^tid_[A-Za-z0-9_-]{43}$/);
    // 30 days after the moment of creation (both read from the process's clock, a moment apart).
    expect(Math.round((info.expiresAt - info.createdAt) / 3_600_000)).toBe(30 * 24);

    const list = await tidings(['token', 'list', '--user', 'ann']);
    expect(list.stdout).toContain('crm sync');
    expect(list.stdout).toContain(info.prefix);
    expect(list.stdout).not.toContain(token);
    expect((await tidings(['token', 'list', '--json'])).stdout).not.toContain(token);

    expect((await tidings(['token', 'revoke', String(info.id)])).stdout).toBe(`token ${info.id} "crm sync" revoked\n`);
    const revoked = JSON.parse((await tidings(['token', 'list', '--json'])).stdout) as { revokedAt: number | null }[];
    expect(revoked[0]?.revokedAt).toBeGreaterThan(0);
    expect((await tidings(['token', 'revoke', '999'])).stderr).toMatch(/^error NOT_FOUND/);
    expect(await tidings(['token', 'create', '--user', 'ann'])).toMatchObject({ code: 2 });
  });
});

// `tidings user …` and `tidings company …` go through the same rules as the users and company
// screens: one-time passwords that must be changed, the last admin, mailbox transfer, the profile.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { Command, CommanderError } from 'commander';
import { afterAll, describe, expect, it } from 'vitest';
import { createMailAccount } from '../../src/modules/accounts/index.js';
import { registerApiCommands } from '../../src/cli/commands/api.cli.js';
import { registerCompanyCommands } from '../../src/cli/commands/company.cli.js';
import { buildApi } from '../../src/http/index.js';
import type { CliIo } from '../../src/cli/index.js';
import { SecretBox } from '../../src/platform/crypto/index.js';
import { isTidingsError } from '../../src/platform/errors/index.js';
import { openAppStore } from '../../src/app/index.js';
import { makeContext } from './api.fixture.js';

const dir = mkdtempSync(join(tmpdir(), 'tidings-admin-cli-'));
const dbPath = join(dir, 'cli.db');
const env = { DATABASE_URL: `sqlite:${dbPath}`, TIDINGS_DATA_DIR: dir, TIDINGS_SECRET_KEY: Buffer.alloc(32, 7).toString('base64') };
afterAll(() => rmSync(dir, { recursive: true, force: true }));

class Buffered extends Writable {
  text = '';
  override _write(chunk: Buffer, _e: BufferEncoding, done: () => void): void {
    this.text += chunk.toString('utf8');
    done();
  }
}

/** Runs `tidings <argv>` in-process with the user and company commands, errors mapped as runCli does. */
async function tidings(argv: string[], stdinText?: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = new Buffered();
  const stderr = new Buffered();
  const stdin = new PassThrough();
  stdin.end(stdinText ?? '');
  const io: CliIo = { stdout, stderr, env, stdin };
  const program = new Command('tidings').configureOutput({ writeOut: (t) => io.stdout.write(t), writeErr: (t) => io.stderr.write(t) }).exitOverride();
  registerApiCommands(program, io);
  registerCompanyCommands(program, io);
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

/** Signs `username` in over the API on the CLI's store and asks for the customers. */
async function signInAndTry(username: string, password: string): Promise<{ mustChange: boolean; customers: string | undefined }> {
  const store = await openAppStore({ target: { kind: 'sqlite', path: dbPath } });
  const app = await buildApi(makeContext(store));
  try {
    const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
    expect(login.statusCode, login.body).toBe(200);
    const cookie = login.cookies.find((c) => c.name === 'tidings_session')!;
    const customers = await app.inject({ method: 'GET', url: '/api/customers', cookies: { tidings_session: cookie.value } });
    return {
      mustChange: (login.json() as { user: { mustChangePassword: boolean } }).user.mustChangePassword,
      customers: (customers.json() as { error?: { code: string } }).error?.code,
    };
  } finally {
    await app.close();
    await store.close();
  }
}

describe('tidings user / company', () => {
  it('adds a person with a one-time password that must be changed; a password given on stdin need not be', async () => {
    const added = await tidings(['user', 'add', 'boss', '--role', 'admin', '--json']);
    const { user, password } = JSON.parse(added.stdout) as { user: { mustChangePassword: boolean }; password: string };
    expect(user.mustChangePassword).toBe(true);
    expect(await signInAndTry('boss', password)).toEqual({ mustChange: true, customers: 'AUTH_PASSWORD_CHANGE_REQUIRED' });

    expect((await tidings(['user', 'passwd', 'boss', '--password-stdin'], 'chosen by the admin\n')).stdout).toBe('password of boss changed\n');
    expect(await signInAndTry('boss', 'chosen by the admin')).toEqual({ mustChange: false, customers: undefined });

    const reset = await tidings(['user', 'passwd', 'boss']);
    const oneTime = /\(shown once\): (\S+)/.exec(reset.stdout)?.[1] ?? '';
    expect(await signInAndTry('boss', oneTime)).toEqual({ mustChange: true, customers: 'AUTH_PASSWORD_CHANGE_REQUIRED' });
  });

  it('keeps the last enabled admin', async () => {
    expect((await tidings(['user', 'set-role', 'boss', 'marketer'])).stderr).toMatch(/^error USERS_LAST_ADMIN/);
    expect((await tidings(['user', 'disable', 'boss'])).stderr).toMatch(/^error USERS_LAST_ADMIN/);
  });

  it('links a shared mailbox, refuses a colleague’s, and transfers it with --transfer', async () => {
    await tidings(['user', 'add', 'rep1', '--role', 'sales']);
    await tidings(['user', 'add', 'rep2', '--role', 'sales']);
    const store = await openAppStore({ target: { kind: 'sqlite', path: dbPath } });
    const smtp = { host: 'smtp.example.test', port: 465, security: 'tls' as const, username: 'u', password: 'p' };
    const box = new SecretBox(Buffer.alloc(32, 7));
    const rep1 = (await store.db.selectFrom('users').select('id').where('username', '=', 'rep1').executeTakeFirstOrThrow()).id;
    const shared = await createMailAccount(store.db, box, { name: 'team', email: 'team@example.test', smtp });
    const own = await createMailAccount(store.db, box, { name: 'rep1-own', email: 'rep1@example.test', smtp }, { ownerUserId: rep1 });
    await store.close();

    expect((await tidings(['user', 'mailbox', 'rep2', String(shared.id)])).stdout).toBe(`rep2 sends from mailbox ${shared.id}\n`);
    expect((await tidings(['user', 'mailbox', 'rep2', String(own.id)])).stderr).toMatch(/^error CONFLICT: The mailbox rep1-own belongs to another person/);
    expect((await tidings(['user', 'mailbox', 'rep2', String(own.id), '--transfer'])).code).toBe(0);
    const users = JSON.parse((await tidings(['user', 'list', '--json'])).stdout) as { username: string; mailAccountId: number | null }[];
    expect(users.find((u) => u.username === 'rep2')?.mailAccountId).toBe(own.id);
    expect(users.find((u) => u.username === 'rep1')?.mailAccountId).toBeNull();
    expect((await tidings(['user', 'mailbox', 'rep2', 'none'])).stdout).toBe('rep2 has no mailbox\n');
  });

  it('shows and sets the company profile, checking each field', async () => {
    expect(JSON.parse((await tidings(['company', 'show', '--json'])).stdout)).toMatchObject({ timeZone: 'Asia/Shanghai', language: 'zh-CN' });
    const logo = join(dir, 'logo.png');
    writeFileSync(logo, Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64'));
    const set = await tidings(['company', 'set', '--name', '示例贸易', '--time-zone', 'Europe/Berlin', '--language', 'en', '--sms-signature', '【示例贸易】', '--logo', logo, '--json']);
    expect(set.code, set.stderr).toBe(0);
    const shown = JSON.parse((await tidings(['company', 'show', '--json'])).stdout) as Record<string, string>;
    expect(shown).toMatchObject({ name: '示例贸易', timeZone: 'Europe/Berlin', language: 'en', smsSignature: '【示例贸易】' });
    expect(shown.logo).toMatch(/^data:image\/png;base64,iVBOR/);
    expect((await tidings(['company', 'show'])).stdout).toMatch(/time zone\s+Europe\/Berlin/);
    expect((await tidings(['company', 'set', '--time-zone', 'Mars/Olympus'])).stderr).toMatch(/^error VALIDATION_FAILED: timeZone: Pick a time zone/);
    expect((await tidings(['company', 'set', '--remove-logo', '--json'])).stdout).toContain('"logo":null');
  });
});

import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { afterAll, expect, it } from 'vitest';
import { verifyMailAccount, type MailAccount } from '../../src/modules/accounts/index.js';
import { runCli, type CliIo } from '../../src/cli/index.js';
import { describeWithServices } from '../helpers/services.js';

const ALLOW = '127.0.0.1/8,::1';
const PASSWORD = 'tidings-test';
const dir = mkdtempSync(join(tmpdir(), 'tidings-accounts-int-'));
const env = { DATABASE_URL: `sqlite:${join(dir, 'tidings.db')}`, TIDINGS_DATA_DIR: dir, TIDINGS_ALLOW_PRIVATE_HOSTS: ALLOW };
const user = () => `t-${randomBytes(5).toString('hex')}@example.test`;

async function cli(argv: string[], input = '', extraEnv: Record<string, string> = {}) {
  const out = new PassThrough();
  const err = new PassThrough();
  let o = '';
  let e = '';
  out.on('data', (c: Buffer) => (o += c.toString()));
  err.on('data', (c: Buffer) => (e += c.toString()));
  const io: CliIo = { stdout: out, stderr: err, env: { ...env, ...extraEnv }, stdin: Readable.from(input ? [input] : []) };
  const code = await runCli(argv, io);
  process.exitCode = undefined;
  return { code, out: o, err: e };
}

/** An in-memory account for the local servers (what loadMailAccount would return). */
function account(address: string, incoming: { protocol: 'imap' | 'pop3'; port: number; security: 'tls' | 'starttls' }, pass = PASSWORD): MailAccount {
  const tls = { rejectUnauthorized: false };
  return {
    id: 1,
    name: address,
    displayName: 'Test',
    email: address,
    replyTo: address,
    signature: { text: null, html: null },
    provider: null,
    smtp: { host: '127.0.0.1', port: 587, security: 'starttls', auth: { user: address, pass }, tls },
    incoming: { ...incoming, host: '127.0.0.1', username: address, password: pass, leaveCopy: true, tls },
    limits: { perSecond: null, perMinute: null, perHour: null, perDay: null },
    plusAddressing: true,
    isDefault: true,
  };
}

afterAll(() => rmSync(dir, { recursive: true, force: true }));

await describeWithServices(['smtp', 'submission', 'imap', 'imaps', 'pop3', 'pop3s'], 'account verification against Postfix and Dovecot', () => {
  it('adds an account from the CLI with --verify (SMTP 587 STARTTLS + IMAP 143 STARTTLS) and verifies it again', async () => {
    const address = user();
    const add = await cli(
      ['account', 'add', '--email', address, '--name', 'local', '--imap-host', '127.0.0.1', '--imap-port', '143', '--imap-security', 'starttls',
        '--smtp-host', '127.0.0.1', '--smtp-port', '587', '--smtp-security', 'starttls', '--no-tls-verify', '--password-stdin', '--verify', '--json'],
      PASSWORD,
    );
    expect(add.code, add.err).toBe(0);
    expect(JSON.parse(add.out).verify).toMatchObject({ ok: true, checks: [{ protocol: 'smtp', ok: true }, { protocol: 'imap', ok: true }] });
    const verify = await cli(['account', 'verify', 'local', '--json']);
    expect(verify.code, verify.out + verify.err).toBe(0);
    expect(JSON.parse(verify.out)).toMatchObject({ ok: true, checks: [{ server: '127.0.0.1:587', ok: true }, { server: '127.0.0.1:143', ok: true }] });
  });

  it.each([
    { name: 'IMAP 993 TLS', incoming: { protocol: 'imap', port: 993, security: 'tls' } },
    { name: 'POP3 110 STARTTLS', incoming: { protocol: 'pop3', port: 110, security: 'starttls' } },
    { name: 'POP3 995 TLS', incoming: { protocol: 'pop3', port: 995, security: 'tls' } },
  ] as const)('verifies SMTP and $name', async ({ incoming }) => {
    const report = await verifyMailAccount(account(user(), incoming), { allowPrivateHosts: ALLOW, timeoutMs: 10_000 });
    expect(report.checks.map((c) => [c.protocol, c.ok, c.error?.message])).toEqual([
      ['smtp', true, undefined],
      [incoming.protocol, true, undefined],
    ]);
  });

  it.each([
    { name: 'IMAP', incoming: { protocol: 'imap', port: 993, security: 'tls' } },
    { name: 'POP3', incoming: { protocol: 'pop3', port: 995, security: 'tls' } },
  ] as const)('reports a wrong password as an authentication error naming each server ($name)', async ({ incoming }) => {
    const report = await verifyMailAccount(account(user(), incoming, 'wrong-password'), { allowPrivateHosts: ALLOW, timeoutMs: 10_000 });
    expect(report.ok).toBe(false);
    const [smtp, inbox] = report.checks;
    expect(smtp?.error).toMatchObject({ code: 'ACCOUNT_AUTH_FAILED', message: expect.stringContaining('SMTP server 127.0.0.1:587 refused the login') });
    expect(inbox?.error).toMatchObject({ code: 'ACCOUNT_AUTH_FAILED', message: expect.stringContaining(`${incoming.protocol.toUpperCase()} server 127.0.0.1:${incoming.port} refused the login`) });
    expect(JSON.stringify(report)).not.toContain('wrong-password');
  });

  it('does not save an account whose verification fails, and says why', async () => {
    const add = await cli(
      ['account', 'add', '--email', user(), '--name', 'badpass', '--imap-host', '127.0.0.1', '--imap-port', '993', '--smtp-host', '127.0.0.1',
        '--smtp-port', '587', '--smtp-security', 'starttls', '--no-tls-verify', '--password-stdin', '--verify'],
      'wrong-password',
    );
    expect(add.code).toBe(1);
    expect(add.err).toMatch(/error ACCOUNT_AUTH_FAILED: .*127\.0\.0\.1:(587|993).*not saved/);
    expect((await cli(['account', 'show', 'badpass'])).code).toBe(1);
  });

  it('refuses loopback servers unless TIDINGS_ALLOW_PRIVATE_HOSTS allows them', async () => {
    const report = await verifyMailAccount(account(user(), { protocol: 'imap', port: 993, security: 'tls' }), { allowPrivateHosts: '' });
    expect(report.checks.map((c) => c.error?.code)).toEqual(['ACCOUNT_HOST_FORBIDDEN', 'ACCOUNT_HOST_FORBIDDEN']);
    expect(report.checks[0]?.error?.message).toContain('TIDINGS_ALLOW_PRIVATE_HOSTS');
  });

  it('refuses a self-signed certificate when certificate checking is on, naming the server', async () => {
    const strict = account(user(), { protocol: 'imap', port: 993, security: 'tls' });
    const tls = { rejectUnauthorized: true };
    const report = await verifyMailAccount({ ...strict, smtp: { ...strict.smtp, tls }, incoming: strict.incoming && { ...strict.incoming, tls } }, { allowPrivateHosts: ALLOW, timeoutMs: 10_000 });
    expect(report.checks.map((c) => c.error?.code)).toEqual(['ACCOUNT_CONNECT_FAILED', 'ACCOUNT_CONNECT_FAILED']);
    expect(report.checks[1]?.error?.message).toContain('127.0.0.1:993');
  });
});

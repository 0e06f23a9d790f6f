// Issue 16, item 1 (credentials): a marketer repoints a mailbox's SMTP or incoming host at a
// server they control and asks Tidings to log in there, hoping to collect the stored password.
// Changing the endpoint must drop the stored password, so nothing secret is ever sent there.
import { randomBytes } from 'node:crypto';
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeStoreContract } from '../helpers/store-contract.js';
import { useLiveApi, type Actor } from './harness.js';

const unique = () => randomBytes(4).toString('hex');
const OLD_SMTP = `old-smtp-Secret-${unique()}`;
const OLD_IMAP = `old-imap-Secret-${unique()}`;

/** Every form the password could travel in: as is, or base64 inside AUTH PLAIN / LOGIN. */
const carries = (text: string, secret: string): boolean =>
  text.includes(secret) || text.split(/\s+/).some((word) => /^[A-Za-z0-9+/]{8,}=*$/.test(word) && Buffer.from(word, 'base64').toString('latin1').includes(secret));

/** An SMTP server that records every AUTH attempt (user and password) and refuses it. */
async function startAuthRecorder() {
  const attempts: { username: string; password: string }[] = [];
  let connections = 0;
  const server = new SMTPServer({
    authOptional: false,
    allowInsecureAuth: true,
    disabledCommands: ['STARTTLS'],
    authMethods: ['PLAIN', 'LOGIN'],
    logger: false,
    onConnect(_session, cb) {
      connections += 1;
      cb();
    },
    onAuth(auth, _session, cb) {
      attempts.push({ username: auth.username ?? '', password: auth.password ?? '' });
      cb(Object.assign(new Error('5.7.8 Authentication credentials invalid'), { responseCode: 535 }));
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return { port, attempts, connections: () => connections, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** A minimal IMAP server that records every line a client sends and refuses every login. */
async function startImapRecorder() {
  const lines: string[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.write('* OK IMAP4rev1 recorder ready\r\n');
    let buffered = '';
    socket.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('latin1');
      let end: number;
      while ((end = buffered.indexOf('\r\n')) >= 0) {
        const line = buffered.slice(0, end);
        buffered = buffered.slice(end + 2);
        lines.push(line);
        const [tag = '*', command = ''] = line.split(' ');
        if (/^capability$/i.test(command)) socket.write(`* CAPABILITY IMAP4rev1\r\n${tag} OK done\r\n`);
        else if (/^logout$/i.test(command)) socket.end(`* BYE\r\n${tag} OK bye\r\n`);
        else socket.write(`${tag} NO [AUTHENTICATIONFAILED] refused\r\n`);
      }
    });
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    lines,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

describeStoreContract('security 01: credentials follow their endpoint', (store) => {
  const api = useLiveApi(store, { TIDINGS_ALLOW_PRIVATE_HOSTS: '127.0.0.1' });
  let smtp: Awaited<ReturnType<typeof startAuthRecorder>>;
  let imap: Awaited<ReturnType<typeof startImapRecorder>>;
  let marketer: Actor;
  beforeAll(async () => {
    [smtp, imap] = await Promise.all([startAuthRecorder(), startImapRecorder()]);
    marketer = await api().actor('marketer');
  });
  afterAll(async () => {
    await smtp?.close();
    await imap?.close();
  });

  /** A shared mailbox at a provider (names that do not resolve here: saved with a warning). */
  async function sharedMailbox(): Promise<number> {
    const name = `shared-${unique()}`;
    const created = await api().request('POST', '/api/accounts', {
      actor: marketer,
      body: {
        name,
        email: `${name}@provider.example`,
        incoming: { protocol: 'imap', host: 'imap.provider.example', port: imap.port, security: 'none', username: `${name}@provider.example`, password: OLD_IMAP },
        smtp: { host: 'smtp.provider.example', port: smtp.port, security: 'none', password: OLD_SMTP },
      },
    });
    expect(created.status, created.text).toBe(201);
    return (created.body as { id: number }).id;
  }

  const sealed = (id: number) =>
    store().db.selectFrom('mail_accounts').select(['smtp_host', 'incoming_host', 'smtp_password_enc', 'incoming_password_enc']).where('id', '=', id).executeTakeFirstOrThrow();

  it('PATCH smtp.host alone drops the stored password; verify then sends no AUTH with it to the new host', async () => {
    const id = await sharedMailbox();
    const patched = await api().request('PATCH', `/api/accounts/${id}`, { actor: marketer, body: { smtp: { host: '127.0.0.1' } } });
    expect(patched.status, patched.text).toBe(200);
    const verify = await api().request('POST', `/api/accounts/${id}/verify`, { actor: marketer, body: {} });
    // The attack: the recorder must never see either stored password.
    for (const attempt of smtp.attempts) {
      expect(attempt.password).not.toBe(OLD_SMTP);
      expect(attempt.password).not.toBe(OLD_IMAP);
    }
    expect(smtp.attempts).toEqual([]);
    expect([verify.status, (verify.body as { error?: { code: string } }).error?.code], verify.text).toEqual([400, 'ACCOUNT_PASSWORD_REQUIRED']);
    for (const secret of [OLD_SMTP, OLD_IMAP]) expect(verify.text).not.toContain(secret);

    expect(patched.body).toMatchObject({ smtp: { host: '127.0.0.1', password: null }, droppedPasswords: expect.arrayContaining(['smtp']) });
    // SMTP would otherwise fall back to the incoming password, so that one is gone as well.
    expect(await sealed(id)).toMatchObject({ smtp_host: '127.0.0.1', smtp_password_enc: null, incoming_password_enc: null });
  });

  it('PATCH incoming.host alone drops the sealed incoming password; verify sends no login with it', async () => {
    const id = await sharedMailbox();
    const patched = await api().request('PATCH', `/api/accounts/${id}`, { actor: marketer, body: { incoming: { host: '127.0.0.1' } } });
    expect(patched.status, patched.text).toBe(200);
    const verify = await api().request('POST', `/api/accounts/${id}/verify`, { actor: marketer, body: {} });
    // The attack: no line the recorder received may carry a stored password, in any encoding.
    for (const line of imap.lines) {
      expect(carries(line, OLD_IMAP), line).toBe(false);
      expect(carries(line, OLD_SMTP), line).toBe(false);
    }
    expect(verify.status, verify.text).toBe(200);
    const report = verify.body as { ok: boolean; checks: { protocol: string; ok: boolean; error?: { code: string } }[] };
    expect(report.ok).toBe(false);
    expect(report.checks.find((c) => c.protocol === 'imap')).toMatchObject({ ok: false, error: { code: 'ACCOUNT_PASSWORD_REQUIRED' } });

    expect(patched.body).toMatchObject({ incoming: { host: '127.0.0.1', password: null }, smtp: { password: '••••' }, droppedPasswords: ['incoming'] });
    expect(await sealed(id)).toMatchObject({ incoming_host: '127.0.0.1', incoming_password_enc: null, smtp_password_enc: expect.any(String) });
  });

  it('the same request may carry the password for the new endpoint; an unchanged host keeps it', async () => {
    const id = await sharedMailbox();
    const kept = await api().request('PATCH', `/api/accounts/${id}`, { actor: marketer, body: { smtp: { host: 'SMTP.provider.example', port: smtp.port }, displayName: 'Shop' } });
    expect(kept.body).toMatchObject({ droppedPasswords: [], smtp: { password: '••••' }, incoming: { password: '••••' } });
    const moved = await api().request('PATCH', `/api/accounts/${id}`, { actor: marketer, body: { smtp: { host: '127.0.0.1', password: 'typed-for-the-new-host' } } });
    expect(moved.body).toMatchObject({ droppedPasswords: [], smtp: { host: '127.0.0.1', password: '••••' } });
    const before = smtp.attempts.length;
    await api().request('POST', `/api/accounts/${id}/verify`, { actor: marketer, body: {} });
    // The recorder saw the password typed for it, never the one stored for the old host.
    expect(smtp.attempts.slice(before).map((a) => a.password)).toEqual(['typed-for-the-new-host']);
  });
});

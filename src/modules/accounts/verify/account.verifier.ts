import { createRequire } from 'node:module';
import type { ImapFlow as ImapFlowClient } from 'imapflow';

// imapflow is loaded when an account is first verified, not by every process that sends.
const require = createRequire(import.meta.url);
const imapFlow = (): typeof ImapFlowClient => (require('imapflow') as typeof import('imapflow')).ImapFlow;
import nodemailer from 'nodemailer';
import { isTidingsError } from '../../../platform/errors/index.js';
import { incomingAuth, type MailAccount } from '../mail-account.loader.js';
import { guardedTarget, nodemailerTarget, socketTarget } from '../../../platform/net/guarded.connector.js';
import type { HostResolver } from '../../../platform/net/ssrf.guard.js';
import { authFailed, connectFailed, providerOf } from './auth-failure.js';
import { Pop3Client } from '../../../adapters/mail/pop3/pop3.client.js';

/** Options for {@link verifyMailAccount}. */
export interface VerifyOptions {
  /** TIDINGS_ALLOW_PRIVATE_HOSTS. */
  readonly allowPrivateHosts?: string;
  /** Host resolution for the SSRF guard (tests). */
  readonly resolveHost?: HostResolver;
  /** The incoming password when the account does not store one. */
  readonly incomingPassword?: string;
  /** Per-connection timeout, ms (default 15000). */
  readonly timeoutMs?: number;
}

import type { VerifyCheck, VerifyReport } from './verify.types.js';
export type { VerifyCheck, VerifyReport } from './verify.types.js';

/** IMAP ID (RFC 2971) values imapflow sends; NetEase refuses clients that send none. */
const CLIENT_INFO = { name: 'Tidings', vendor: 'Tidings', 'support-url': 'https://github.com/tidings' };

function asCheck(protocol: VerifyCheck['protocol'], host: string, port: number, error?: unknown): VerifyCheck {
  const server = `${host}:${port}`;
  if (error === undefined) return { protocol, server, ok: true };
  const name = protocol === 'smtp' ? 'SMTP' : protocol === 'imap' ? 'IMAP' : 'POP3';
  const tidings = isTidingsError(error) ? error : connectFailed(name, host, port, (error as Error).message, error);
  return { protocol, server, ok: false, error: { code: tidings.code, message: tidings.message, retryable: tidings.retryable } };
}

/** Logs in to SMTP (nodemailer verify: EHLO, STARTTLS, AUTH). Throws a TidingsError on failure. */
export async function verifySmtp(account: MailAccount, options: VerifyOptions = {}): Promise<void> {
  const { host, port, security, auth, tls } = account.smtp;
  const target = nodemailerTarget(await guardedTarget(host, { allowPrivateHosts: options.allowPrivateHosts, resolve: options.resolveHost }, `SMTP host of account ${account.name}`));
  const timeout = options.timeoutMs ?? 15_000;
  const transport = nodemailer.createTransport({
    ...target,
    port,
    secure: security === 'tls',
    requireTLS: security === 'starttls',
    ignoreTLS: security === 'none',
    auth: auth ? { user: auth.user, pass: auth.pass } : undefined,
    // Connect to the address the guard checked, but verify the certificate for the host name.
    tls: { servername: target.servername, rejectUnauthorized: tls.rejectUnauthorized },
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout,
    logger: false,
  });
  try {
    await transport.verify();
  } catch (error) {
    const e = error as { code?: string; responseCode?: number; response?: string; message: string };
    if (e.code === 'EAUTH' || (e.responseCode !== undefined && [530, 534, 535, 454].includes(e.responseCode))) {
      throw authFailed({
        protocol: 'SMTP',
        host,
        port,
        user: auth?.user ?? '',
        reply: e.response ?? e.message,
        provider: providerOf({ provider: account.provider, email: account.email, host }),
        retryable: e.responseCode === 454,
      });
    }
    throw connectFailed('SMTP', host, port, e.response ?? e.message, error);
  } finally {
    transport.close();
  }
}

/** Logs in to the incoming server (IMAP with imapflow, or POP3). Throws a TidingsError on failure. */
export async function verifyIncoming(account: MailAccount, options: VerifyOptions = {}): Promise<void> {
  const credentials = incomingAuth(account, options.incomingPassword);
  const incoming = account.incoming;
  if (!incoming) return;
  const { host, port, security, tls, protocol } = incoming;
  const target = socketTarget(
    await guardedTarget(host, { allowPrivateHosts: options.allowPrivateHosts, resolve: options.resolveHost }, `${protocol.toUpperCase()} host of account ${account.name}`),
  );
  const timeout = options.timeoutMs ?? 15_000;
  const provider = providerOf({ provider: account.provider, email: account.email, host });
  if (protocol === 'pop3') {
    try {
      // Connect to the address the guard checked (no DNS rebinding), with SNI for the name.
      const session = await Pop3Client.connect({
        host: target.host,
        port,
        security,
        username: credentials.user,
        password: credentials.pass,
        timeoutMs: timeout,
        tls: { servername: target.servername, rejectUnauthorized: tls.rejectUnauthorized },
      });
      await session.quit();
    } catch (error) {
      if (isTidingsError(error, 'INBOX_AUTH_FAILED')) {
        const reply = typeof error.context.server === 'string' && error.context.server ? error.context.server : error.message;
        throw authFailed({ protocol: 'POP3', host, port, user: credentials.user, reply, provider });
      }
      throw connectFailed('POP3', host, port, (error as Error).message, error);
    }
    return;
  }
  const ImapFlow = imapFlow();
  const client = new ImapFlow({
    ...target,
    port,
    secure: security === 'tls',
    doSTARTTLS: security === 'starttls' ? true : security === 'none' ? false : undefined,
    auth: { user: credentials.user, pass: credentials.pass },
    tls: { rejectUnauthorized: tls.rejectUnauthorized },
    clientInfo: CLIENT_INFO,
    logger: false,
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout,
  });
  // imapflow also reports socket trouble as an 'error' event; connect()'s rejection carries it.
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (error) {
    const e = error as { authenticationFailed?: boolean; serverResponseCode?: string; responseText?: string; message: string };
    if (e.authenticationFailed || e.serverResponseCode === 'AUTHENTICATIONFAILED') {
      throw authFailed({ protocol: 'IMAP', host, port, user: credentials.user, reply: e.responseText ?? e.serverResponseCode ?? e.message, provider });
    }
    throw connectFailed('IMAP', host, port, e.responseText ?? e.message, error);
  } finally {
    await client.logout().catch(() => client.close());
  }
}

/**
 * Tests the SMTP login and the IMAP/POP3 login of an account, concurrently, and reports each
 * result separately (one failing does not hide the other). Never throws for a failed login.
 */
export async function verifyMailAccount(account: MailAccount, options: VerifyOptions = {}): Promise<VerifyReport> {
  const { host, port } = account.smtp;
  const tasks: Promise<VerifyCheck>[] = [
    verifySmtp(account, options).then(
      () => asCheck('smtp', host, port),
      (error: unknown) => asCheck('smtp', host, port, error),
    ),
  ];
  const incoming = account.incoming;
  if (incoming) {
    tasks.push(
      verifyIncoming(account, options).then(
        () => asCheck(incoming.protocol, incoming.host, incoming.port),
        (error: unknown) => asCheck(incoming.protocol, incoming.host, incoming.port, error),
      ),
    );
  }
  const checks = await Promise.all(tasks);
  return { account: account.name, ok: checks.every((c) => c.ok), checks };
}


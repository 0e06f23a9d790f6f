import { isIP } from 'node:net';
import { TidingsError } from '../../../platform/errors/index.js';
import { renderHints, type HintKey } from '../detect/hints.js';
import { allProviders, providerByDomain, providerByName, type KnownProvider } from '../detect/provider.lookup.js';

/** Which provider a server belongs to: the account's stored key, its address's domain, or the host. */
export function providerOf(input: { provider: string | null; email: string; host: string }): KnownProvider | undefined {
  if (input.provider) {
    const named = providerByName(input.provider);
    if (named) return named;
  }
  const byDomain = providerByDomain(input.email.slice(input.email.lastIndexOf('@') + 1));
  if (byDomain) return byDomain;
  const host = input.host.toLowerCase();
  // An address literal names no provider: 127.0.0.1 is Proton's Bridge in the table, but also every
  // on-premises relay and test server on loopback, which must not get Proton's advice.
  if (isIP(host)) return undefined;
  return allProviders().find((p) => [p.imap, p.pop3, p.smtp].some((s) => s?.host === host));
}

/** Hints that explain a refused password, in the order they matter. */
const AUTH_HINTS: readonly HintKey[] = ['authcode', 'exmail-client-password', 'sohu-password', 'app-password', 'oauth-only', 'office365-auth', 'tonline-password', 'proton-bridge'];

/**
 * The error for a refused login: names the server and the user, quotes the server's reply, and
 * adds the provider's advice (a 535 from QQ/163 becomes the authorization-code hint).
 */
export function authFailed(args: {
  protocol: 'SMTP' | 'IMAP' | 'POP3';
  host: string;
  port: number;
  user: string;
  reply: string;
  provider: KnownProvider | undefined;
  retryable?: boolean;
}): TidingsError {
  const hints = (args.provider?.hints ?? []).filter((h) => AUTH_HINTS.includes(h));
  const advice = hints.length
    ? renderHints(hints, args.provider?.name ?? args.host).join(' ')
    : 'Check the user name and password (many providers need an app password or authorization code for mail apps).';
  return new TidingsError(
    'ACCOUNT_AUTH_FAILED',
    `${args.protocol} server ${args.host}:${args.port} refused the login for "${args.user}": ${args.reply.trim() || 'authentication failed'}. ${advice}`,
    { context: { server: `${args.host}:${args.port}`, protocol: args.protocol, user: args.user, hints }, retryable: args.retryable },
  );
}

/**
 * The error for a server we could not talk to at all. The message is read in the web UI as well
 * as the CLI, so it names settings the way a person sees them, not command-line flags; the CLI's
 * own spelling rides in `context.cliHint`.
 */
export function connectFailed(protocol: 'SMTP' | 'IMAP' | 'POP3', host: string, port: number, detail: string, cause?: unknown): TidingsError {
  const certificate = /certificate|self.signed/i.test(detail);
  const advice = certificate
    ? 'The server’s certificate was not accepted. If this is your own on-premises server with a self-signed certificate, turn off the certificate check for this mailbox (“Check the servers’ TLS certificates”); otherwise check the host name.'
    : 'Check the host, the port and the security setting (SSL/TLS, STARTTLS or none), and that this server accepts connections from here.';
  return new TidingsError('ACCOUNT_CONNECT_FAILED', `Cannot talk to the ${protocol} server ${host}:${port}: ${detail}. ${advice}`, {
    cause,
    context: { server: `${host}:${port}`, protocol, ...(certificate ? { cliHint: 'add --no-tls-verify for a self-signed on-premises server' } : {}) },
  });
}

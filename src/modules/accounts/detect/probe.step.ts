import { connect as netConnect, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { guardedTarget, socketTarget } from '../../../platform/net/guarded.connector.js';
import type { HostGuardOptions } from '../../../platform/net/ssrf.guard.js';
import type { MailProtocol, Security, ServerSet, ServerTemplate } from './server.types.js';

/** Answers whether a server of `protocol` greets on host:port with the given security. */
export type ServerProbe = (
  target: { host: string; port: number; security: Security; protocol: MailProtocol },
  signal: AbortSignal,
) => Promise<boolean>;

/** Host names to try, implicit TLS first (RFC 8314), then STARTTLS on the classic ports. */
export function probeCandidates(domain: string): Record<MailProtocol, ServerTemplate[]> {
  const at = (prefixes: string[], port: number, security: Security) =>
    prefixes.map((p) => ({ host: `${p}.${domain}`, port, security, username: '%EMAILADDRESS%' }));
  return {
    imap: [...at(['imap', 'mail'], 993, 'tls'), ...at(['imap', 'mail'], 143, 'starttls')],
    pop3: [...at(['pop', 'pop3', 'mail'], 995, 'tls'), ...at(['pop', 'pop3', 'mail'], 110, 'starttls')],
    smtp: [...at(['smtp', 'mail'], 465, 'tls'), ...at(['smtp', 'mail'], 587, 'starttls')],
  };
}

/**
 * Probe step: tries every candidate concurrently and keeps, per protocol, the first candidate in
 * preference order that answered. Something must answer for an incoming protocol or SMTP.
 */
export async function detectByProbe(domain: string, probe: ServerProbe, signal: AbortSignal): Promise<ServerSet | undefined> {
  const candidates = probeCandidates(domain);
  const results = await Promise.all(
    (Object.keys(candidates) as MailProtocol[]).map(async (protocol) => {
      const list = candidates[protocol];
      const ok = await Promise.all(list.map((c) => probe({ ...c, protocol }, signal).catch(() => false)));
      return [protocol, list.find((_, i) => ok[i])] as const;
    }),
  );
  const set = Object.fromEntries(results.filter(([, s]) => s !== undefined)) as ServerSet;
  return set.imap || set.pop3 || set.smtp ? set : undefined;
}

const GREETING: Readonly<Record<MailProtocol, RegExp>> = { imap: /^\* OK/i, pop3: /^\+OK/i, smtp: /^220[ -]/ };

/**
 * The default probe: passes the SSRF guard, connects (TLS with certificate verification for
 * implicit TLS, plain TCP for STARTTLS ports) and waits for the protocol's greeting line.
 */
export function socketProbe(guard: HostGuardOptions, timeoutMs: number): ServerProbe {
  return async ({ host, port, security, protocol }, signal) => {
    const target = socketTarget(await guardedTarget(host, guard, 'probed host'));
    return new Promise<boolean>((resolve) => {
      const socket: Socket = security === 'tls' ? tlsConnect({ ...target, port }) : netConnect({ host: target.host, port });
      let buffer = '';
      const finish = (ok: boolean) => {
        signal.removeEventListener('abort', onAbort);
        socket.destroy();
        resolve(ok);
      };
      const onAbort = () => finish(false);
      signal.addEventListener('abort', onAbort, { once: true });
      socket.setTimeout(timeoutMs, () => finish(false));
      socket.on('error', () => finish(false));
      socket.on('data', (chunk: Buffer) => {
        buffer += chunk.toString('latin1');
        const newline = buffer.indexOf('\n');
        if (newline >= 0 || buffer.length > 512) finish(GREETING[protocol].test(buffer));
      });
    });
  };
}

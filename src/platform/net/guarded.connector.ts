import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { assertHostAllowed, type HostGuardOptions } from './ssrf.guard.js';

/**
 * The one guarded connector: every outbound connection to a host a user typed (SMTP, IMAP, POP3,
 * autoconfig HTTP, SMS provider endpoints, SMPP) gets its address from {@link guardedTarget}.
 * The name is resolved once, every address it resolves to passes the SSRF guard, and the
 * connection goes to the checked address, never to a second resolution of the name (DNS
 * rebinding); TLS still verifies the certificate against the host name (`servername`).
 */

/** The guard a connection passes: the allow list (and resolver, for tests) plus the setting to name. */
export interface ConnectGuard extends HostGuardOptions {
  /** Names the account field in a refusal, e.g. "IMAP host of account sales". */
  readonly setting?: string;
}

/** Where to connect: the address the guard checked, and the name to verify TLS against. */
export interface GuardedTarget {
  /** The host name as given (lower case, no trailing dot or brackets). */
  readonly host: string;
  /** The checked IP address to connect to. */
  readonly address: string;
  readonly family: 4 | 6;
  /** SNI / certificate name: the host name, or undefined for an IP literal (RFC 6066 forbids IPs in SNI). */
  readonly servername: string | undefined;
}

/**
 * Resolves `host` once, refuses it (`ACCOUNT_HOST_FORBIDDEN`, `ACCOUNT_HOST_UNRESOLVED`) as
 * {@link assertHostAllowed} does, and answers the address to connect to. `setting` names the
 * field a user should change ("SMTP host of account sales").
 */
export async function guardedTarget(host: string, options: ConnectGuard = {}, setting = options.setting ?? 'server host'): Promise<GuardedTarget> {
  const allowed = await assertHostAllowed(host, options, setting);
  const address = allowed.addresses[0] ?? allowed.host;
  return { host: allowed.host, address, family: isIP(address) === 6 ? 6 : 4, servername: isIP(allowed.host) ? undefined : allowed.host };
}

/** nodemailer options: connect to the address, greet and verify TLS as the host name. */
export function nodemailerTarget(target: GuardedTarget): { host: string; servername?: string } {
  return { host: target.address, ...(target.servername ? { servername: target.servername } : {}) };
}

/** imapflow options (`host`, `servername`); the same shape serves `net.connect` / `tls.connect`. */
export function socketTarget(target: GuardedTarget): { host: string; servername?: string } {
  return { host: target.address, ...(target.servername ? { servername: target.servername } : {}) };
}

/** A `lookup` for node net/http that answers the checked address only, whatever name it is asked. */
export function pinnedLookup(target: GuardedTarget): LookupFunction {
  return (_hostname, options, callback) => {
    const answer = { address: target.address, family: target.family };
    if ((options as { all?: boolean }).all) (callback as (e: null, all: (typeof answer)[]) => void)(null, [answer]);
    else callback(null, answer.address, answer.family);
  };
}

/**
 * A `lookup` for long-lived http(s) agents: every new connection resolves its name once through
 * the guard and connects to that checked address. Node skips `lookup` for IP literals, so those
 * must pass {@link guardedTarget} before the request (see {@link assertLiteralAllowed}).
 */
export function guardedLookup(options: HostGuardOptions, setting: string): LookupFunction {
  return (hostname, lookupOptions, callback) => {
    guardedTarget(hostname, options, setting).then(
      (target) => pinnedLookup(target)(hostname, lookupOptions, callback),
      (error: NodeJS.ErrnoException) => callback(error, '', 4),
    );
  };
}

/** Checks a URL's host when it is an IP literal (which no `lookup` sees). */
export async function assertLiteralAllowed(url: URL, options: HostGuardOptions, setting: string): Promise<void> {
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (isIP(host)) await guardedTarget(host, options, setting);
}

/** One HTTP answer read whole (up to a size limit). */
export interface GuardedResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  /** The body as text; undefined when it was larger than `maxBytes` (the rest is not read). */
  readonly body: string | undefined;
}

/** Options for {@link guardedHttpRequest}. */
export interface GuardedRequestOptions {
  readonly guard: HostGuardOptions;
  /** Names the setting in a refusal ("autoconfig URL https://…"). */
  readonly setting: string;
  readonly method?: string;
  readonly headers?: Record<string, string>;
  readonly body?: string;
  readonly signal?: AbortSignal;
  readonly maxBytes?: number;
}

/**
 * One HTTP(S) request to a user-supplied URL through the guard: the host is resolved once,
 * checked, and the socket connects to that address (the Host header and TLS name stay the URL's
 * host name). Redirects are not followed; the caller sees 3xx and decides.
 */
export async function guardedHttpRequest(url: URL, options: GuardedRequestOptions): Promise<GuardedResponse> {
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error(`unsupported URL scheme ${url.protocol}`);
  const target = await guardedTarget(url.hostname, options.guard, options.setting);
  const maxBytes = options.maxBytes ?? 1024 * 1024;
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise<GuardedResponse>((resolve, reject) => {
    const { signal } = options;
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const settle = <T>(fn: (value: T) => void) => (value: T) => {
      signal?.removeEventListener('abort', onAbort);
      fn(value);
    };
    const done = settle(resolve);
    const fail = settle(reject);
    const req = send(
      url,
      {
        method: options.method ?? 'GET',
        headers: options.headers,
        lookup: pinnedLookup(target),
        ...(target.servername ? { servername: target.servername } : {}),
        // A fresh socket per call: no agent pool would reuse a connection made for another check.
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > maxBytes) {
            res.destroy();
            done({ status: res.statusCode ?? 0, headers: res.headers, body: undefined });
            return;
          }
          chunks.push(chunk);
        });
        res.on('end', () => done({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', fail);
      },
    );
    // One listener per request, removed when it settles: callers share one signal across many requests.
    function onAbort(): void {
      req.destroy(signal?.reason instanceof Error ? signal.reason : new Error('aborted'));
    }
    signal?.addEventListener('abort', onAbort, { once: true });
    req.on('error', fail);
    req.end(options.body);
  });
}

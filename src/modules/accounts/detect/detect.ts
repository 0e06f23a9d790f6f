import type { HostResolver } from '../../../platform/net/ssrf.guard.js';
import { defaultAutoconfigUrls, fetchAutoconfig, fetchIspdb } from './autoconfig.step.js';
import { detectByMx, detectBySrv, systemResolver, type DnsResolver } from './dns.steps.js';
import { renderHints } from './hints.js';
import { guardedHttpGet, type HttpGet } from './http.get.js';
import { providerByDomain, providerByName, providerByWildcard } from './provider.lookup.js';
import { detectByProbe, socketProbe, type ServerProbe } from './probe.step.js';
import type { DetectResult, DetectSource, ServerSet, ServerSettings, ServerTemplate } from './server.types.js';

/** Options for {@link detect}. Every network dependency is injectable so tests use local servers only. */
export interface DetectOptions {
  /** Use the bundled table only (no network). */
  readonly offline?: boolean;
  /** Timeout of each network step, ms (default 4000). */
  readonly timeoutMs?: number;
  /** ISPDB base URL (default https://autoconfig.thunderbird.net/v1.1/). */
  readonly ispdbBaseUrl?: string;
  /** The domain's autoconfig URLs to try, in order (default: autoconfig.<domain>, then .well-known). */
  readonly autoconfigUrls?: (domain: string, address: string) => readonly string[];
  /** Fetches documents (default: fetch behind the SSRF guard). */
  readonly httpGet?: HttpGet;
  /** MX and SRV queries (default: node:dns/promises). */
  readonly resolver?: DnsResolver;
  /** TCP/TLS greeting probe (default: real sockets behind the SSRF guard). */
  readonly probe?: ServerProbe;
  /** TIDINGS_ALLOW_PRIVATE_HOSTS, for the default httpGet and probe. */
  readonly allowPrivateHosts?: string;
  /** Host-name resolution used by the SSRF guard of the default httpGet and probe. */
  readonly resolveHost?: HostResolver;
}

/** Splits and normalises an address; undefined when it is not local@domain.tld. */
export function parseAddress(address: string): { address: string; local: string; domain: string } | undefined {
  const trimmed = address.trim().toLowerCase();
  const match = /^([^@\s]+)@([a-z0-9-]+(?:\.[a-z0-9-]+)+)\.?$/.exec(trimmed);
  if (!match?.[1] || !match[2]) return undefined;
  return { address: `${match[1]}@${match[2]}`, local: match[1], domain: match[2] };
}

/** Fills a template's %EMAILADDRESS% / %EMAILLOCALPART% / %EMAILDOMAIN% for one address. */
function apply(template: ServerTemplate | undefined, parts: { address: string; local: string; domain: string }): ServerSettings | undefined {
  if (!template) return undefined;
  const fill = (text: string) =>
    text
      .replaceAll('%EMAILADDRESS%', parts.address)
      .replaceAll('%EMAILLOCALPART%', parts.local)
      .replaceAll('%EMAILDOMAIN%', parts.domain);
  return { host: fill(template.host).toLowerCase(), port: template.port, security: template.security, username: fill(template.username) };
}

/** Builds the result object with only the keys that have values (the CLI prints it verbatim). */
export function toResult(
  parts: { address: string; local: string; domain: string },
  source: DetectSource,
  set: ServerSet,
): DetectResult {
  const known = set.provider ? providerByName(set.provider) : undefined;
  const displayName = known?.name ?? set.provider ?? parts.domain;
  // Keys in the order of the CLI contract: address, provider, source, imap, pop3, smtp, hints.
  const imap = apply(set.imap, parts);
  const pop3 = apply(set.pop3, parts);
  const smtp = apply(set.smtp, parts);
  return {
    address: parts.address,
    ...(set.provider ? { provider: known?.key ?? set.provider } : {}),
    source,
    reason: reasonOf(source, parts.domain, displayName, set.via),
    ...(imap ? { imap } : {}),
    ...(pop3 ? { pop3 } : {}),
    ...(smtp ? { smtp } : {}),
    hints: renderHints(set.hints ?? [], displayName),
  };
}

/** One sentence saying which step matched and on what. */
function reasonOf(source: DetectSource, domain: string, provider: string, via: string | undefined): string {
  switch (source) {
    case 'table':
      return `${domain} is one of ${provider}'s domains in the bundled provider table.`;
    case 'wildcard':
      return `${domain} is under *.${via ?? '?'}, whose every subdomain ${provider} hosts (bundled provider table).`;
    case 'autoconfig':
      return `The domain publishes its own settings (autoconfig document${via ? ` ${via}` : ''}).`;
    case 'ispdb':
      return `Thunderbird's ISPDB has an entry for ${domain}.`;
    case 'mx':
      return `${domain}'s mail is delivered to ${via ?? 'an MX host'}, which belongs to ${provider}.`;
    case 'srv':
      return `${domain} publishes DNS SRV records for its mail servers (RFC 6186).`;
    case 'probe':
      return `Mail servers answered at the usual host names of ${domain}.`;
  }
}

/** Rejects after `ms`, or when `signal` aborts, whichever comes first. */
function withTimeout<T>(work: (signal: AbortSignal) => Promise<T>, ms: number, parent: AbortSignal): Promise<T> {
  const signal = AbortSignal.any([parent, AbortSignal.timeout(ms)]);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason ?? new Error('aborted'));
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    work(signal).then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/**
 * Finds the IMAP/POP3/SMTP servers for an address. Order of precedence: the bundled table, its
 * wildcard families (*.onmicrosoft.com), the domain's autoconfig document, the ISPDB, MX → base domain → table/ISPDB, SRV records, probing.
 * The network steps start together, each with its own timeout; the answer of the highest-priority
 * step that succeeded wins and the rest are aborted. Returns undefined when nothing was found
 * (a miss is an expected outcome, not an error).
 */
export async function detect(address: string, options: DetectOptions = {}): Promise<DetectResult | undefined> {
  const parts = parseAddress(address);
  if (!parts) return undefined;
  const known = providerByDomain(parts.domain);
  if (known) return toResult(parts, 'table', { ...known, provider: known.key });
  const family = providerByWildcard(parts.domain);
  if (family) return toResult(parts, 'wildcard', { ...family.provider, provider: family.provider.key, via: family.suffix });
  if (options.offline) return undefined;

  const timeoutMs = options.timeoutMs ?? 4000;
  const guard = { allowPrivateHosts: options.allowPrivateHosts, resolve: options.resolveHost };
  const get = options.httpGet ?? guardedHttpGet(guard);
  const resolver = options.resolver ?? systemResolver;
  const probe = options.probe ?? socketProbe(guard, timeoutMs);
  const ispdbBase = options.ispdbBaseUrl ?? 'https://autoconfig.thunderbird.net/v1.1/';
  const urls = (options.autoconfigUrls ?? defaultAutoconfigUrls)(parts.domain, parts.address);

  const stop = new AbortController();
  const steps: [DetectSource, (signal: AbortSignal) => Promise<ServerSet | undefined>][] = [
    ['autoconfig', (signal) => fetchAutoconfig(urls, get, signal)],
    ['ispdb', (signal) => fetchIspdb(ispdbBase, parts.domain, get, signal)],
    ['mx', (signal) => detectByMx(parts.domain, resolver, (base) => fetchIspdb(ispdbBase, base, get, signal))],
    ['srv', () => detectBySrv(parts.domain, resolver)],
    ['probe', (signal) => detectByProbe(parts.domain, probe, signal)],
  ];
  const running = steps.map(([source, work]) => ({
    source,
    // A failed or timed-out step is a miss: the next one in priority order may still answer.
    answer: withTimeout(work, timeoutMs, stop.signal).catch(() => undefined),
  }));
  try {
    for (const { source, answer } of running) {
      const set = await answer;
      if (set) return toResult(parts, source, set);
    }
    return undefined;
  } finally {
    stop.abort();
  }
}

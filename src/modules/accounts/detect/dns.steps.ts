import { resolveMx, resolveSrv } from 'node:dns/promises';
import { baseDomain } from './base-domain.js';
import { providerByDomain, providerByMxHost } from './provider.lookup.js';
import type { MailProtocol, Security, ServerSet, ServerTemplate } from './server.types.js';

/** The DNS queries autodetection makes; `node:dns/promises` by default, a fixture in tests. */
export interface DnsResolver {
  resolveMx(domain: string): Promise<readonly { exchange: string; priority: number }[]>;
  resolveSrv(name: string): Promise<readonly { name: string; port: number; priority: number; weight: number }[]>;
}

export const systemResolver: DnsResolver = { resolveMx, resolveSrv };

/** "Not found" answers (NXDOMAIN, no data) are misses, not failures. */
async function orEmpty<T>(query: Promise<readonly T[]>): Promise<readonly T[]> {
  try {
    return await query;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOTFOUND' || code === 'ENODATA' || code === 'ENONAME' || code === 'NXDOMAIN') return [];
    throw error;
  }
}

/**
 * MX step: the domain's mail exchangers, best first; an MX host with a known suffix names its
 * provider (aspmx.l.google.com → Gmail, mxbiz1.qq.com → Tencent Exmail); otherwise the MX host's
 * base domain is looked up in the table and then in the ISPDB (`viaIspdb`), as Thunderbird does.
 */
export async function detectByMx(
  domain: string,
  resolver: DnsResolver,
  viaIspdb: (baseDomain: string) => Promise<ServerSet | undefined>,
): Promise<ServerSet | undefined> {
  const records = [...(await orEmpty(resolver.resolveMx(domain)))].sort((a, b) => a.priority - b.priority);
  const tried = new Set<string>([domain]);
  for (const { exchange } of records.slice(0, 3)) {
    if (!exchange || exchange === '.') continue;
    const known = providerByMxHost(exchange) ?? providerByDomain(baseDomain(exchange));
    if (known) return { ...known, provider: known.key, via: exchange.toLowerCase().replace(/\.$/, '') };
    const base = baseDomain(exchange);
    if (tried.has(base)) continue;
    tried.add(base);
    const found = await viaIspdb(base);
    if (found) return { ...found, via: `${exchange.toLowerCase().replace(/\.$/, '')} (ISPDB entry of ${base})` };
  }
  return undefined;
}

const SRV_SERVICES: readonly { service: string; protocol: MailProtocol; security: Security }[] = [
  { service: '_imaps._tcp', protocol: 'imap', security: 'tls' },
  { service: '_imap._tcp', protocol: 'imap', security: 'starttls' },
  { service: '_pop3s._tcp', protocol: 'pop3', security: 'tls' },
  { service: '_pop3._tcp', protocol: 'pop3', security: 'starttls' },
  { service: '_submissions._tcp', protocol: 'smtp', security: 'tls' },
  { service: '_submission._tcp', protocol: 'smtp', security: 'starttls' },
];

/**
 * SRV step (RFC 6186, implicit TLS variants from RFC 8314). Per protocol the implicit-TLS record
 * wins over the STARTTLS one; within a record set the lowest priority, then highest weight. A
 * target of "." means "this service is not offered here" (RFC 2782). The user name is the full
 * address, as RFC 6186 section 4 tells clients to try first.
 */
export async function detectBySrv(domain: string, resolver: DnsResolver): Promise<ServerSet | undefined> {
  const answers = await Promise.all(
    SRV_SERVICES.map(async (s) => ({ ...s, records: await orEmpty(resolver.resolveSrv(`${s.service}.${domain}`)) })),
  );
  const found: Partial<Record<MailProtocol, ServerTemplate>> = {};
  for (const { protocol, security, records } of answers) {
    if (found[protocol]) continue;
    const best = [...records]
      .filter((r) => r.name && r.name !== '.' && r.port > 0)
      .sort((a, b) => a.priority - b.priority || b.weight - a.weight)[0];
    if (best) found[protocol] = { host: best.name.toLowerCase().replace(/\.$/, ''), port: best.port, security, username: '%EMAILADDRESS%' };
  }
  return found.imap || found.pop3 || found.smtp ? found : undefined;
}

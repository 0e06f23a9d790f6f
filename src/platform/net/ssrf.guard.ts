import { lookup as dnsLookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';
import { TidingsError } from '../errors/index.js';
import './net.errors.js'; // registers the codes raised here

/** Resolves a host name to all its addresses (injectable; `node:dns/promises` lookup by default). */
export type HostResolver = (host: string) => Promise<readonly { address: string; family: number }[]>;

/** Options for {@link assertHostAllowed}. */
export interface HostGuardOptions {
  /** The raw TIDINGS_ALLOW_PRIVATE_HOSTS value (comma list of host names, IPs or CIDRs). */
  readonly allowPrivateHosts?: string;
  /** Replaces DNS resolution (tests). */
  readonly resolve?: HostResolver;
}

/** A host that passed the guard, with the addresses it resolved to (connect to one of these). */
export interface AllowedHost {
  readonly host: string;
  /** Resolved addresses; connecting to `addresses[0]` pins the checked address against DNS rebinding. */
  readonly addresses: readonly string[];
}

/** Ranges no server Tidings talks to on a user's behalf should live in, unless allow-listed. */
const FORBIDDEN = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8], // "this network"
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8],
  ['169.254.0.0', 16], // link-local, cloud metadata (169.254.169.254)
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15], // benchmarking
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
] as const) FORBIDDEN.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7], // unique local
  ['fe80::', 10], // link-local
  ['ff00::', 8], // multicast
  ['64:ff9b:1::', 48], // local-use NAT64
  ['100::', 64], // discard-only
  ['2001::', 32], // Teredo: the IPv4 address inside is obfuscated, so refuse the whole prefix
  ['2001:db8::', 32], // documentation
] as const) FORBIDDEN.addSubnet(net, prefix, 'ipv6');

/** The parsed allow list: exact host names, plus IPs/CIDRs in a BlockList used as an allow set. */
export interface AllowList {
  readonly names: ReadonlySet<string>;
  readonly ranges: BlockList;
  /** Entries that are neither a host name nor an IP/CIDR. */
  readonly invalid: readonly string[];
}

/** Parses `TIDINGS_ALLOW_PRIVATE_HOSTS`: `mail.corp.local, 10.0.0.0/8, 127.0.0.1/8, ::1`. */
export function parseAllowList(value: string): AllowList {
  const names = new Set<string>();
  const ranges = new BlockList();
  const invalid: string[] = [];
  for (const raw of value.split(',')) {
    const entry = raw.trim().toLowerCase();
    if (!entry) continue;
    const [ip, prefixText] = entry.split('/', 2);
    const family = isIP(ip ?? '');
    if (family !== 0 && ip) {
      const max = family === 4 ? 32 : 128;
      const prefix = prefixText === undefined ? max : /^\d{1,3}$/.test(prefixText) ? Number(prefixText) : -1;
      if (prefix < 0 || prefix > max) invalid.push(raw.trim());
      else ranges.addSubnet(ip, prefix, family === 4 ? 'ipv4' : 'ipv6');
    } else if (prefixText === undefined && /^[a-z0-9_]([a-z0-9_.-]*[a-z0-9_])?$/.test(entry)) {
      names.add(entry.replace(/\.$/, ''));
    } else invalid.push(raw.trim());
  }
  return { names, ranges, invalid };
}

/** The 16 bytes of an IPv6 literal (with or without a trailing dotted quad), or undefined. */
function ipv6Bytes(address: string): number[] | undefined {
  let text = address.toLowerCase().replace(/%.*$/, '');
  const quad = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (quad) {
    const [a, b, c, d] = quad.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, quad.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const groups = (part: string | undefined) => (part ? part.split(':') : []);
  const head = groups(halves[0]);
  const tail = groups(halves[1]);
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 0) return undefined;
  const all = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...tail];
  const bytes: number[] = [];
  for (const group of all) {
    if (!/^[0-9a-f]{1,4}$/.test(group)) return undefined;
    const n = parseInt(group, 16);
    bytes.push(n >> 8, n & 0xff);
  }
  return bytes;
}

const zeros = (bytes: readonly number[], from: number, to: number) => bytes.slice(from, to).every((b) => b === 0);
const dotted = (bytes: readonly number[], at: number) => bytes.slice(at, at + 4).join('.');

/**
 * The IPv4 address an IPv6 address carries to an IPv4 host, for the forms a resolver or a user can
 * hand us to reach an IPv4 network through IPv6: IPv4-mapped (`::ffff:a.b.c.d`, in any spelling),
 * IPv4-compatible (`::a.b.c.d`), NAT64 (`64:ff9b::/96`) and 6to4 (`2002:AABB:CCDD::/48`). Those
 * must be judged by the IPv4 address, or `64:ff9b::7f00:1` is loopback in disguise.
 */
export function embeddedIPv4(address: string): string | undefined {
  if (isIP(address) !== 6) return undefined;
  const bytes = ipv6Bytes(address);
  if (!bytes) return undefined;
  if (zeros(bytes, 0, 10) && bytes[10] === 0xff && bytes[11] === 0xff) return dotted(bytes, 12); // mapped
  if (zeros(bytes, 0, 12) && !zeros(bytes, 12, 15)) return dotted(bytes, 12); // compatible (not :: or ::1)
  if (bytes[0] === 0 && bytes[1] === 0x64 && bytes[2] === 0xff && bytes[3] === 0x9b && zeros(bytes, 4, 12)) return dotted(bytes, 12); // NAT64
  if (bytes[0] === 0x20 && bytes[1] === 0x02) return dotted(bytes, 2); // 6to4
  return undefined;
}

/** True when `address` (an IP literal) is private, loopback, link-local, unique-local or reserved. */
export function isPrivateAddress(address: string): boolean {
  const type = isIP(address) === 4 ? 'ipv4' : 'ipv6';
  if (FORBIDDEN.check(address, type)) return true;
  const v4 = embeddedIPv4(address);
  return v4 !== undefined && FORBIDDEN.check(v4, 'ipv4');
}

/** True when `address` is inside one of the allow list's IPs/CIDRs (an embedded IPv4 address counts). */
function inAllowList(list: AllowList, address: string): boolean {
  const type = isIP(address) === 4 ? 'ipv4' : 'ipv6';
  if (list.ranges.check(address, type)) return true;
  if (type === 'ipv4') return list.ranges.check(`::ffff:${address}`, 'ipv6');
  const v4 = embeddedIPv4(address);
  return v4 !== undefined && list.ranges.check(v4, 'ipv4');
}

const defaultResolve: HostResolver = (host) => dnsLookup(host, { all: true, verbatim: true });

/**
 * The SSRF guard: resolves `host` and refuses it (`ACCOUNT_HOST_FORBIDDEN`) when any of its
 * addresses is private/loopback/link-local/ULA, unless the host name or the address is in
 * `allowPrivateHosts`. Every address must pass, because a resolver may hand out any of them.
 * Send and inbox call this before connecting to an account's servers; `setting` names the account
 * field the user should change (e.g. "smtp host of account sales-li").
 */
export async function assertHostAllowed(
  host: string,
  options: HostGuardOptions = {},
  setting = 'server host',
): Promise<AllowedHost> {
  const name = host.trim().toLowerCase().replace(/\.$/, '').replace(/^\[(.*)\]$/, '$1');
  const list = parseAllowList(options.allowPrivateHosts ?? '');
  let addresses: string[];
  if (isIP(name)) addresses = [name];
  else {
    try {
      addresses = (await (options.resolve ?? defaultResolve)(name)).map((a) => a.address);
    } catch (cause) {
      throw new TidingsError('ACCOUNT_HOST_UNRESOLVED', `The host ${host} (${setting}) does not resolve in DNS.`, {
        cause,
        context: { host },
      });
    }
    if (addresses.length === 0) {
      throw new TidingsError('ACCOUNT_HOST_UNRESOLVED', `The host ${host} (${setting}) has no addresses.`, {
        context: { host },
      });
    }
  }
  if (list.names.has(name)) return { host: name, addresses };
  const refused = addresses.filter((a) => isPrivateAddress(a) && !inAllowList(list, a));
  if (refused.length > 0) {
    throw new TidingsError(
      'ACCOUNT_HOST_FORBIDDEN',
      `Refusing to connect to ${host} (${setting}): it resolves to the private/loopback address ${refused.join(', ')}. ` +
        `If this is your own server, add "${name}" or its address to TIDINGS_ALLOW_PRIVATE_HOSTS.`,
      { context: { host, addresses: refused } },
    );
  }
  return { host: name, addresses };
}

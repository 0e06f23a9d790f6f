import { PROVIDERS, type ProviderEntry } from './providers.table.js';

/** A table entry together with its key. */
export interface KnownProvider extends ProviderEntry {
  readonly key: string;
}

/** Lower case, no spaces/dots/dashes: "Google Mail" and "google-mail" are the same alias. */
const aliasKey = (name: string): string => name.toLowerCase().replace(/[\s._-]+/g, '');

const byDomain = new Map<string, KnownProvider>();
const byName = new Map<string, KnownProvider>();
const mxSuffixes: { suffix: string; provider: KnownProvider }[] = [];
const wildcardSuffixes: { suffix: string; provider: KnownProvider }[] = [];

// Built once at load. A domain or alias listed twice is a table bug, so it fails loudly here.
for (const [key, entry] of Object.entries(PROVIDERS)) {
  const provider: KnownProvider = { key, ...entry };
  for (const domain of entry.domains) {
    const name = domain.toLowerCase();
    if (byDomain.has(name)) throw new Error(`providers.table: domain ${name} listed twice`);
    byDomain.set(name, provider);
  }
  for (const alias of [key, entry.name, ...(entry.aliases ?? [])]) {
    const name = aliasKey(alias);
    const other = byName.get(name);
    if (other && other.key !== key) throw new Error(`providers.table: alias ${alias} used by ${other.key} and ${key}`);
    byName.set(name, provider);
  }
  for (const suffix of entry.mx ?? []) mxSuffixes.push({ suffix: suffix.toLowerCase(), provider });
  for (const suffix of entry.wildcards ?? []) wildcardSuffixes.push({ suffix: suffix.toLowerCase(), provider });
}
wildcardSuffixes.sort((a, b) => b.suffix.length - a.suffix.length);
// Longest suffix first, so mxbiz1.qq.com (Exmail) beats a shorter qq.com rule.
mxSuffixes.sort((a, b) => b.suffix.length - a.suffix.length);

/** The provider serving email `domain` (case-insensitive, trailing dot ignored), if bundled. */
export function providerByDomain(domain: string): KnownProvider | undefined {
  return byDomain.get(domain.trim().toLowerCase().replace(/\.$/, ''));
}

/**
 * The provider hosting every subdomain of a suffix `domain` is under (contoso.onmicrosoft.com →
 * Microsoft 365), with the suffix that matched; the suffix itself is not an address domain.
 */
export function providerByWildcard(domain: string): { provider: KnownProvider; suffix: string } | undefined {
  const name = domain.trim().toLowerCase().replace(/\.$/, '');
  const hit = wildcardSuffixes.find(({ suffix }) => name.endsWith(`.${suffix}`));
  return hit && { provider: hit.provider, suffix: hit.suffix };
}

/** The provider by key, display name or alias ("gmail", "Google Mail", "QQ邮箱"). */
export function providerByName(name: string): KnownProvider | undefined {
  return byName.get(aliasKey(name));
}

/** The provider whose MX hosts end with a known suffix (e.g. aspmx.l.google.com → Gmail). */
export function providerByMxHost(mxHost: string): KnownProvider | undefined {
  const host = mxHost.trim().toLowerCase().replace(/\.$/, '');
  return mxSuffixes.find(({ suffix }) => host === suffix || host.endsWith(`.${suffix}`))?.provider;
}

/** Every bundled provider (for tests and `--help`). */
export function allProviders(): readonly KnownProvider[] {
  return Object.entries(PROVIDERS).map(([key, entry]) => ({ key, ...entry }));
}

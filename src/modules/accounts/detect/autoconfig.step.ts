import type { HttpGet } from './http.get.js';
import { parseIspdbXml } from './ispdb.parser.js';
import type { ServerSet } from './server.types.js';

/**
 * The domain's own autoconfig documents, in Thunderbird's order: the `autoconfig.` subdomain, then
 * the `.well-known` path on the domain itself. `emailaddress` lets a provider tailor the answer.
 */
export function defaultAutoconfigUrls(domain: string, address: string): string[] {
  const query = `?emailaddress=${encodeURIComponent(address)}`;
  return [
    `https://autoconfig.${domain}/mail/config-v1.1.xml${query}`,
    `https://${domain}/.well-known/autoconfig/mail/config-v1.1.xml${query}`,
  ];
}

/** Tries each URL in turn; the first that yields a usable ISPDB-format document wins. */
export async function fetchAutoconfig(urls: readonly string[], get: HttpGet, signal: AbortSignal): Promise<ServerSet | undefined> {
  for (const url of urls) {
    if (signal.aborted) return undefined;
    try {
      const text = await get(url, signal);
      const set = text === undefined ? undefined : parseIspdbXml(text);
      if (set) return set;
    } catch (error) {
      // An unreachable or forbidden first URL must not hide the second one; abort ends the loop.
      if (signal.aborted) throw error;
    }
  }
  return undefined;
}

/** The ISPDB entry for `domain` under `baseUrl` (e.g. https://autoconfig.thunderbird.net/v1.1/163.com). */
export function fetchIspdb(baseUrl: string, domain: string, get: HttpGet, signal: AbortSignal): Promise<ServerSet | undefined> {
  const base = baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
  return fetchAutoconfig([`${base}${encodeURIComponent(domain)}`], get, signal);
}

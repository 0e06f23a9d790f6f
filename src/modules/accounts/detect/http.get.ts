import { guardedHttpRequest } from '../../../platform/net/guarded.connector.js';
import type { HostGuardOptions } from '../../../platform/net/ssrf.guard.js';

/** Fetches a small text document; undefined for "not there" (404, wrong type, too big). Throws on network failure. */
export type HttpGet = (url: string, signal: AbortSignal) => Promise<string | undefined>;

const MAX_BYTES = 256 * 1024;
const MAX_REDIRECTS = 3;

/**
 * The default {@link HttpGet}: every URL (including each redirect target) goes through the guarded
 * connector (resolved once, checked, connected to the checked address); redirects are followed by
 * hand (at most 3) so a public autoconfig host cannot bounce us to 169.254.169.254, and bodies
 * over 256 KiB are refused.
 */
export function guardedHttpGet(guard: HostGuardOptions): HttpGet {
  return async (start, signal) => {
    let url = new URL(start);
    for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
      if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
      // Resolved once, checked, and connected to that address (no second lookup to rebind).
      const response = await guardedHttpRequest(url, {
        guard,
        setting: `autoconfig URL ${url.origin}`,
        signal,
        headers: { accept: 'application/xml, text/xml' },
        maxBytes: MAX_BYTES,
      });
      const location = response.headers.location;
      if (response.status >= 300 && response.status < 400 && location) {
        url = new URL(location, url);
        continue;
      }
      if (response.status !== 200) return undefined;
      return response.body;
    }
    return undefined;
  };
}

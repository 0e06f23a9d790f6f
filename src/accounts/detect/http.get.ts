import { assertHostAllowed, type HostGuardOptions } from '../ssrf.guard.js';

/** Fetches a small text document; undefined for "not there" (404, wrong type, too big). Throws on network failure. */
export type HttpGet = (url: string, signal: AbortSignal) => Promise<string | undefined>;

const MAX_BYTES = 256 * 1024;
const MAX_REDIRECTS = 3;

/**
 * The default {@link HttpGet}: plain `fetch`, but every URL (including each redirect target) passes
 * the SSRF guard first, redirects are followed by hand (at most 3) so a public autoconfig host cannot
 * bounce us to 169.254.169.254, and bodies over 256 KiB are refused.
 */
export function guardedHttpGet(guard: HostGuardOptions): HttpGet {
  return async (start, signal) => {
    let url = new URL(start);
    for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
      if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
      await assertHostAllowed(url.hostname, guard, `autoconfig URL ${url.origin}`);
      const response = await fetch(url, { redirect: 'manual', signal, headers: { accept: 'application/xml, text/xml' } });
      const location = response.headers.get('location');
      if (response.status >= 300 && response.status < 400 && location) {
        await response.body?.cancel();
        url = new URL(location, url);
        continue;
      }
      if (response.status !== 200) {
        await response.body?.cancel();
        return undefined;
      }
      const declared = Number(response.headers.get('content-length') ?? '0');
      if (declared > MAX_BYTES) {
        await response.body?.cancel();
        return undefined;
      }
      const text = await response.text();
      return text.length > MAX_BYTES ? undefined : text;
    }
    return undefined;
  };
}

import { z } from 'zod';
import { parseAllowList } from '../../platform/net/ssrf.guard.js';
import type { SettingsOf } from '../../platform/config/index.js';

/**
 * Environment variables read by src/accounts, merged into the one config schema (src/config).
 */
export const accountsEnv = {
  /**
   * Comma-separated host names, IP addresses or CIDRs that may be contacted although they resolve
   * to private/loopback/link-local ranges (on-premises mail servers, Proton Bridge, tests), e.g.
   * `mail.corp.local,10.0.0.0/8,127.0.0.1/8,::1`.
   */
  TIDINGS_ALLOW_PRIVATE_HOSTS: z
    .string()
    .default('')
    .transform((value, ctx) => {
      const parsed = parseAllowList(value);
      if (parsed.invalid.length > 0) {
        ctx.addIssue({
          code: 'custom',
          message: `expected comma-separated host names, IPs or CIDRs (bad: ${parsed.invalid.join(', ')})`,
        });
        return z.NEVER;
      }
      return value;
    }),
  /** Base URL of the Thunderbird ISPDB used by autodetection (a mirror may be configured). */
  TIDINGS_ISPDB_URL: z
    .url({ message: 'expected the base URL of an ISPDB, e.g. https://autoconfig.thunderbird.net/v1.1/' })
    .default('https://autoconfig.thunderbird.net/v1.1/'),
  /** Per-step timeout of the network autodetection steps, in milliseconds. */
  TIDINGS_AUTODETECT_TIMEOUT_MS: z
    .string()
    .default('4000')
    .transform((value, ctx) => {
      const ms = /^\d{1,6}$/.test(value) ? Number(value) : Number.NaN;
      if (!(ms >= 100 && ms <= 60_000)) {
        ctx.addIssue({ code: 'custom', message: 'expected milliseconds from 100 to 60000' });
        return z.NEVER;
      }
      return ms;
    }),
};

/** The settings the accounts module reads, parsed. */
export type AccountsConfig = SettingsOf<typeof accountsEnv>;

import { z } from 'zod';

/**
 * Environment variables read by the HTTP layer (src/http), merged into the one config schema (config.ts).
 * Here, not in src/http, because the app's config schema cannot import the layer above it.
 */
export const apiEnv = {
  /**
   * Whether to believe X-Forwarded-For / X-Forwarded-Proto. Behind a load balancer this must be
   * set, or every client shares the balancer's address for sign-in rate limiting and cookies are
   * never marked Secure. `true` trusts any hop; a number trusts that many hops; otherwise a
   * comma-separated list of proxy addresses or CIDRs.
   */
  TIDINGS_TRUST_PROXY: z
    .string()
    .optional()
    .transform((value, ctx): boolean | number | string => {
      const v = value?.trim() ?? '';
      if (v === '' || v === 'false') return false;
      if (v === 'true') return true;
      if (/^\d{1,2}$/.test(v)) return Number(v);
      if (/^[0-9a-fA-F.:/,\s]+$/.test(v)) return v;
      ctx.addIssue({ code: 'custom', message: 'expected true, false, a hop count, or proxy addresses/CIDRs separated by commas' });
      return z.NEVER;
    }),
};

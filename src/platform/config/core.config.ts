import { z } from 'zod';
import { isTimeZone } from '../clock/index.js';
import type { SettingsOf } from './settings.js';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** A `DATABASE_URL`: a postgres URL, or a SQLite file given as `sqlite:<path>`, `file:<path>` or a path. */
export type DatabaseTarget =
  | { readonly kind: 'sqlite'; readonly path: string }
  | { readonly kind: 'postgres'; readonly url: string };

/** Parses a DATABASE_URL value into a target, or undefined when it is neither form. */
export function parseDatabaseUrl(value: string): DatabaseTarget | undefined {
  if (/^postgres(ql)?:\/\//.test(value)) {
    try {
      const url = new URL(value);
      return url.hostname || url.searchParams.get('host') ? { kind: 'postgres', url: value } : undefined;
    } catch {
      return undefined;
    }
  }
  const path = value.replace(/^(sqlite|file):(\/\/)?/, '');
  if (path === ':memory:') return { kind: 'sqlite', path };
  // Anything with a URL scheme that is not ours (mysql://, http://) is a mistake, not a file name.
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value) || path.trim() === '') return undefined;
  return { kind: 'sqlite', path };
}

/** Environment variables of the foundation. */
export const coreEnv = {
  DATABASE_URL: z
    .string()
    .optional()
    .transform((value, ctx): DatabaseTarget | undefined => {
      if (value === undefined || value === '') return undefined;
      const target = parseDatabaseUrl(value);
      if (!target) {
        ctx.addIssue({
          code: 'custom',
          message: 'expected postgres://user@host:port/db, or a SQLite file as sqlite:./data/tidings.db',
        });
        return z.NEVER;
      }
      return target;
    }),
  REDIS_URL: z
    .string()
    .optional()
    .transform((value, ctx) => {
      if (value === undefined || value === '') return undefined;
      if (!/^rediss?:\/\/[^/]+/.test(value)) {
        ctx.addIssue({ code: 'custom', message: 'expected redis://host:port[/db] or rediss://…' });
        return z.NEVER;
      }
      return value;
    }),
  DATABASE_SCHEMA: z
    .string()
    .regex(/^[a-z_][a-z0-9_]*$/, { message: 'expected a PostgreSQL schema name: lower-case letters, digits and _' })
    .optional(),
  TIDINGS_DATA_DIR: z.string().min(1).default('./data'),
  TIDINGS_SECRET_KEY: z.string().optional(),
  TIDINGS_KEY_FILE: z.string().optional(),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z
    .string()
    .default('3000')
    .transform((value, ctx) => {
      const port = /^\d{1,5}$/.test(value) ? Number(value) : Number.NaN;
      if (!(port >= 0 && port <= 65535)) {
        ctx.addIssue({ code: 'custom', message: 'expected a TCP port number from 0 to 65535' });
        return z.NEVER;
      }
      return port;
    }),
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
  LOG_LEVEL: z.enum(LOG_LEVELS, { message: `expected one of ${LOG_LEVELS.join(', ')}` }).default('info'),
  TIDINGS_PUBLIC_URL: z
    .url({ message: 'expected the absolute URL people reach this service at, e.g. https://tidings.example.com' })
    .optional(),
  TIDINGS_DEFAULT_TIMEZONE: z
    .string()
    .default('Asia/Shanghai')
    .refine(isTimeZone, { message: 'expected an IANA time zone such as Asia/Shanghai or Europe/Berlin' }),
  TIDINGS_DEFAULT_REGION: z
    .string()
    .default('CN')
    .refine((v) => /^[A-Z]{2}$/.test(v), { message: 'expected a two-letter region code such as CN or US' }),
};

/** The foundation's settings: store, Redis, data dir, keys, listening address, defaults. */
export type CoreConfig = SettingsOf<typeof coreEnv>;

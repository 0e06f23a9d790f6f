import { createRequire } from 'node:module';
import { Kysely, PostgresDialect } from 'kysely';
import type pgModule from 'pg';

// pg is loaded when the first PostgreSQL store opens: the embedded default (SQLite) never needs it.
const require = createRequire(import.meta.url);
let loaded: typeof pgModule | undefined;
function pg(): typeof pgModule {
  if (loaded) return loaded;
  loaded = require('pg') as typeof pgModule;
  // int8 (bigint) and numeric counts arrive as strings by default; every bigint we store (epoch ms,
  // minor units, ids) stays far below 2^53, so a plain number is exact and matches SQLite.
  loaded.types.setTypeParser(loaded.types.builtins.INT8, (value) => {
    const n = Number(value);
    if (!Number.isSafeInteger(n)) throw new RangeError(`bigint ${value} exceeds the safe integer range`);
    return n;
  });
  return loaded;
}

/** Options for {@link connectPostgres}. */
export interface PostgresConnectOptions {
  readonly url: string;
  /** Schema to work in (tests use one per run); created if missing and put first on search_path. */
  readonly schema?: string | undefined;
  readonly maxConnections?: number;
}

/** Opens a pooled PostgreSQL connection. */
export function connectPostgres<DB>(options: PostgresConnectOptions): Kysely<DB> {
  const schema = options.schema;
  if (schema !== undefined && !/^[a-z_][a-z0-9_]*$/.test(schema)) {
    throw new RangeError(`schema name ${schema} must be lower-case letters, digits and _`);
  }
  const pool = new (pg().Pool)({
    connectionString: options.url,
    max: options.maxConnections ?? 10,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  });
  return new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
}

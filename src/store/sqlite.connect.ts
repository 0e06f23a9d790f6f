import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import type { DatabaseSchema } from './schema.js';
import { StatementCachingDatabase } from './sqlite.statement-cache.js';

/**
 * Opens a SQLite file in WAL mode. `busy_timeout` lets several processes (CLI next to `serve`)
 * share the file without SQLITE_BUSY on every overlapping write. Prepared statements are reused
 * by SQL text (see {@link StatementCachingDatabase}).
 */
export function connectSqlite(path: string): Kysely<DatabaseSchema> {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const database = new Database(path);
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = NORMAL');
  database.pragma('foreign_keys = ON');
  database.pragma('busy_timeout = 10000');
  return new Kysely<DatabaseSchema>({ dialect: new SqliteDialect({ database: new StatementCachingDatabase(database) }) });
}

import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { createPrivateFile, makePrivateDir, PRIVATE_FILE_MODE, tightenMode, type OnTightened } from '../config/index.js';
import { StatementCachingDatabase } from './sqlite.statement-cache.js';

/**
 * Opens a SQLite file in WAL mode. `busy_timeout` lets several processes (CLI next to `serve`)
 * share the file without SQLITE_BUSY on every overlapping write. Prepared statements are reused
 * by SQL text (see {@link StatementCachingDatabase}).
 *
 * The file holds customers, raw mail and sealed credentials, so it is private to its owner: a
 * missing directory is created 0700, a new database file 0600 before SQLite opens it (SQLite
 * gives its -wal and -shm files the database file's mode), and an existing file or -wal/-shm
 * that others can read is tightened to 0600, reported to `onTightened`.
 */
export function connectSqlite<DB>(path: string, onTightened?: OnTightened): Kysely<DB> {
  if (path !== ':memory:') {
    makePrivateDir(dirname(path));
    createPrivateFile(path);
    for (const file of [path, `${path}-wal`, `${path}-shm`]) tightenMode(file, PRIVATE_FILE_MODE, onTightened);
  }
  const database = new Database(path);
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = NORMAL');
  database.pragma('foreign_keys = ON');
  database.pragma('busy_timeout = 10000');
  return new Kysely<DB>({ dialect: new SqliteDialect({ database: new StatementCachingDatabase(database) }) });
}

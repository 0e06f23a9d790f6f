import type { Database, Statement } from 'better-sqlite3';
import type { SqliteDatabase, SqliteStatement } from 'kysely';

/** How many distinct SQL texts keep their prepared statement (the least recently used go first). */
export const DEFAULT_STATEMENT_CACHE_SIZE = 500;

/**
 * A better-sqlite3 database as Kysely's SQLite dialect sees it, whose `prepare` reuses the
 * statement prepared earlier for the same SQL text. Kysely prepares every query anew, and SQLite
 * parses and plans it each time; with the cache the hot statements of the send pipeline (a few
 * per message) are prepared once per process.
 *
 * Safe because Kysely runs every statement to completion (`all`/`run`) before the next one on the
 * single connection, and SQLite re-prepares a statement by itself after a schema change. A
 * statement still being iterated (`busy`, Kysely's `stream()`) is not handed out twice: that
 * caller gets a fresh, uncached one.
 */
export class StatementCachingDatabase implements SqliteDatabase {
  private readonly statements = new Map<string, Statement>();

  constructor(
    private readonly database: Database,
    private readonly maxSize = DEFAULT_STATEMENT_CACHE_SIZE,
  ) {}

  prepare(sql: string): SqliteStatement {
    const cached = this.statements.get(sql);
    if (cached) {
      if (cached.busy) return this.database.prepare(sql);
      // Re-inserted so Map order stays least-recently-used first.
      this.statements.delete(sql);
      this.statements.set(sql, cached);
      return cached;
    }
    const statement = this.database.prepare(sql);
    this.statements.set(sql, statement);
    if (this.statements.size > this.maxSize) {
      const oldest = this.statements.keys().next().value;
      if (oldest !== undefined) this.statements.delete(oldest);
    }
    return statement;
  }

  /** Distinct SQL texts currently cached (tests). */
  get size(): number {
    return this.statements.size;
  }

  close(): void {
    this.statements.clear();
    this.database.close();
  }
}

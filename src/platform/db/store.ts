import { sql, type Kysely } from 'kysely';
import type { DatabaseTarget, OnTightened } from '../config/index.js';
import { TidingsError } from '../errors/index.js';
import { type DialectName } from './dialect.js';
import type { TidingsMigration } from './migration.js';
import { applyMigrations, ensureSchema } from './migrator.js';
import { connectPostgres } from './postgres.connect.js';
import type { DatabaseSchema } from './schema.js';
import { connectSqlite } from './sqlite.connect.js';

/**
 * The record: one Kysely instance over SQLite or PostgreSQL, plus what it runs on. `DB` is the
 * tables the caller knows; by default every table the modules registered.
 */
export interface Store<DB = DatabaseSchema> {
  readonly db: Kysely<DB>;
  readonly dialect: DialectName;
  /** PostgreSQL schema the store lives in, when not the default. */
  readonly schema?: string | undefined;
  /** Answers true when a trivial query round-trips. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

/** Options for {@link openStore}. */
export interface OpenStoreOptions {
  readonly target: DatabaseTarget;
  /** Every migration of the program, in any order (the app collects them from the modules). */
  readonly migrations: readonly TidingsMigration[];
  /** PostgreSQL only: the schema to live in (tests use a fresh one per run). */
  readonly schema?: string | undefined;
  /** Apply pending migrations before returning (the default). */
  readonly migrate?: boolean;
  /** SQLite only: told when the database file's mode is tightened to 0600 (for the log). */
  readonly onTightened?: OnTightened | undefined;
}

/** Opens the store and, unless told otherwise, brings its schema up to date with `migrations`. */
export async function openStore<DB = DatabaseSchema>(options: OpenStoreOptions): Promise<Store<DB>> {
  const { target } = options;
  let db: Kysely<DB>;
  try {
    db =
      target.kind === 'postgres'
        ? connectPostgres<DB>({ url: target.url, schema: options.schema })
        : connectSqlite<DB>(target.path, options.onTightened);
  } catch (cause) {
    throw new TidingsError('STORE_UNAVAILABLE', `Cannot open the database: ${(cause as Error).message}`, { cause });
  }
  const store: Store<DB> = {
    db,
    dialect: target.kind,
    schema: target.kind === 'postgres' ? options.schema : undefined,
    async ping() {
      try {
        await sql`select 1`.execute(db);
        return true;
      } catch {
        return false;
      }
    },
    close: () => db.destroy(),
  };
  try {
    // Connect first, so an unreachable server reads as such and not as a failed migration.
    await sql`select 1`.execute(db);
  } catch (cause) {
    await db.destroy();
    throw new TidingsError(
      'STORE_UNAVAILABLE',
      `Cannot reach the ${target.kind} database: ${(cause as Error).message}. Check DATABASE_URL and that the server runs.`,
      { cause },
    );
  }
  try {
    // Migrating creates the schema too, under the same lock (many workers may start at once).
    if (options.migrate !== false) await migrateToLatest(store, options.migrations);
    else if (target.kind === 'postgres' && options.schema) await ensureSchema(db, options.schema);
  } catch (error) {
    await db.destroy();
    if (error instanceof TidingsError) throw error;
    throw new TidingsError('STORE_UNAVAILABLE', `Cannot reach the database: ${(error as Error).message}`, {
      cause: error,
    });
  }
  return store;
}

/** Applies every pending one of `migrations`; throws `STORE_MIGRATION_FAILED` naming the one that failed. */
export async function migrateToLatest(store: Store<any>, migrations: readonly TidingsMigration[]): Promise<string[]> {
  try {
    return await applyMigrations(store.db, { dialect: store.dialect, schema: store.schema, migrations });
  } catch (error) {
    if (error instanceof TidingsError) throw error;
    throw new TidingsError('STORE_MIGRATION_FAILED', `Migrations could not run: ${(error as Error).message}`, {
      cause: error,
      context: { migration: undefined },
    });
  }
}

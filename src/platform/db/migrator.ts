import { sql, type Kysely } from 'kysely';
import { systemClock, type Clock } from '../clock/index.js';
import { TidingsError } from '../errors/index.js';
import type { DialectName } from './dialect.js';
import type { TidingsMigration } from './migration.js';

/**
 * Bookkeeping table, named and shaped as Kysely's Migrator made it, so databases it migrated
 * carry on: one row per applied migration, `timestamp` an ISO string.
 */
const MIGRATION_TABLE = 'kysely_migration';

/**
 * The advisory lock key Kysely's Migrator takes on PostgreSQL. Sharing it keeps a Tidings still
 * on Kysely's Migrator (a rolling upgrade) and this runner from migrating at the same time.
 */
const PG_MIGRATION_LOCK = BigInt('3853314791062309107');

/** Where to migrate: the engine, and on PostgreSQL the schema (else the search_path's first). */
export interface ApplyMigrationsOptions {
  readonly dialect: DialectName;
  readonly schema?: string | undefined;
  /** Every migration the program knows (the app collects them from the modules). */
  readonly migrations: readonly TidingsMigration[];
  /** Stamps each applied migration. */
  readonly clock?: Clock;
}

/**
 * Applies every pending migration in name order, in one transaction, and returns their names.
 * A pending one may sort before applied ones: modules add migrations in parallel branches.
 * On PostgreSQL the transaction first takes an advisory lock, so any number of processes may
 * start at once: one creates the schema and migrates, the others wait and find nothing to do.
 *
 * Kysely's Migrator is not used: before its lock it introspects every table of every schema
 * (`has_schema_privilege(nspname, …)`), which throws `schema "…" does not exist` whenever any
 * other schema of the database is dropped at that moment.
 */
export async function applyMigrations(db: Kysely<any>, options: ApplyMigrationsOptions): Promise<string[]> {
  const { dialect, schema, migrations, clock = systemClock } = options;
  const table = sql.table(schema ? `${schema}.${MIGRATION_TABLE}` : MIGRATION_TABLE);
  const pending = [...migrations].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (let i = 1; i < pending.length; i++) {
    if (pending[i]?.name === pending[i - 1]?.name) throw new Error(`duplicate migration name ${pending[i]?.name}`);
  }
  return db.transaction().execute(async (trx) => {
    await lockAndCreateSchema(trx, dialect, schema);
    await sql`create table if not exists ${table} (name varchar(255) not null primary key, "timestamp" varchar(255) not null)`.execute(trx);
    const { rows } = await sql<{ name: string }>`select name from ${table}`.execute(trx);
    const done = new Set(rows.map((r) => r.name));
    const known = new Set(migrations.map((m) => m.name));
    const unknown = [...done].filter((name) => !known.has(name));
    if (unknown.length > 0) {
      throw new TidingsError('STORE_MIGRATION_FAILED', `The database has migrations this version does not know: ${unknown.join(', ')}`, {
        context: { migration: unknown[0] },
      });
    }
    const applied: string[] = [];
    for (const migration of pending) {
      if (done.has(migration.name)) continue;
      try {
        await migration.up(trx, dialect);
      } catch (cause) {
        throw new TidingsError('STORE_MIGRATION_FAILED', `Migration ${migration.name} failed: ${(cause as Error).message}`, {
          cause,
          context: { migration: migration.name },
        });
      }
      await sql`insert into ${table} (name, "timestamp") values (${migration.name}, ${clock.date().toISOString()})`.execute(trx);
      applied.push(migration.name);
    }
    return applied;
  });
}

/** Creates the PostgreSQL schema if missing, under the migration lock (for stores opened unmigrated). */
export async function ensureSchema(db: Kysely<any>, schema: string): Promise<void> {
  await db.transaction().execute((trx) => lockAndCreateSchema(trx, 'postgres', schema));
}

// A transaction-level lock: released by commit or rollback, whatever happens to the process.
// Concurrent `create schema if not exists` can still fail on pg_namespace's unique index; under
// the lock the second one sees the first one's schema.
async function lockAndCreateSchema(trx: Kysely<any>, dialect: DialectName, schema: string | undefined): Promise<void> {
  if (dialect !== 'postgres') return;
  await sql`select pg_advisory_xact_lock(${sql.lit(PG_MIGRATION_LOCK)})`.execute(trx);
  if (schema) await sql`create schema if not exists ${sql.id(schema)}`.execute(trx);
}

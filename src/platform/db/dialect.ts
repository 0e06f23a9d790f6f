import { PostgresAdapter, sql, type ColumnDefinitionBuilder, type CreateTableBuilder, type Kysely } from 'kysely';
import { systemClock } from '../clock/index.js';

/** The two SQL engines the store runs on. */
export type DialectName = 'sqlite' | 'postgres';

/** Which engine a Kysely instance talks to. */
export function dialectOf(db: Kysely<any>): DialectName {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}

/**
 * Adds an auto-generated integer primary key `id`: SQLite's rowid alias, PostgreSQL's identity
 * column. Both hand back the id through `returning('id')`.
 */
export function withId<T extends string>(
  table: CreateTableBuilder<T, never>,
  dialect: DialectName,
): CreateTableBuilder<T, 'id'> {
  return dialect === 'postgres'
    ? table.addColumn('id', 'bigint', (c) => c.primaryKey().generatedByDefaultAsIdentity())
    : table.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());
}

/**
 * Column type for 64-bit integers (epoch milliseconds, money in minor units, counters). PostgreSQL's
 * `bigint` comes back as a JS number thanks to the type parser set in `postgres.connect.ts`.
 */
export const BIGINT = 'bigint' as const;

/** Shorthand for a NOT NULL column. */
export const notNull = (c: ColumnDefinitionBuilder): ColumnDefinitionBuilder => c.notNull();

/** The current time in epoch milliseconds, the store's one time representation (always UTC). */
export const nowMs = (): number => systemClock.now();

/** `count(*)` as a number on both engines. */
export const countAll = sql<number>`count(*)`;

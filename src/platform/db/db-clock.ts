import { sql, type Kysely, type RawBuilder } from 'kysely';
import { dialectOf } from './dialect.js';

/**
 * The database server's current time in epoch milliseconds, as an SQL expression for either
 * engine. Leases and staleness are decided with it, not with the worker's Clock: a time
 * one machine wrote is only comparable with another machine's "now" when both come from the
 * same clock, and the store is the one clock every worker shares.
 *
 * PostgreSQL: `statement_timestamp()` (one value per statement, like SQLite's 'now', and
 * stable, so an index on the compared column stays usable). SQLite: `julianday('now')`, which
 * carries milliseconds on every SQLite version, rounded to whole ms.
 */
export function dbNowMs(db: Kysely<any>): RawBuilder<number> {
  return dialectOf(db) === 'postgres'
    ? sql<number>`(extract(epoch from statement_timestamp()) * 1000)::bigint`
    : sql<number>`cast(round((julianday('now') - 2440587.5) * 86400000) as integer)`;
}

/** Reads the database clock once (epoch ms): diagnostics and tests. */
export async function readDbNowMs(db: Kysely<any>): Promise<number> {
  const { rows } = await sql<{ now: number | string }>`select ${dbNowMs(db)} as now`.execute(db);
  return Number(rows[0]?.now);
}

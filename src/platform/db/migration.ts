import type { Kysely } from 'kysely';
import type { DialectName } from './dialect.js';

/**
 * One schema change that runs on SQLite and PostgreSQL alike. `dialect` lets the few engine
 * differences (identity columns, partial indexes) be spelled out where they matter.
 */
export interface TidingsMigration {
  /** Globally sorted name, `<4-digit prefix>_<what>`; never renamed once landed. */
  readonly name: string;
  up(db: Kysely<any>, dialect: DialectName): Promise<void>;
}

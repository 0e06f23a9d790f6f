import type { TidingsMigration } from '../store/migration.js';

/**
 * Migrations owned by src/accounts. Names sort globally: use the prefix given to this module in
 * src/store/migrations.ts, e.g. "0100_…". Never edit a migration that has landed; add a new one.
 */
export const accountsMigrations: readonly TidingsMigration[] = [];

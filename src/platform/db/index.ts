export * from './core.tables.js';
export { BIGINT, countAll, dialectOf, nowMs, withId, type DialectName } from './dialect.js';
export { dbNowMs, readDbNowMs } from './db-clock.js';
export type { TidingsMigration } from './migration.js';
export { applyMigrations, ensureSchema, type ApplyMigrationsOptions } from './migrator.js';
export type { CoreTables, DatabaseSchema } from './schema.js';
export { migrateToLatest, openStore, type OpenStoreOptions, type Store } from './store.js';
export { isUniqueViolation, orConflict } from './unique-violation.js';

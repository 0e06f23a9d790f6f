/** Public surface of the users module: accounts that sign in, sessions, API tokens, permissions. */
// What the app's registries collect from this module (error codes, migrations, tables, settings).
export { apiErrors } from './users.errors.js';
export { apiMigrations } from './users.migrations.js';
export type { ApiTables } from './users.tables.js';

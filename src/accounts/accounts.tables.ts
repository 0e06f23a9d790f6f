/**
 * Row types of the tables src/accounts adds in its own migrations (see accounts.migrations.ts), merged into
 * the store's DatabaseSchema. Follow the conventions in src/store/core.tables.ts.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface AccountsTables {}

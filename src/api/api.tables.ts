/**
 * Row types of the tables src/api adds in its own migrations (see api.migrations.ts), merged into
 * the store's DatabaseSchema. Follow the conventions in src/store/core.tables.ts.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface ApiTables {}

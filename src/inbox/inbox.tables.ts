/**
 * Row types of the tables src/inbox adds in its own migrations (see inbox.migrations.ts), merged into
 * the store's DatabaseSchema. Follow the conventions in src/store/core.tables.ts.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface InboxTables {}

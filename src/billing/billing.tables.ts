/**
 * Row types of the tables src/billing adds in its own migrations (see billing.migrations.ts), merged into
 * the store's DatabaseSchema. Follow the conventions in src/store/core.tables.ts.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface BillingTables {}

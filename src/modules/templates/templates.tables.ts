/**
 * Row types of the tables src/templates adds in its own migrations (see templates.migrations.ts), merged into
 * the store's DatabaseSchema. Follow the conventions in src/store/core.tables.ts.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface TemplatesTables {}

declare module '../../platform/db/schema.js' {
  // Registers this module's tables in the store's schema (see DatabaseSchema).
  interface DatabaseSchema extends TemplatesTables {}
}

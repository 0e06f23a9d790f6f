import type { Generated } from 'kysely';

/**
 * One language variant of a template version (migration 0310). A version's own subject/body
 * columns keep its default variant, so readers that know nothing of languages still see the
 * default content; this table lists every variant, the default one included (`is_default` = 1).
 * Written with its version and never changed.
 */
export interface TemplateVariantsTable {
  id: Generated<number>;
  version_id: number;
  /** Canonical BCP 47 tag, unique per version: `zh-CN`, `en`, `en-GB`. */
  language: string;
  /** Order of the editor's tabs. */
  position: number;
  is_default: number;
  subject: string | null;
  body: string;
  text_body: string | null;
}

/**
 * Row types of the tables src/templates adds in its own migrations (see templates.migrations.ts), merged into
 * the store's DatabaseSchema. Follow the conventions in src/store/core.tables.ts.
 */
export interface TemplatesTables {
  template_variants: TemplateVariantsTable;
}

declare module '../../platform/db/schema.js' {
  // Registers this module's tables in the store's schema (see DatabaseSchema).
  interface DatabaseSchema extends TemplatesTables {}
}

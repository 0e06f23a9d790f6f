import { sql, type Kysely } from 'kysely';
import { BIGINT, withId, type DialectName, type TidingsMigration } from '../../platform/db/index.js';
import { inferLanguage } from './template-variants.js';

/**
 * A template version never changes once written: a running campaign points at its version id and
 * must send exactly what was previewed. The repository has no update path; this trigger makes the
 * database refuse one too (a stray UPDATE from a script or a future bug fails loudly).
 */
const immutableVersions: TidingsMigration = {
  name: '0300_template_versions_immutable',
  async up(db: Kysely<any>, dialect: DialectName) {
    if (dialect === 'postgres') {
      await sql`create or replace function template_versions_immutable() returns trigger language plpgsql as $$
        begin
          raise exception 'template versions are immutable (id %)', old.id;
        end
      $$`.execute(db);
      await sql`create trigger template_versions_no_update before update on template_versions
        for each row execute function template_versions_immutable()`.execute(db);
    } else {
      await sql`create trigger template_versions_no_update before update on template_versions
        begin
          select raise(abort, 'template versions are immutable');
        end`.execute(db);
    }
    await db.schema.createIndex('templates_builtin').on('templates').column('builtin').execute();
  },
};

/**
 * Language variants (see templates.tables.ts). Every existing version gets its one variant, in
 * the language its content is written in (Chinese characters → zh-CN, a built-in's key suffix,
 * else en), marked default; the versions themselves are not touched (they are immutable).
 */
export const templateVariants: TidingsMigration = {
  name: '0310_template_variants',
  async up(db: Kysely<any>, dialect: DialectName) {
    await withId(db.schema.createTable('template_variants'), dialect)
      .addColumn('version_id', BIGINT, (c) => c.notNull().references('template_versions.id').onDelete('cascade'))
      .addColumn('language', 'text', (c) => c.notNull())
      .addColumn('position', 'integer', (c) => c.notNull())
      .addColumn('is_default', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('subject', 'text')
      .addColumn('body', 'text', (c) => c.notNull())
      .addColumn('text_body', 'text')
      .addUniqueConstraint('template_variants_unique', ['version_id', 'language'])
      .execute();
    const rows = (await db
      .selectFrom('template_versions as v')
      .innerJoin('templates as t', 't.id', 'v.template_id')
      .select(['v.id', 'v.subject', 'v.body', 'v.text_body', 't.builtin'])
      .execute()) as { id: number; subject: string | null; body: string; text_body: string | null; builtin: string | null }[];
    for (let i = 0; i < rows.length; i += 200) {
      const values = rows.slice(i, i + 200).map((r) => ({
        version_id: r.id,
        language: inferLanguage(`${r.subject ?? ''}${r.body}`, r.builtin),
        position: 0,
        is_default: 1,
        subject: r.subject,
        body: r.body,
        text_body: r.text_body,
      }));
      await db.insertInto('template_variants').values(values).execute();
    }
  },
};

/** Migrations owned by src/templates (prefix 0300). Never edit one that has landed; add a new one. */
export const templatesMigrations: readonly TidingsMigration[] = [immutableVersions, templateVariants];

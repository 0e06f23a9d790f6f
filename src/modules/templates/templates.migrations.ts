import { sql, type Kysely } from 'kysely';
import type { DialectName, TidingsMigration } from '../../platform/db/index.js';

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

/** Migrations owned by src/templates (prefix 0300). Never edit one that has landed; add a new one. */
export const templatesMigrations: readonly TidingsMigration[] = [immutableVersions];

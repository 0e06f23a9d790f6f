import type { Kysely } from 'kysely';
import type { DatabaseSchema } from '../../../platform/db/index.js';

/** Marks a template as holding a one-off written now, so the marketers' template list leaves it out. */
export async function markOneoffTemplate(db: Kysely<DatabaseSchema>, templateId: number): Promise<void> {
  await db.insertInto('oneoff_templates').values({ template_id: templateId }).onConflict((oc) => oc.column('template_id').doNothing()).execute();
}

/** The ids of templates made for one-offs (see {@link markOneoffTemplate}). */
export async function oneoffTemplateIds(db: Kysely<DatabaseSchema>): Promise<Set<number>> {
  const rows = await db.selectFrom('oneoff_templates').select('template_id').execute();
  return new Set(rows.map((r) => Number(r.template_id)));
}

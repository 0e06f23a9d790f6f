import { BIGINT } from '../../../platform/db/dialect.js';
import type { ExpressionBuilder, Kysely } from 'kysely';
import type { TidingsMigration } from '../../../platform/db/migration.js';

/**
 * One-offs (a sales rep's personal letters) as the rep and the customer see them:
 *  - `outbox.subject`: the subject as the customer received it (merged), written for one-offs so
 *    the customer's timeline shows "王芳，年末问候" rather than the template's `{{…}}` source;
 *  - `campaigns.in_reply_to` / `references_header`: a reply written from the inbox threads under
 *    the customer's message (In-Reply-To / References headers);
 *  - `oneoff_templates`: templates created to hold what a rep wrote now, kept out of the
 *    marketers' template list.
 */
export const oneoffMigration: TidingsMigration = {
  name: '0460_oneoff_marks',
  async up(db) {
    await db.schema.alterTable('outbox').addColumn('subject', 'text').execute();
    await db.schema.alterTable('campaigns').addColumn('in_reply_to', 'text').execute();
    await db.schema.alterTable('campaigns').addColumn('references_header', 'text').execute();
    await db.schema
      .createTable('oneoff_templates')
      .addColumn('template_id', BIGINT, (c) => c.primaryKey().references('templates.id').onDelete('cascade'))
      .execute();
    await markEarlierOneoffTemplates(db);
  },
};

/**
 * One-offs written before migration 0460: marks the templates made for them (named "one-off …"
 * by the one-off service) that only one-off campaigns use, so they leave the marketers' list too.
 */
export async function markEarlierOneoffTemplates(db: Kysely<any>): Promise<void> {
  const usedBy = (kind: 'oneoff' | 'other') => (eb: ExpressionBuilder<any, any>) =>
    eb.exists(
      eb
        .selectFrom('template_versions as v')
        .innerJoin('campaigns as c', 'c.template_version_id', 'v.id')
        .select('v.id')
        .whereRef('v.template_id', '=', 't.id')
        .where('c.kind', kind === 'oneoff' ? '=' : '<>', 'oneoff'),
    );
  await db
    .insertInto('oneoff_templates')
    .columns(['template_id'])
    .expression(
      db
        .selectFrom('templates as t')
        .select('t.id')
        .where('t.name', 'like', 'one-off %')
        .where(usedBy('oneoff'))
        .where((eb) => eb.not(usedBy('other')(eb)))
        .where((eb) => eb.not(eb.exists(eb.selectFrom('oneoff_templates as o').select('o.template_id').whereRef('o.template_id', '=', 't.id')))),
    )
    .execute();
}

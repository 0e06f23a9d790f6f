import { BIGINT } from '../../../platform/db/dialect.js';
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
  },
};

import type { Kysely } from 'kysely';
import type { DatabaseSchema } from '../../platform/db/index.js';
import type { OutboxTable } from './send.tables.js';
import type { OutboxRow } from './ports.js';

/** Which of a campaign's messages {@link outboxPage} returns. */
export interface OutboxPageQuery {
  readonly state?: OutboxTable['state'] | undefined;
  readonly limit: number;
  /** Only messages with a greater id (the last id of the previous page). */
  readonly after?: number | undefined;
}

/** A page of a campaign's messages (outbox rows) in id order. */
export async function outboxPage(db: Kysely<DatabaseSchema>, campaignId: number, query: OutboxPageQuery): Promise<OutboxRow[]> {
  let select = db.selectFrom('outbox').selectAll().where('campaign_id', '=', campaignId).orderBy('id').limit(query.limit);
  if (query.state) select = select.where('state', '=', query.state);
  if (query.after !== undefined) select = select.where('id', '>', query.after);
  return select.execute();
}

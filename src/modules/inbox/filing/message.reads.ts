import type { Kysely, Selectable } from 'kysely';
import type { DatabaseSchema } from '../../../platform/db/index.js';

type Db = Kysely<DatabaseSchema>;

/** One received message as stored, raw source included; undefined when there is no such id. */
export async function getInboxMessage(db: Db, id: number): Promise<Selectable<DatabaseSchema['inbox_messages']> | undefined> {
  return db.selectFrom('inbox_messages').selectAll().where('id', '=', id).executeTakeFirst();
}

/**
 * `items` without those whose received message (by inbox message id) was fetched from one of
 * `mailboxIds`; items without a message id are kept. Lists are read unscoped, then the mailbox
 * policy of the accounts module (which mailboxes a caller may not read) is applied with this.
 */
export async function withoutMailFrom<T>(db: Db, mailboxIds: ReadonlySet<number>, items: readonly T[], messageId: (item: T) => number | undefined): Promise<T[]> {
  if (mailboxIds.size === 0) return [...items];
  const ids = items.map(messageId).filter((id): id is number => id !== undefined);
  if (ids.length === 0) return [...items];
  const rows = await db.selectFrom('inbox_messages').select(['id', 'account_id']).where('id', 'in', ids).execute();
  const blocked = new Set(rows.filter((r) => r.account_id !== null && mailboxIds.has(Number(r.account_id))).map((r) => Number(r.id)));
  return items.filter((item) => {
    const id = messageId(item);
    return id === undefined || !blocked.has(id);
  });
}

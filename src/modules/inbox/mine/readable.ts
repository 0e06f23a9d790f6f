import type { Kysely, Selectable } from 'kysely';
import { unreadableMailboxes, type MailboxActor } from '../../accounts/index.js';
import { scopedCustomer } from '../../customers/index.js';
import { TidingsError } from '../../../platform/errors/index.js';
import type { DatabaseSchema } from '../../../platform/db/index.js';
import { getInboxMessage } from '../filing/message.reads.js';

/** Who reads a received message: their mailbox rights, and whose customers' mail they see. */
export interface InboxReader {
  readonly actor: MailboxActor;
  /** Set for a reader who sees only mail filed under their own customers (`inbox:own`): their user name. */
  readonly ownCustomersOf?: string | undefined;
}

/**
 * THE read check for one received message, used by the message page, reply and forward alike:
 * mail fetched from someone else's personal mailbox, and (for a reader limited to their own
 * customers) mail not filed under one of them, answers NOT_FOUND like a missing message, so an
 * id tells nothing about what exists.
 */
export async function readableInboxMessage(db: Kysely<DatabaseSchema>, id: number, reader: InboxReader): Promise<Selectable<DatabaseSchema['inbox_messages']>> {
  const missing = () => new TidingsError('NOT_FOUND', `No inbox message ${id}.`, { context: { id } });
  const row = await getInboxMessage(db, id);
  if (!row) throw missing();
  if (row.account_id !== null && (await unreadableMailboxes(db, reader.actor)).has(Number(row.account_id))) throw missing();
  if (reader.ownCustomersOf !== undefined) {
    if (row.customer_id === null) throw missing();
    await scopedCustomer(db, Number(row.customer_id), reader.ownCustomersOf).catch(() => {
      throw missing();
    });
  }
  return row;
}

import type { Kysely } from 'kysely';
import { type MailboxActor, mayOnMailbox } from '../../modules/accounts/index.js';
import type { DatabaseSchema } from '../../platform/db/index.js';
import type { AuthUser } from '../../modules/users/index.js';

type Db = Kysely<DatabaseSchema>;

/** The caller as the mailbox policy (src/accounts) sees them. */
export const mailboxActor = (user: AuthUser): MailboxActor => ({ id: user.id, role: user.role, mailAccountId: user.mailAccountId });

/** Ids of the personal mailboxes whose fetched mail `user` may not read (someone else's). */
export async function unreadableMailboxes(db: Db, user: AuthUser): Promise<ReadonlySet<number>> {
  const actor = mailboxActor(user);
  const personal = await db.selectFrom('mail_accounts').select(['id', 'name', 'owner_user_id']).where('owner_user_id', 'is not', null).execute();
  return new Set(
    personal
      .map((m) => ({ id: Number(m.id), name: m.name, ownerUserId: Number(m.owner_user_id) }))
      .filter((m) => !mayOnMailbox(actor, m, 'read'))
      .map((m) => m.id),
  );
}

/**
 * Drops the received messages (by inbox message id) that came from a mailbox `user` may not
 * read: a person's mailbox is read by that person and admins only. Lists come from src/inbox
 * unscoped; this is the mailbox policy applied to them.
 */
export async function withoutUnreadableMail<T>(db: Db, user: AuthUser, items: readonly T[], messageId: (item: T) => number | undefined): Promise<T[]> {
  const hidden = await unreadableMailboxes(db, user);
  if (hidden.size === 0) return [...items];
  const ids = items.map(messageId).filter((id): id is number => id !== undefined);
  if (ids.length === 0) return [...items];
  const rows = await db.selectFrom('inbox_messages').select(['id', 'account_id']).where('id', 'in', ids).execute();
  const blocked = new Set(rows.filter((r) => r.account_id !== null && hidden.has(Number(r.account_id))).map((r) => Number(r.id)));
  return items.filter((item) => {
    const id = messageId(item);
    return id === undefined || !blocked.has(id);
  });
}

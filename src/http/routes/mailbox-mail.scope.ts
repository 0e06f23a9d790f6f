import { unreadableMailboxes as hiddenFrom, type MailboxActor } from '../../modules/accounts/index.js';
import { withoutMailFrom } from '../../modules/inbox/index.js';
import type { Store } from '../../platform/db/index.js';
import { mailboxActorOf } from '../../app/mailbox-actor.js';
import type { AuthUser } from '../../modules/users/index.js';

type Db = Store['db'];

/** The caller as the mailbox policy (src/modules/accounts) sees them. */
export const mailboxActor = (user: AuthUser): MailboxActor => mailboxActorOf(user);

/** Ids of the personal mailboxes whose fetched mail `user` may not read (someone else's). */
export function unreadableMailboxes(db: Db, user: AuthUser): Promise<ReadonlySet<number>> {
  return hiddenFrom(db, mailboxActor(user));
}

/**
 * Drops the received messages (by inbox message id) that came from a mailbox `user` may not
 * read: a person's mailbox is read by that person and admins only.
 */
export async function withoutUnreadableMail<T>(db: Db, user: AuthUser, items: readonly T[], messageId: (item: T) => number | undefined): Promise<T[]> {
  return withoutMailFrom(db, await unreadableMailboxes(db, user), items, messageId);
}

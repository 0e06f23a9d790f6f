import type { MailboxActor } from '../modules/accounts/index.js';
import type { AuthUser } from '../modules/users/index.js';

/** A signed-in user as the mailbox policy (src/modules/accounts) sees them. */
export const mailboxActorOf = (user: Pick<AuthUser, 'id' | 'role' | 'mailAccountId'>): MailboxActor => ({ id: user.id, role: user.role, mailAccountId: user.mailAccountId });

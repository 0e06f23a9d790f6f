import { TidingsError } from '../../platform/errors/index.js';

/**
 * Who is acting on a mailbox. `role` is the user's role name; `id` null is the system (the CLI run
 * by whoever holds the server's keys), which acts as an admin. `mailAccountId` is the sending
 * account an admin linked to the user (users.mail_account_id), if any.
 */
export interface MailboxActor {
  readonly id: number | null;
  readonly role: string;
  readonly mailAccountId?: number | null;
}

/** The CLI and other operator paths: full rights, no user behind them. */
export const SYSTEM_ACTOR: MailboxActor = { id: null, role: 'admin' };

/**
 * What is done to a mailbox: `see` its settings (passwords masked), `read` the mail filed from
 * it, `change` (edit, verify, delete, make default) or `send` from it.
 */
export type MailboxAction = 'see' | 'read' | 'change' | 'send';

/** The ownership facts of a mailbox the rules need. */
export interface OwnedMailbox {
  readonly id: number;
  readonly name: string;
  /** Null: shared. */
  readonly ownerUserId: number | null;
}

const isAdmin = (actor: MailboxActor): boolean => actor.role === 'admin';

/**
 * The ownership rules, in one place:
 * - admins may do anything to any mailbox;
 * - a person's mailbox may be seen, changed, verified, deleted and sent from by that person
 *   (and admins) only; others with `accounts:read` see it listed, secrets masked, but sales reps
 *   see only their own;
 * - the mail fetched from a person's mailbox is read by that person (and admins) only; the mail
 *   of a shared mailbox by whoever the inbox's own scope allows;
 * - shared mailboxes are managed and sent from by marketers; a sales rep may send from the shared
 *   mailbox an admin linked to them, and do nothing else with it.
 */
export function mayOnMailbox(actor: MailboxActor, mailbox: OwnedMailbox, action: MailboxAction): boolean {
  if (isAdmin(actor)) return true;
  if (mailbox.ownerUserId !== null && actor.id !== null && mailbox.ownerUserId === actor.id) return true;
  if (action === 'read') return mailbox.ownerUserId === null;
  const linked = mailbox.ownerUserId === null && actor.mailAccountId === mailbox.id;
  if (action === 'see') return actor.role !== 'sales' || linked;
  if (mailbox.ownerUserId !== null) return false;
  return actor.role === 'marketer' || (action === 'send' && linked);
}

const VERB: Record<MailboxAction, string> = { see: 'open', read: 'read the mail of', change: 'change, verify or delete', send: 'send from' };

/** Throws AUTH_FORBIDDEN (403) unless {@link mayOnMailbox} allows it, saying whose mailbox it is. */
export function assertMayOnMailbox(actor: MailboxActor, mailbox: OwnedMailbox, action: MailboxAction): void {
  if (mayOnMailbox(actor, mailbox, action)) return;
  const whose =
    mailbox.ownerUserId !== null
      ? 'it is the personal mailbox of another user; only that user and an admin may'
      : 'it is a shared mailbox, which marketers and admins manage';
  throw new TidingsError('AUTH_FORBIDDEN', `You may not ${VERB[action]} mail account "${mailbox.name}": ${whose} ${VERB[action]} it.`, {
    context: { account: mailbox.id, action },
  });
}

/**
 * The owner a new mailbox gets: a sales rep's is theirs; a marketer's is shared; an admin (or the
 * system) chooses (`requested`, default shared). Anyone else asking for an owner is refused.
 */
export function ownerForNewMailbox(actor: MailboxActor, requested: number | null | undefined): number | null {
  if (isAdmin(actor)) return requested ?? null;
  if (actor.role === 'sales') {
    if (actor.id === null) throw new TidingsError('AUTH_FORBIDDEN', 'A personal mailbox needs a signed-in user.');
    if (requested !== undefined && requested !== actor.id) {
      throw new TidingsError('AUTH_FORBIDDEN', 'You can add a mailbox only for yourself; leave ownerUserId out.', { context: { action: 'create' } });
    }
    return actor.id;
  }
  if (actor.role === 'marketer') {
    if (requested !== undefined && requested !== null) {
      throw new TidingsError('AUTH_FORBIDDEN', 'Only an admin can give a mailbox to a person; leave ownerUserId out to add a shared mailbox.', {
        context: { action: 'create' },
      });
    }
    return null;
  }
  throw new TidingsError('AUTH_FORBIDDEN', 'Your role cannot add mail accounts.', { context: { action: 'create' } });
}

/** Only admins assign or transfer a mailbox. */
export function assertMayAssignOwner(actor: MailboxActor): void {
  if (!isAdmin(actor)) {
    throw new TidingsError('AUTH_FORBIDDEN', 'Only an admin can assign or transfer a mailbox to a person or make it shared.', { context: { action: 'assign' } });
  }
}

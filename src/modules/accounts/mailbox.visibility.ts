import type { Kysely } from 'kysely';
import type { DatabaseSchema } from '../../platform/db/index.js';
import { mayOnMailbox, type MailboxActor, type OwnedMailbox } from './mailbox.policy.js';

type Db = Kysely<DatabaseSchema>;

const owned = (m: { id: number | bigint; name: string; owner_user_id: number | bigint | null }): OwnedMailbox => ({
  id: Number(m.id),
  name: m.name,
  ownerUserId: m.owner_user_id === null ? null : Number(m.owner_user_id),
});

/**
 * Ids of the personal mailboxes whose fetched mail `actor` may not read (someone else's): a
 * person's mailbox is read by that person and admins only.
 */
export async function unreadableMailboxes(db: Db, actor: MailboxActor): Promise<ReadonlySet<number>> {
  const personal = await db.selectFrom('mail_accounts').select(['id', 'name', 'owner_user_id']).where('owner_user_id', 'is not', null).execute();
  return new Set(personal.map(owned).filter((m) => !mayOnMailbox(actor, m, 'read')).map((m) => m.id));
}

/** The first mailbox `actor` may send from, the default one first, then by id; undefined when none. */
export async function firstSendableMailbox(db: Db, actor: MailboxActor): Promise<number | undefined> {
  const candidates = await db.selectFrom('mail_accounts').select(['id', 'name', 'owner_user_id']).orderBy('is_default', 'desc').orderBy('id').execute();
  return candidates.map(owned).find((m) => mayOnMailbox(actor, m, 'send'))?.id;
}

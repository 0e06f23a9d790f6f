import type { Kysely } from 'kysely';
import { unreadableMailboxes, type MailboxActor } from '../../accounts/index.js';
import type { DatabaseSchema } from '../../../platform/db/index.js';
import { systemClock, type Clock } from '../../../platform/clock/index.js';

/** What came back to one person's letters, as "My inbox" lists it. */
export interface MyInboxEntry {
  readonly id: number;
  readonly kind: 'reply' | 'bounce' | 'auto-reply';
  readonly from: string | null;
  readonly fromName: string | null;
  readonly subject: string | null;
  readonly date: number;
  readonly customerId: number | null;
  readonly customerName: string | null;
  readonly campaignId: number | null;
  /** For a bounce: the server's reason. */
  readonly bounceReason: string | null;
  readonly read: boolean;
  /** The text body's first 160 characters. */
  readonly preview: string | null;
}

/** Whose inbox: the person's id (read state), user name (their one-offs and their customers) and mailbox rights. */
export interface MyInboxOwner {
  readonly userId: number;
  readonly username: string;
  /** Mail fetched from someone else's personal mailbox is left out (see readableInboxMessage). */
  readonly actor: MailboxActor;
}

const KINDS = ['reply', 'bounce', 'auto-reply'] as const;

/**
 * Replies, bounces and auto-replies to what a person sent — their one-offs, and any mail to the
 * customers they own — newest first, each marked read or unread for that person.
 */
export async function myInbox(db: Kysely<DatabaseSchema>, owner: MyInboxOwner, limit = 200): Promise<MyInboxEntry[]> {
  const rows = await (await mine(db, owner))
    .leftJoin('inbox_reads as r', (join) => join.onRef('r.message_id', '=', 'm.id').on('r.user_id', '=', owner.userId))
    .select([
      'm.id',
      'm.kind',
      'm.from_address',
      'm.from_name',
      'm.subject',
      'm.date_at',
      'm.customer_id',
      'm.campaign_id',
      'm.bounce_status',
      'm.bounce_diagnostic',
      'm.text',
      'k.display_name',
      'r.read_at',
    ])
    .orderBy('m.date_at', 'desc')
    .orderBy('m.id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: Number(r.id),
    kind: r.kind as MyInboxEntry['kind'],
    from: r.from_address,
    fromName: r.from_name,
    subject: r.subject,
    date: Number(r.date_at),
    customerId: r.customer_id === null ? null : Number(r.customer_id),
    customerName: r.display_name ?? null,
    campaignId: r.campaign_id === null ? null : Number(r.campaign_id),
    bounceReason: r.kind === 'bounce' ? `${r.bounce_status ?? ''} ${r.bounce_diagnostic ?? ''}`.trim() || null : null,
    read: r.read_at !== null,
    preview: r.text ? r.text.replace(/\s+/g, ' ').trim().slice(0, 160) : null,
  }));
}

/** How many replies in a person's inbox they have not read yet (bounces and auto-replies left out), counted in the query. */
export async function countMyUnreadReplies(db: Kysely<DatabaseSchema>, owner: MyInboxOwner): Promise<number> {
  const row = await (await mine(db, owner))
    .leftJoin('inbox_reads as r', (join) => join.onRef('r.message_id', '=', 'm.id').on('r.user_id', '=', owner.userId))
    .where('m.kind', '=', 'reply')
    .where('r.read_at', 'is', null)
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * What came back to one person's letters — their one-offs, and mail filed under the customers they
 * own — without mail fetched from someone else's personal mailbox (left out in the query, before
 * any limit, so it never crowds readable mail out).
 */
async function mine(db: Kysely<DatabaseSchema>, owner: MyInboxOwner) {
  const hidden = [...(await unreadableMailboxes(db, owner.actor))];
  return db
    .selectFrom('inbox_messages as m')
    .leftJoin('campaigns as c', 'c.id', 'm.campaign_id')
    .leftJoin('customers as k', 'k.id', 'm.customer_id')
    .where('m.kind', 'in', [...KINDS])
    .where((eb) => eb.or([eb.and([eb('c.kind', '=', 'oneoff'), eb('c.created_by', '=', owner.username)]), eb('k.owner', '=', owner.username)]))
    .$if(hidden.length > 0, (q) => q.where((eb) => eb.or([eb('m.account_id', 'is', null), eb('m.account_id', 'not in', hidden)])));
}

/** Marks a message read for one person (idempotent: the first reading time is kept). */
export async function markRead(db: Kysely<DatabaseSchema>, messageId: number, userId: number, clock: Clock = systemClock): Promise<void> {
  await db
    .insertInto('inbox_reads')
    .values({ message_id: messageId, user_id: userId, read_at: clock.now() })
    .onConflict((oc) => oc.columns(['message_id', 'user_id']).doNothing())
    .execute();
}

/** Whether a person has read a message. */
export async function isRead(db: Kysely<DatabaseSchema>, messageId: number, userId: number): Promise<boolean> {
  const row = await db.selectFrom('inbox_reads').select('read_at').where('message_id', '=', messageId).where('user_id', '=', userId).executeTakeFirst();
  return row !== undefined;
}

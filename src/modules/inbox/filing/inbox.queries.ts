import { unreadableMailboxes, type MailboxActor } from '../../accounts/index.js';
import type { Kysely } from 'kysely';
import { TidingsError } from '../../../platform/errors/index.js';
import type { DatabaseSchema } from '../../../platform/db/index.js';

/** An unfiled message as shown for a person to assign. */
export interface UnfiledMessage {
  readonly id: number;
  readonly kind: string;
  readonly from: string | null;
  readonly subject: string | null;
  readonly date: number;
  /** Customers sharing the sender's address (empty when nobody matched). */
  readonly candidates: readonly number[];
  /** A bounce or unsubscribe that proved nothing: no suppression until a person confirms it. */
  readonly unverified: boolean;
}

/** Messages no rule could file, newest first. */
export async function listUnfiled(db: Kysely<DatabaseSchema>, limit = 200): Promise<UnfiledMessage[]> {
  const rows = await db
    .selectFrom('inbox_messages')
    .select(['id', 'kind', 'from_address', 'subject', 'date_at', 'candidates', 'verification'])
    .where('customer_id', 'is', null)
    .orderBy('date_at', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: Number(r.id),
    kind: r.kind,
    from: r.from_address,
    subject: r.subject,
    date: Number(r.date_at),
    candidates: r.candidates ? (JSON.parse(r.candidates) as number[]) : [],
    unverified: r.verification === 'unverified',
  }));
}

/** How many received messages wait to be filed under a customer, leaving out mail from personal mailboxes `actor` may not read. */
export async function countUnfiled(db: Kysely<DatabaseSchema>, actor: MailboxActor): Promise<number> {
  const hidden = [...(await unreadableMailboxes(db, actor))];
  const row = await db
    .selectFrom('inbox_messages')
    .where('customer_id', 'is', null)
    .$if(hidden.length > 0, (q) => q.where((eb) => eb.or([eb('account_id', 'is', null), eb('account_id', 'not in', hidden)])))
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Files a message to a customer by hand (`filed_by = manual`). Throws NOT_FOUND for either id. */
export async function assignMessage(db: Kysely<DatabaseSchema>, messageId: number, customerId: number): Promise<void> {
  const customer = await db.selectFrom('customers').select('id').where('id', '=', customerId).executeTakeFirst();
  if (!customer) throw new TidingsError('NOT_FOUND', `customer ${customerId} does not exist`);
  const result = await db
    .updateTable('inbox_messages')
    .set({ customer_id: customerId, filed_by: 'manual', candidates: null })
    .where('id', '=', messageId)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) throw new TidingsError('NOT_FOUND', `inbox message ${messageId} does not exist`);
}

/** Replies (kind `reply`) per campaign, for campaign statistics. */
export async function replyCounts(db: Kysely<DatabaseSchema>, campaignIds?: readonly number[]): Promise<Map<number, number>> {
  let query = db
    .selectFrom('inbox_messages')
    .select(['campaign_id', (eb) => eb.fn.countAll<number>().as('replies')])
    .where('kind', '=', 'reply')
    .where('campaign_id', 'is not', null)
    .groupBy('campaign_id');
  if (campaignIds) {
    if (campaignIds.length === 0) return new Map();
    query = query.where('campaign_id', 'in', [...campaignIds]);
  }
  const rows = await query.execute();
  return new Map(rows.map((r) => [Number(r.campaign_id), Number(r.replies)]));
}

/** One entry of a customer's mail history. */
export interface TimelineEntry {
  /** `out`: a message we sent (outbox row); `in`: a message received (inbox_messages row). */
  readonly direction: 'out' | 'in';
  readonly id: number;
  /** Epoch ms: sent_at (or created_at) for sent, the Date header for received. */
  readonly at: number;
  readonly channel: 'email' | 'sms';
  /** Our campaign it belongs to or answers. */
  readonly campaignId: number | null;
  readonly subject: string | null;
  /** The customer's address involved (to for sent, from for received). */
  readonly address: string | null;
  /** Sent: the outbox state (`forwarded`: a received message forwarded to a colleague); received: the kind (reply, bounce, auto-reply…). */
  readonly status: string;
  /** Received: the text body's first 200 characters. */
  readonly preview: string | null;
  /**
   * Sent: what became of it — `pending` (not yet sent), `sent`, `bounced` (a proven bounce came
   * back), `failed`, `suppressed`, `cancelled`, or `replied` (the customer answered it). Null for received.
   */
  readonly outcome: 'pending' | 'sent' | 'bounced' | 'failed' | 'suppressed' | 'cancelled' | 'replied' | null;
  /** Sent: why it bounced, failed or was suppressed (the server's or the suppression's words). */
  readonly outcomeDetail: string | null;
}

/** The outcome of a sent row (see TimelineEntry.outcome). */
function outcomeOf(state: string, errorCode: string | null, replied: boolean): NonNullable<TimelineEntry['outcome']> {
  if (errorCode === 'SEND_BOUNCED') return 'bounced';
  if (replied && state === 'sent') return 'replied';
  if (state === 'sent' || state === 'failed' || state === 'suppressed' || state === 'cancelled') return state;
  return state === 'unknown' ? 'failed' : 'pending';
}

/** What we sent a customer and what came back, oldest first. */
export async function customerTimeline(db: Kysely<DatabaseSchema>, customerId: number): Promise<TimelineEntry[]> {
  const sent = await db
    .selectFrom('outbox')
    .leftJoin('campaigns', 'campaigns.id', 'outbox.campaign_id')
    .leftJoin('template_versions', 'template_versions.id', 'campaigns.template_version_id')
    .select([
      'outbox.id',
      'outbox.channel',
      'outbox.address',
      'outbox.state',
      'outbox.campaign_id',
      'outbox.sent_at',
      'outbox.created_at',
      'template_versions.subject',
      'outbox.subject as sent_subject',
      'outbox.error_code',
      'outbox.error_text',
    ])
    .where('outbox.customer_id', '=', customerId)
    .execute();
  const received = await db
    .selectFrom('inbox_messages')
    .select(['id', 'date_at', 'campaign_id', 'subject', 'from_address', 'kind', 'text', 'outbox_id'])
    .where('customer_id', '=', customerId)
    .execute();
  // Messages forwarded to colleagues go out outside the send pipeline: their own table records them.
  const forwarded = await db
    .selectFrom('inbox_forwards')
    .select(['id', 'sent_at', 'subject', 'to_addresses'])
    .where('customer_id', '=', customerId)
    .execute();
  const answered = new Set(received.filter((r) => r.kind === 'reply' && r.outbox_id !== null).map((r) => Number(r.outbox_id)));
  const entries: TimelineEntry[] = [
    ...sent.map((r) => ({
      direction: 'out' as const,
      id: Number(r.id),
      at: Number(r.sent_at ?? r.created_at),
      channel: r.channel,
      campaignId: Number(r.campaign_id),
      // As the customer received it (merged, stored for one-offs), else the template's subject.
      subject: r.sent_subject ?? r.subject ?? null,
      address: r.address,
      status: r.error_code === 'SEND_BOUNCED' ? 'bounced' : r.state,
      preview: null,
      outcome: outcomeOf(r.state, r.error_code, answered.has(Number(r.id))),
      outcomeDetail: r.state === 'failed' || r.state === 'suppressed' || r.state === 'unknown' ? r.error_text : null,
    })),
    ...forwarded.map((r) => ({
      direction: 'out' as const,
      id: Number(r.id),
      at: Number(r.sent_at),
      channel: 'email' as const,
      campaignId: null,
      subject: r.subject,
      address: (JSON.parse(r.to_addresses) as string[]).join(', '),
      status: 'forwarded',
      preview: null,
      outcome: 'sent' as const,
      outcomeDetail: null,
    })),
    ...received.map((r) => ({
      direction: 'in' as const,
      id: Number(r.id),
      at: Number(r.date_at),
      channel: 'email' as const,
      campaignId: r.campaign_id === null ? null : Number(r.campaign_id),
      subject: r.subject,
      address: r.from_address,
      status: r.kind,
      preview: r.text ? r.text.replace(/\s+/g, ' ').trim().slice(0, 200) : null,
      outcome: null,
      outcomeDetail: null,
    })),
  ];
  return entries.sort((a, b) => a.at - b.at || (a.direction === b.direction ? a.id - b.id : a.direction === 'out' ? -1 : 1));
}

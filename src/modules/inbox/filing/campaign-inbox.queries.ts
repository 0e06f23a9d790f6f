import type { ExpressionBuilder, Kysely } from 'kysely';
import type { DatabaseSchema } from '../../../platform/db/index.js';

/** What came back to one campaign, counted by kind. */
export interface CampaignInboxCounts {
  readonly campaignId: number;
  readonly name: string;
  readonly channel: 'email' | 'sms';
  readonly replies: number;
  readonly bounces: number;
  readonly autoReplies: number;
  readonly unsubscribes: number;
  /** Bounces and unsubscribes that proved nothing and wait for a person; not in the two counts above. */
  readonly unverified: number;
  /** Epoch ms of the newest message filed to the campaign. */
  readonly lastAt: number;
}

type Kind = DatabaseSchema['inbox_messages']['kind'];

type Eb = ExpressionBuilder<DatabaseSchema, 'inbox_messages' | 'campaigns'>;

/** Unverified mail is counted apart: a forged bounce must not look like one of the campaign's bounces. */
const verified = (eb: Eb) => eb.or([eb('inbox_messages.verification', 'is', null), eb('inbox_messages.verification', '!=', 'unverified')]);

/** SUM(CASE WHEN kind = … (and not unverified) THEN 1 ELSE 0 END): one pass counts every kind. */
const countOf = (eb: Eb, kind: Kind) =>
  eb.fn.sum<number | string>(eb.case().when(eb.and([eb('inbox_messages.kind', '=', kind), verified(eb)])).then(1).else(0).end());

const countUnverified = (eb: Eb) =>
  eb.fn.sum<number | string>(eb.case().when('inbox_messages.verification', '=', 'unverified').then(1).else(0).end());

/**
 * Replies, bounces, auto-replies and unsubscribe mails per campaign, the campaign with the
 * newest answer first. Counted in SQL so a campaign with 10,000 bounces costs one row.
 */
export async function campaignInboxCounts(db: Kysely<DatabaseSchema>, limit = 200): Promise<CampaignInboxCounts[]> {
  const rows = await db
    .selectFrom('inbox_messages')
    .innerJoin('campaigns', 'campaigns.id', 'inbox_messages.campaign_id')
    .select([
      'inbox_messages.campaign_id',
      'campaigns.name',
      'campaigns.channel',
      (eb) => countOf(eb, 'reply').as('replies'),
      (eb) => countOf(eb, 'bounce').as('bounces'),
      (eb) => countOf(eb, 'auto-reply').as('auto_replies'),
      (eb) => countOf(eb, 'unsubscribe').as('unsubscribes'),
      (eb) => countUnverified(eb).as('unverified'),
      (eb) => eb.fn.max('inbox_messages.date_at').as('last_at'),
    ])
    .groupBy(['inbox_messages.campaign_id', 'campaigns.name', 'campaigns.channel'])
    .orderBy('last_at', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    campaignId: Number(r.campaign_id),
    name: r.name,
    channel: r.channel,
    replies: Number(r.replies),
    bounces: Number(r.bounces),
    autoReplies: Number(r.auto_replies),
    unsubscribes: Number(r.unsubscribes),
    unverified: Number(r.unverified),
    lastAt: Number(r.last_at),
  }));
}

/** One received message in a list (no body). */
export interface InboxListEntry {
  readonly id: number;
  readonly kind: string;
  readonly from: string | null;
  readonly subject: string | null;
  readonly date: number;
  readonly customerId: number | null;
  /** The customer's display name, when filed. */
  readonly customerName: string | null;
  readonly campaignId: number | null;
  readonly bounceType: 'hard' | 'soft' | null;
  readonly bounceRecipient: string | null;
  /** A bounce or unsubscribe that proved nothing: no suppression until a person confirms it. */
  readonly unverified: boolean;
}

/** Messages filed to one campaign, optionally of one kind, newest first. */
export async function campaignMessages(
  db: Kysely<DatabaseSchema>,
  campaignId: number,
  options: { kind?: Kind; limit?: number } = {},
): Promise<InboxListEntry[]> {
  let query = db
    .selectFrom('inbox_messages')
    .leftJoin('customers', 'customers.id', 'inbox_messages.customer_id')
    .select([
      'inbox_messages.id',
      'inbox_messages.kind',
      'inbox_messages.from_address',
      'inbox_messages.subject',
      'inbox_messages.date_at',
      'inbox_messages.customer_id',
      'customers.display_name as customer_name',
      'inbox_messages.campaign_id',
      'inbox_messages.bounce_type',
      'inbox_messages.bounce_recipient',
      'inbox_messages.verification',
    ])
    .where('inbox_messages.campaign_id', '=', campaignId);
  if (options.kind) query = query.where('inbox_messages.kind', '=', options.kind);
  const rows = await query
    .orderBy('inbox_messages.date_at', 'desc')
    .orderBy('inbox_messages.id', 'desc')
    .limit(options.limit ?? 200)
    .execute();
  return rows.map((r) => ({
    id: Number(r.id),
    kind: r.kind,
    from: r.from_address,
    subject: r.subject,
    date: Number(r.date_at),
    customerId: r.customer_id === null ? null : Number(r.customer_id),
    customerName: r.customer_name ?? null,
    campaignId: r.campaign_id === null ? null : Number(r.campaign_id),
    bounceType: r.bounce_type,
    bounceRecipient: r.bounce_recipient,
    unverified: r.verification === 'unverified',
  }));
}

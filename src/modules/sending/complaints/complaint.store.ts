import type { Kysely } from 'kysely';
import type { DatabaseSchema } from '../../../platform/db/index.js';
import { systemClock, type Clock } from '../../../platform/clock/index.js';
import { sendingDb } from '../sending.db.js';

/** A spam report about one message, as the inbox read it. */
export interface ComplaintInput {
  readonly outboxId: number;
  /** The report's Feedback-Type (`abuse` when it named none). */
  readonly feedbackType: string;
  readonly userAgent?: string | null | undefined;
  /** When the reported message arrived at the recipient's provider (epoch ms), if the report says. */
  readonly arrivedAt?: number | null | undefined;
  /** The inbox message that carried the report. */
  readonly inboxMessageId?: number | null | undefined;
}

/** What {@link recordComplaint} stored, or found stored already. */
export interface RecordedComplaint {
  readonly outboxId: number;
  readonly campaignId: number;
  readonly mailAccountId: number | null;
  readonly customerId: number;
  readonly address: string;
  /** False when this message had been reported before: nothing was counted twice. */
  readonly isNew: boolean;
}

/**
 * Records that the recipient of outbox row `outboxId` reported it as spam, with the campaign and
 * the sending mailbox it counts against (taken from the row and its campaign, not from the
 * report, which anyone could write). Once per message: a report read again, or a second report
 * about the same message, is not counted again. Undefined when the row no longer exists.
 */
export async function recordComplaint(store: Kysely<DatabaseSchema>, input: ComplaintInput, clock: Clock = systemClock): Promise<RecordedComplaint | undefined> {
  const db = sendingDb(store);
  const row = await db
    .selectFrom('outbox')
    .innerJoin('campaigns', 'campaigns.id', 'outbox.campaign_id')
    .select(['outbox.id', 'outbox.campaign_id', 'outbox.customer_id', 'outbox.address', 'campaigns.mail_account_id'])
    .where('outbox.id', '=', input.outboxId)
    .executeTakeFirst();
  if (!row) return undefined;
  const inserted = await db
    .insertInto('send_complaints')
    .values({
      outbox_id: Number(row.id),
      campaign_id: Number(row.campaign_id),
      mail_account_id: row.mail_account_id === null ? null : Number(row.mail_account_id),
      customer_id: Number(row.customer_id),
      address: row.address.toLowerCase(),
      feedback_type: input.feedbackType.slice(0, 100) || 'abuse',
      user_agent: input.userAgent?.slice(0, 200) ?? null,
      arrived_at: input.arrivedAt ?? null,
      inbox_message_id: input.inboxMessageId ?? null,
      created_at: clock.now(),
    })
    .onConflict((oc) => oc.column('outbox_id').doNothing())
    .executeTakeFirst();
  return {
    outboxId: Number(row.id),
    campaignId: Number(row.campaign_id),
    mailAccountId: row.mail_account_id === null ? null : Number(row.mail_account_id),
    customerId: Number(row.customer_id),
    address: row.address.toLowerCase(),
    isNew: Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0,
  };
}

/** Complaints against messages delivered (accepted by the receiving server). */
export interface ComplaintCounts {
  readonly complaints: number;
  readonly delivered: number;
}

/** The complaints and delivered email messages of one campaign. */
export async function campaignComplaintCounts(store: Kysely<DatabaseSchema>, campaignId: number): Promise<ComplaintCounts> {
  const db = sendingDb(store);
  const [complaints, delivered] = await Promise.all([
    db.selectFrom('send_complaints').select((eb) => eb.fn.countAll<number>().as('n')).where('campaign_id', '=', campaignId).executeTakeFirst(),
    db
      .selectFrom('outbox')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('campaign_id', '=', campaignId)
      .where('channel', '=', 'email')
      .where('state', '=', 'sent')
      .executeTakeFirst(),
  ]);
  return { complaints: Number(complaints?.n ?? 0), delivered: Number(delivered?.n ?? 0) };
}

/** The complaints and delivered email messages of every campaign sent from one mailbox, over all time. */
export async function accountComplaintCounts(store: Kysely<DatabaseSchema>, mailAccountId: number): Promise<ComplaintCounts> {
  const db = sendingDb(store);
  const [complaints, delivered] = await Promise.all([
    db.selectFrom('send_complaints').select((eb) => eb.fn.countAll<number>().as('n')).where('mail_account_id', '=', mailAccountId).executeTakeFirst(),
    db
      .selectFrom('outbox')
      .innerJoin('campaigns', 'campaigns.id', 'outbox.campaign_id')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('campaigns.mail_account_id', '=', mailAccountId)
      .where('outbox.channel', '=', 'email')
      .where('outbox.state', '=', 'sent')
      .executeTakeFirst(),
  ]);
  return { complaints: Number(complaints?.n ?? 0), delivered: Number(delivered?.n ?? 0) };
}

/**
 * Running campaigns with a complaint recorded since they last changed status (started or
 * resumed): the only ones whose rate can newly pass a bound. A campaign a person resumed after a
 * complaint pause is not paused again for the same complaints, only when another one arrives.
 */
export async function runningCampaignsWithComplaints(store: Kysely<DatabaseSchema>): Promise<number[]> {
  const rows = await sendingDb(store)
    .selectFrom('send_complaints')
    .innerJoin('campaigns', 'campaigns.id', 'send_complaints.campaign_id')
    .select('send_complaints.campaign_id')
    .distinct()
    .where('campaigns.status', '=', 'running')
    .whereRef('send_complaints.created_at', '>', 'campaigns.updated_at')
    .execute();
  return rows.map((r) => Number(r.campaign_id));
}

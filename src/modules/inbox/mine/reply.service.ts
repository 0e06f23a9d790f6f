import type { MailboxActor } from '../../accounts/index.js';
import { sendOneoff, type CampaignService, type SkippedRecipient } from '../../sending/index.js';
import { TidingsError } from '../../../platform/errors/index.js';
import type { Clock } from '../../../platform/clock/index.js';
import { readableInboxMessage } from './readable.js';
import { replySubject, replyThread } from './reply.thread.js';

/** An answer written in the inbox to a received message. */
export interface ReplyRequest {
  readonly messageId: number;
  readonly text: string;
  /** Default: "Re: " + the message's subject (reply) or "Fwd: " + it (forward). */
  readonly subject?: string | undefined;
  /** `forward`: send the message, quoted, to `forwardTo` (one of the writer's customers) instead. */
  readonly mode?: 'reply' | 'forward' | undefined;
  readonly forwardTo?: number | undefined;
  /** Set for a writer who may write only to their own customers (a sales rep): their user name. */
  readonly ownCustomersOf?: string | undefined;
  /** Set for a writer who reads only mail filed under their own customers (`inbox:own`): their user name. */
  readonly readsOwnCustomersOf?: string | undefined;
  readonly createdBy: string;
}

/** What a reply became: a one-off to the customer, threaded under their message. */
export interface ReplyResult {
  readonly campaignId: number;
  readonly customerId: number;
  readonly subject: string;
  readonly inReplyTo: string | null;
  readonly skipped: readonly SkippedRecipient[];
}

/**
 * Answers (or forwards) a received message from the writer's own mailbox. It is sent as a one-off
 * to the customer the message is filed under — the same pipeline, suppression list and Sent-folder
 * copy as any letter, and it lands on the customer's timeline — carrying In-Reply-To and
 * References so the customer's mail program threads it under their message.
 */
export async function replyToMessage(campaigns: CampaignService, actor: MailboxActor, request: ReplyRequest, clock?: Clock): Promise<ReplyResult> {
  const { db } = campaigns;
  const message = await readableInboxMessage(db, request.messageId, { actor, ownCustomersOf: request.readsOwnCustomersOf });
  const forward = request.mode === 'forward';
  const customerId = forward ? request.forwardTo : message.customer_id === null ? undefined : Number(message.customer_id);
  if (customerId === undefined) {
    throw new TidingsError(
      'VALIDATION_FAILED',
      forward ? 'Choose the customer to forward this message to.' : 'This message is not filed under a customer yet; file it first, then answer it.',
    );
  }
  const thread = forward ? undefined : replyThread(message);
  const subject = (request.subject ?? (forward ? `Fwd: ${message.subject ?? ''}`.trim() : replySubject(message.subject))).replace(/[\r\n]+/g, ' ');
  const text = forward ? `${request.text}\n\n---------- Forwarded message ----------\nFrom: ${message.from_address ?? ''}\nSubject: ${message.subject ?? ''}\n\n${message.text ?? ''}` : request.text;
  const { campaign, skipped } = await sendOneoff(
    campaigns,
    actor,
    {
      // Written text is merged like a template: braces a customer wrote must not be read as tags.
      message: { subject: escapeTags(subject), text: forward ? escapeTags(text) : text },
      customerIds: [customerId],
      ownCustomersOf: request.ownCustomersOf,
      mayChooseAccount: false,
      name: `${forward ? 'Forward' : 'Reply'} by ${request.createdBy}`,
      createdBy: request.createdBy,
      inReplyTo: thread?.inReplyTo,
      references: thread?.references,
    },
    clock,
  );
  return { campaignId: Number(campaign.id), customerId, subject, inReplyTo: thread?.inReplyTo ?? null, skipped };
}

/** Handlebars reads `{{`; text from a received message shows it as written. */
const escapeTags = (text: string): string => text.replace(/\{\{/g, '\\{{');

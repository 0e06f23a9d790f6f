import { randomBytes } from 'node:crypto';
import { systemClock, type Clock } from '../../platform/clock/index.js';
import type { Kysely } from 'kysely';
import { chooseSendingAccount, type AccountRef, type MailboxActor } from '../accounts/index.js';
import { customersNotOwnedBy } from '../customers/index.js';
import { TidingsError } from '../../platform/errors/index.js';
import type { DatabaseSchema } from '../../platform/db/index.js';
import { chooseTemplateVersion, TemplateRepository } from '../templates/index.js';
import type { CampaignProgress, CampaignService } from './campaign.service.js';
import type { Campaign } from './ports.js';
import { markOneoffTemplate } from './oneoff/oneoff-templates.js';
import { skippedRecipients, type SkippedRecipient } from './oneoff/skipped.js';

type Db = Kysely<DatabaseSchema>;

/** What to send: a saved email template (id or name, optionally a version number), or a subject and text written now. */
export type OneoffMessage =
  | { readonly template: number | string; readonly version?: number | undefined }
  | { readonly subject: string; readonly text: string };

/** A sales rep's "email these customers", from any entry point. */
export interface OneoffRequest {
  readonly message: OneoffMessage;
  readonly customerIds: readonly number[];
  /** The mailbox to write from (id or name); absent: the actor's own (linked) mailbox. Never the default account: a personal letter comes from the writer. */
  readonly account?: AccountRef | undefined;
  /** Set for a writer who may write only to their own customers (a sales rep): their user name. */
  readonly ownCustomersOf?: string | undefined;
  /** False for a writer who may send only from their own mailbox: a refusal then says so. Default true. */
  readonly mayChooseAccount?: boolean | undefined;
  readonly name?: string | undefined;
  readonly createdBy?: string | null | undefined;
  /** File a copy in the account's Sent folder (default on: a sales rep wants their letters there). */
  readonly copyToSent?: boolean | undefined;
  /** Count opens and clicks; off unless the sender asks (a personal letter is not a mailing). */
  readonly tracking?: boolean | undefined;
  /** A reply: the Message-ID of the customer's message it answers (sent as In-Reply-To). */
  readonly inReplyTo?: string | undefined;
  /** A reply: the References to send (the answered message's References plus its Message-ID). */
  readonly references?: string | undefined;
}

/** The one-off campaign created and started, with its progress (suppressed customers show as `suppressed`). */
export interface OneoffResult {
  readonly campaign: Campaign;
  readonly progress: CampaignProgress;
  /** Who was not written to and why (suppressed, no email address), in the order named. */
  readonly skipped: readonly SkippedRecipient[];
}

/**
 * Sends a one-off: a campaign of kind `oneoff`, created and started at once. The same outbox,
 * limits, suppression list and at-most-once guarantees as a bulk campaign, but no unsubscribe
 * headers or links — a personal letter, not a mailing. The rules, in the order a person fixes
 * them: someone to write to, a mailbox to write from, customers the writer may write to, then the
 * message (the template-version rule: NOT_FOUND, TEMPLATE_CHANNEL_MISMATCH).
 */
export async function sendOneoff(campaigns: CampaignService, actor: MailboxActor, request: OneoffRequest, clock: Clock = systemClock): Promise<OneoffResult> {
  const { db } = campaigns;
  const customerIds = [...new Set(request.customerIds)];
  if (customerIds.length === 0) throw new TidingsError('VALIDATION_FAILED', 'Name at least one customer to write to.');
  const mailAccountId = await oneoffAccount(db, actor, request);
  if (request.ownCustomersOf !== undefined) {
    const foreign = await customersNotOwnedBy(db, customerIds, request.ownCustomersOf);
    if (foreign.length > 0) {
      throw new TidingsError('AUTH_FORBIDDEN', `You can write only to your own customers; not yours (or not found): ${foreign.slice(0, 20).join(', ')}.`, {
        context: { permission: 'customers:read' },
      });
    }
  }
  const templateVersionId = await oneoffVersion(db, request.message, clock);
  const campaign = await campaigns.create({
    name: request.name ?? `one-off to ${customerIds.length} customer(s)`,
    kind: 'oneoff',
    mailAccountId,
    templateVersionId,
    audience: { customerIds },
    createdBy: request.createdBy ?? null,
    copyToSent: request.copyToSent,
    tracking: request.tracking === true,
  });
  if (request.inReplyTo !== undefined) {
    // Written before the start, so every message of this campaign carries the thread headers.
    await db
      .updateTable('campaigns')
      .set({ in_reply_to: request.inReplyTo, references_header: request.references ?? request.inReplyTo })
      .where('id', '=', campaign.id)
      .execute();
  }
  const progress = await campaigns.start(campaign.id);
  return { campaign, progress, skipped: await skippedRecipients(db, campaign.id, customerIds) };
}

/** The mailbox named, else the writer's own one; SEND_NO_ACCOUNT when there is neither. */
async function oneoffAccount(db: Db, actor: MailboxActor, request: OneoffRequest): Promise<number> {
  const named = request.account ?? actor.mailAccountId ?? undefined;
  if (named === undefined) {
    throw new TidingsError('SEND_NO_ACCOUNT', 'No mail account was named and you have none of your own: name one (CLI: --account; API: mailAccount), or ask an admin to set one on your user.');
  }
  try {
    return await chooseSendingAccount(db, { channel: 'email', actor, account: named });
  } catch (error) {
    if (request.account !== undefined && request.mayChooseAccount === false && error instanceof TidingsError && error.code === 'AUTH_FORBIDDEN') {
      throw new TidingsError('AUTH_FORBIDDEN', 'You can send one-off emails only from your own mail account; leave mailAccount out.', {
        context: { permission: 'campaigns:write' },
        cause: error,
      });
    }
    throw error;
  }
}

/** The version to send: a saved email template's, or a new one-version, non-marketing template holding what was written now. */
async function oneoffVersion(db: Db, message: OneoffMessage, clock: Clock): Promise<number> {
  if ('template' in message) return (await chooseTemplateVersion(db, message, 'email')).version.id;
  const { template, version } = await new TemplateRepository({ db }).create({
    name: `one-off ${clock.date().toISOString().slice(0, 16).replace('T', ' ')} ${randomBytes(3).toString('hex')}`,
    channel: 'email',
    version: { subject: message.subject, bodyFormat: 'text', body: message.text, isMarketing: false },
  });
  // Kept out of the marketers' template list: it holds one letter, not a reusable template.
  await markOneoffTemplate(db, Number(template.id));
  return version.id;
}

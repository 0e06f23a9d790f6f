import type { Kysely } from 'kysely';
import { chooseSendingAccount, type AccountRef, type MailboxActor } from '../accounts/index.js';
import type { DatabaseSchema } from '../../platform/db/index.js';
import { parseScheduleSpec } from '../schedule/index.js';
import { chooseTemplateVersion, type TemplateChoice } from '../templates/index.js';

/** What a new campaign needs. */
export interface CreateCampaignInput {
  readonly name: string;
  readonly channel?: 'email' | 'sms';
  /** `oneoff`: a sales rep's personal emails (no unsubscribe headers, same guarantees). */
  readonly kind?: 'bulk' | 'oneoff';
  readonly mailAccountId?: number | null;
  readonly smsAccountId?: number | null;
  readonly templateVersionId: number;
  /** Audience selection for the recipient source; `{}` means everybody. */
  readonly audience?: Readonly<Record<string, unknown>>;
  readonly tracking?: boolean;
  /** File a copy of each message in the account's IMAP Sent folder; default: on for one-offs, off for bulk. */
  readonly copyToSent?: boolean | undefined;
  readonly createdBy?: string | null;
  /**
   * Schedule JSON (validated by the schedule module): the campaign is then `scheduled` and the
   * scheduler runs each occurrence as a child campaign. Absent: a draft started by hand.
   */
  readonly schedule?: Readonly<Record<string, unknown>> | null;
}

/**
 * A campaign as a person asks for it, from the CLI, the API or the web UI: accounts and templates
 * by name or id, a schedule as typed. {@link resolveCampaignRequest} turns it into the ids the
 * store keeps, with the same rules and the same errors whoever asks.
 */
export interface CampaignRequest {
  readonly name: string;
  readonly channel: 'email' | 'sms';
  /** `oneoff`: a sales rep's personal emails (no unsubscribe headers, same guarantees). */
  readonly kind?: 'bulk' | 'oneoff' | undefined;
  /** The sending account (a mailbox for email, an SMS account for SMS); absent: the default one. */
  readonly account?: AccountRef | undefined;
  readonly template: TemplateChoice;
  /** Audience selection, already validated by the caller's parser; `{}` means everybody. */
  readonly audience?: Readonly<Record<string, unknown>> | undefined;
  /** Schedule JSON as given (checked here: SCHEDULE_INVALID); absent, null or `{ kind: "now" }`: a draft started by hand. */
  readonly schedule?: unknown;
  readonly tracking?: boolean | undefined;
  readonly copyToSent?: boolean | undefined;
  readonly createdBy?: string | null | undefined;
}

/**
 * The rules of a new campaign, in the order a person fixes them: the schedule, the template
 * version (NOT_FOUND, TEMPLATE_CHANNEL_MISMATCH), then the account (named, else the default one:
 * SEND_NO_ACCOUNT when neither; a mailbox the actor may not send from: AUTH_FORBIDDEN).
 */
export async function resolveCampaignRequest(db: Kysely<DatabaseSchema>, actor: MailboxActor, request: CampaignRequest): Promise<CreateCampaignInput> {
  const schedule = parseScheduleSpec(request.schedule);
  const { version } = await chooseTemplateVersion(db, request.template, request.channel);
  const account = await chooseSendingAccount(db, { channel: request.channel, actor, account: request.account });
  return {
    name: request.name,
    channel: request.channel,
    kind: request.kind ?? 'bulk',
    mailAccountId: request.channel === 'email' ? account : null,
    smsAccountId: request.channel === 'sms' ? account : null,
    templateVersionId: version.id,
    audience: request.audience ?? {},
    tracking: request.tracking === true,
    copyToSent: request.copyToSent,
    createdBy: request.createdBy ?? null,
    // "now" is the same as no schedule: a draft started by hand, not an occurrence the scheduler fires.
    schedule: schedule.kind === 'now' ? null : schedule,
  };
}

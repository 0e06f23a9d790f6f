import type { Selectable } from 'kysely';
import type { ComposedAttachment, SendingAccount } from '../../adapters/mail/transport/account.types.js';
import type { CampaignsTable, OutboxTable } from './send.tables.js';

export type {
  ComposedAttachment,
  DkimSettings,
  SendingAccount,
  SendLimits,
  SentFolderSettings,
  SmtpSettings,
} from '../../adapters/mail/transport/account.types.js';

/** A campaign row as read from the store. */
export type Campaign = Selectable<CampaignsTable>;
/** An outbox row as read from the store. */
export type OutboxRow = Selectable<OutboxTable>;
/** The states an outbox row moves through. */
export type OutboxState = OutboxRow['state'];
export type CampaignStatus = Campaign['status'];

/** One person to message, as the audience resolves them. */
export interface Recipient {
  readonly customerId: number;
  /** Email address or E.164 number for the campaign's channel. */
  readonly address: string;
}

/**
 * Expands a campaign's audience into recipients, in batches (the customers module implements it
 * with `resolveAudience`; see src/send/wiring).
 */
export interface RecipientSource {
  /** Batches of at most `batchSize` recipients, each customer at most once. */
  batches(campaign: Campaign, batchSize: number): AsyncIterable<readonly Recipient[]>;
}

/** A message ready for the transport, before the pipeline adds its trace and unsubscribe headers. */
export interface ComposedMessage {
  readonly subject: string;
  readonly html?: string;
  readonly text: string;
  /** Extra headers from the template (the pipeline's own headers win on a clash). */
  readonly headers?: Readonly<Record<string, string>>;
  readonly attachments?: readonly ComposedAttachment[];
  /** The template language variant rendered for this recipient (`zh-CN`), recorded on the row. */
  readonly language?: string;
}

/**
 * Builds the message for one outbox row (the templates module renders the campaign's template
 * version with the customer's merge data). Throws on a broken template; the row then fails.
 */
export interface MessageComposer {
  compose(row: OutboxRow, campaign: Campaign): Promise<ComposedMessage>;
}

/** Finds the sending account of a campaign (the accounts module implements it with `loadMailAccount`). */
export interface SenderResolver {
  resolve(campaign: Campaign): Promise<SendingAccount>;
}

import type { CampaignsTable, OutboxTable } from '../../platform/db/index.js';
import type { Selectable } from 'kysely';

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

/** An attachment of a composed message. */
export interface ComposedAttachment {
  readonly filename: string;
  readonly content: Buffer | string;
  readonly contentType?: string;
}

/** A message ready for the transport, before the pipeline adds its trace and unsubscribe headers. */
export interface ComposedMessage {
  readonly subject: string;
  readonly html?: string;
  readonly text: string;
  /** Extra headers from the template (the pipeline's own headers win on a clash). */
  readonly headers?: Readonly<Record<string, string>>;
  readonly attachments?: readonly ComposedAttachment[];
}

/**
 * Builds the message for one outbox row (the templates module renders the campaign's template
 * version with the customer's merge data). Throws on a broken template; the row then fails.
 */
export interface MessageComposer {
  compose(row: OutboxRow, campaign: Campaign): Promise<ComposedMessage>;
}

/** Per-account sending limits; undefined means no limit for that window. */
export interface SendLimits {
  readonly perSecond?: number | undefined;
  readonly perMinute?: number | undefined;
  readonly perHour?: number | undefined;
  readonly perDay?: number | undefined;
}

/** How to reach an account's SMTP server; the password is already decrypted. */
export interface SmtpSettings {
  readonly host: string;
  readonly port: number;
  readonly security: 'tls' | 'starttls' | 'none';
  readonly auth?: { readonly user: string; readonly pass: string } | undefined;
  /** Accept self-signed certificates (test servers, some intranet relays). */
  readonly allowSelfSigned?: boolean;
}

/** Optional DKIM signing for the sender's domain. */
export interface DkimSettings {
  readonly domainName: string;
  readonly keySelector: string;
  readonly privateKey: string;
}

/**
 * The account's IMAP mailbox, where a copy of sent mail is filed (the password already decrypted).
 * Never log it whole.
 */
export interface SentFolderSettings {
  readonly host: string;
  readonly port: number;
  readonly security: 'tls' | 'starttls' | 'none';
  readonly auth: { readonly user: string; readonly pass: string };
  readonly allowSelfSigned?: boolean;
  /** Set when the SSRF guard refused the host: copies are then skipped, logged and counted as failed. */
  readonly refused?: string | undefined;
}

/** Everything the pipeline needs to know about the account a campaign sends from. */
export interface SendingAccount {
  /** Stable key for pools and limits, e.g. "mail:3". */
  readonly key: string;
  readonly fromAddress: string;
  readonly fromName: string;
  /** Where replies should go; defaults to the from address. */
  readonly replyTo?: string | undefined;
  /** The server delivers user+tag@ to user@, so the reply token can ride in Reply-To. */
  readonly plusAddressing: boolean;
  readonly smtp: SmtpSettings;
  readonly limits: SendLimits;
  readonly dkim?: DkimSettings | undefined;
  /** The IMAP mailbox for Sent-folder copies; undefined for POP3 or send-only accounts and when no IMAP password is stored. */
  readonly sentFolder?: SentFolderSettings | undefined;
}

/** Finds the sending account of a campaign (the accounts module implements it with `loadMailAccount`). */
export interface SenderResolver {
  resolve(campaign: Campaign): Promise<SendingAccount>;
}

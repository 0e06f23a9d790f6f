/**
 * What the mail transport needs to know about a sending account and a message's attachments.
 * The sending module builds these (src/modules/sending/wiring/account.sender.ts); they live here
 * so the transport, the pool and the Sent-folder copy depend on nothing above the adapters.
 */

/** An attachment of a composed message. */
export interface ComposedAttachment {
  readonly filename: string;
  readonly content: Buffer | string;
  readonly contentType?: string;
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

import type { ComposedAttachment } from './account.types.js';

/** A fully built email: addresses, content and every header the pipeline adds. */
export interface OutgoingEmail {
  readonly from: { readonly name: string; readonly address: string };
  readonly to: string;
  readonly replyTo?: string | undefined;
  readonly subject: string;
  readonly text: string;
  readonly html?: string | undefined;
  /** With angle brackets, from `messageIdFor`. */
  readonly messageId: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly attachments?: readonly ComposedAttachment[] | undefined;
  /** File a copy in the account's IMAP Sent folder once the server accepted it (see src/send/sent-copy). */
  readonly copyToSent?: boolean | undefined;
}

/** What the server said when it accepted the message. */
export interface SendReceipt {
  readonly messageId: string;
  /** The server's final reply, e.g. "250 2.0.0 Ok: queued as 4F2A1". */
  readonly response: string;
  /** The exact bytes handed to the server, when the transport built them itself; the Sent-folder copy reuses them. */
  readonly raw?: Buffer | undefined;
}

/**
 * How a failed send should be treated. `retry`: nothing was delivered, try later. `slow-down`:
 * the server asks us to send less (421, 450-454, "too many"); try later and throttle the
 * account. `permanent`: the server refused for good (5xx). `auth`: login refused. `ambiguous`:
 * the connection ended after the message was handed over; it may have been delivered.
 */
export type SendFailureKind = 'retry' | 'slow-down' | 'permanent' | 'auth' | 'ambiguous';

/** A send that did not succeed, already translated from the vendor's error. */
export class SendFailure extends Error {
  constructor(
    readonly kind: SendFailureKind,
    message: string,
    /** The server's SMTP reply code, when there was one. */
    readonly responseCode?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'SendFailure';
  }
}

/**
 * The port every email transport implements. `send` resolves with a receipt or rejects with a
 * {@link SendFailure}; anything else it throws is a bug and is treated as ambiguous.
 */
export interface EmailTransport {
  send(message: OutgoingEmail): Promise<SendReceipt>;
  /** Closes pooled connections; in-flight sends finish first. */
  close(): Promise<void>;
}

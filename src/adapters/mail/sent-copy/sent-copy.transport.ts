import type { Logger } from '../../../platform/logger/index.js';
import type { EmailTransport, OutgoingEmail, SendReceipt } from '../transport/email.transport.js';
import { buildRawMessage, dateHeader } from './raw-message.js';
import type { SentFolderAppender } from './sent-folder.appender.js';
import type { Metrics } from '../../../platform/metrics/index.js';
import { systemClock, type Clock } from '../../../platform/clock/index.js';

/** Options for {@link SentCopyTransport}. */
export interface SentCopyTransportOptions {
  /** The account's pool key ("mail:3"), for the log line. */
  readonly accountKey: string;
  readonly logger?: Logger | undefined;
  /** Copies waiting for the IMAP server before `send` itself waits (a bulk campaign with copies on). */
  readonly maxPending?: number;
  /** Where copies are counted (the process's metrics); absent: only {@link SentCopyTransport.counts}. */
  readonly metrics?: Pick<Metrics, 'sentCopy'> | undefined;
  /** The time source; defaults to the system clock. */
  readonly clock?: Clock;
}

/** Copies made and failed by one transport. */
export interface SentCopyCounts {
  appended: number;
  failed: number;
}

const hasHeader = (headers: Readonly<Record<string, string>>, name: string) => Object.keys(headers).some((k) => k.toLowerCase() === name);

/**
 * Decorates an account's transport: once the server accepted a message that asks for it
 * (`copyToSent`), the same RFC 5322 message is APPENDed with \Seen to the account's Sent folder,
 * as a mail client would. The copy runs after `send` resolved and can never fail or repeat the
 * send: a failed append is logged (code SEND_SENT_COPY_FAILED, no credentials) and counted.
 * The message gets its Date header here so the copy's headers equal the sent ones; the bytes are
 * the transport's own (`receipt.raw`) when it reports them, else rebuilt from the same options.
 */
export class SentCopyTransport implements EmailTransport {
  /** Copies made and failed since this transport was created. */
  readonly counts: SentCopyCounts = { appended: 0, failed: 0 };
  private readonly pending = new Set<Promise<void>>();

  constructor(
    private readonly inner: EmailTransport,
    private readonly appender: SentFolderAppender,
    private readonly options: SentCopyTransportOptions,
  ) {}

  async send(message: OutgoingEmail): Promise<SendReceipt> {
    if (!message.copyToSent) return this.inner.send(message);
    const dated = hasHeader(message.headers, 'date') ? message : { ...message, headers: { ...message.headers, Date: dateHeader((this.options.clock ?? systemClock).date()) } };
    const receipt = await this.inner.send(dated);
    const copy = this.copy(dated, receipt).finally(() => this.pending.delete(copy));
    this.pending.add(copy);
    // Back-pressure: a slow IMAP server must not pile up unbounded copies in memory.
    if (this.pending.size >= (this.options.maxPending ?? 50)) await Promise.race(this.pending);
    return receipt;
  }

  /** Resolves once every copy started so far has been appended or given up. */
  async flush(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }

  async close(): Promise<void> {
    await this.flush();
    await Promise.all([this.appender.close(), this.inner.close()]);
  }

  private async copy(message: OutgoingEmail, receipt: SendReceipt): Promise<void> {
    const { logger, accountKey } = this.options;
    try {
      const raw = receipt.raw ?? (await buildRawMessage(message));
      const placed = await this.appender.append(raw);
      this.counts.appended += 1;
      this.options.metrics?.sentCopy('appended');
      logger?.debug({ account: accountKey, messageId: message.messageId, folder: placed.folder }, 'sent-folder copy appended');
    } catch (error) {
      this.counts.failed += 1;
      this.options.metrics?.sentCopy('failed');
      logger?.warn(
        { code: 'SEND_SENT_COPY_FAILED', account: accountKey, messageId: message.messageId, err: (error as Error).message },
        'sent-folder copy failed; the message itself was sent',
      );
    }
  }
}

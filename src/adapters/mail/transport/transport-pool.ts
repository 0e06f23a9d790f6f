import type { HostGuardOptions } from '../../../platform/net/ssrf.guard.js';
import type { Logger } from '../../../platform/logger/index.js';
import type { Metrics } from '../../../platform/metrics/index.js';
import type { SendingAccount } from './account.types.js';
import { SentFolderAppender } from '../sent-copy/sent-folder.appender.js';
import { SentCopyTransport } from '../sent-copy/sent-copy.transport.js';
import type { EmailTransport } from './email.transport.js';
import { SmtpTransport } from './smtp.transport.js';

/** Gives the transport for a sending account; one pooled transport per account per process. */
export interface TransportProvider {
  forAccount(account: SendingAccount): EmailTransport;
  close(): Promise<void>;
}

/** Options for {@link SmtpTransportPool}. */
export interface SmtpTransportPoolOptions {
  readonly maxConnections: number;
  /** TIDINGS_ALLOW_PRIVATE_HOSTS: every SMTP and Sent-folder IMAP connection passes the SSRF guard. */
  readonly guard: HostGuardOptions;
  readonly logger?: Logger;
  /** How long an account's IMAP connection for Sent-folder copies stays open without use. */
  readonly sentFolderIdleMs?: number;
  /** Where Sent-folder copies are counted (the process's metrics). */
  readonly metrics?: Pick<Metrics, 'sentCopy'> | undefined;
}

/**
 * Keeps one {@link SmtpTransport} per account. A changed server or password (same key, new
 * settings) replaces the pool, so an edited account takes effect without a restart.
 */
export class SmtpTransportPool implements TransportProvider {
  private readonly pools = new Map<string, { fingerprint: string; transport: EmailTransport }>();
  /**
   * Fingerprints by account object: the sender resolver hands out the same object for a while,
   * so the settings (a DKIM key among them) are not serialised again for every message.
   */
  private readonly fingerprints = new WeakMap<SendingAccount, string>();

  constructor(private readonly options: SmtpTransportPoolOptions) {}

  forAccount(account: SendingAccount): EmailTransport {
    let fingerprint = this.fingerprints.get(account);
    if (fingerprint === undefined) {
      fingerprint = JSON.stringify([account.smtp, account.dkim, account.sentFolder]);
      this.fingerprints.set(account, fingerprint);
    }
    const existing = this.pools.get(account.key);
    if (existing && existing.fingerprint === fingerprint) return existing.transport;
    if (existing) void existing.transport.close();
    const { guard } = this.options;
    const smtp = new SmtpTransport({
      smtp: account.smtp,
      guard: { ...guard, setting: `SMTP host of ${account.key}` },
      dkim: account.dkim,
      maxConnections: this.options.maxConnections,
      ...(this.options.logger ? { logger: this.options.logger } : {}),
    });
    // Accounts with an IMAP mailbox file a copy of the messages that ask for one (src/send/sent-copy).
    const { logger, sentFolderIdleMs } = this.options;
    const transport = account.sentFolder
      ? new SentCopyTransport(smtp, new SentFolderAppender({ settings: account.sentFolder, guard: { ...guard, setting: `IMAP host of ${account.key}` }, idleMs: sentFolderIdleMs, logger }), { accountKey: account.key, logger, metrics: this.options.metrics })
      : smtp;
    this.pools.set(account.key, { fingerprint, transport });
    return transport;
  }

  async close(): Promise<void> {
    const all = [...this.pools.values()];
    this.pools.clear();
    await Promise.all(all.map((p) => p.transport.close()));
  }
}

/** Every account goes through the same transport (file/preview transports, tests). */
export class SingleTransportProvider implements TransportProvider {
  constructor(private readonly transport: EmailTransport) {}
  forAccount(): EmailTransport {
    return this.transport;
  }
  close(): Promise<void> {
    return this.transport.close();
  }
}

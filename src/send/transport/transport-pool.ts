import type { Logger } from '../../logger/index.js';
import type { SendingAccount } from '../ports.js';
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
  readonly logger?: Logger;
}

/**
 * Keeps one {@link SmtpTransport} per account. A changed server or password (same key, new
 * settings) replaces the pool, so an edited account takes effect without a restart.
 */
export class SmtpTransportPool implements TransportProvider {
  private readonly pools = new Map<string, { fingerprint: string; transport: EmailTransport }>();

  constructor(private readonly options: SmtpTransportPoolOptions) {}

  forAccount(account: SendingAccount): EmailTransport {
    const fingerprint = JSON.stringify([account.smtp, account.dkim?.domainName, account.dkim?.keySelector]);
    const existing = this.pools.get(account.key);
    if (existing && existing.fingerprint === fingerprint) return existing.transport;
    if (existing) void existing.transport.close();
    const transport = new SmtpTransport({
      smtp: account.smtp,
      dkim: account.dkim,
      maxConnections: this.options.maxConnections,
      ...(this.options.logger ? { logger: this.options.logger } : {}),
    });
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

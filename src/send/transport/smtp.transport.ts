import nodemailer from 'nodemailer';
import type { Logger } from '../../logger/index.js';
import type { DkimSettings, SmtpSettings } from '../ports.js';
import type { EmailTransport, OutgoingEmail, SendReceipt } from './email.transport.js';
import { toSendFailure } from './smtp-errors.js';
import { toMailOptions } from './mail-options.js';

/** Options for {@link SmtpTransport}. */
export interface SmtpTransportOptions {
  readonly smtp: SmtpSettings;
  /** Connections kept open to the server (one pool per account and process). */
  readonly maxConnections?: number;
  readonly dkim?: DkimSettings | undefined;
  /** Socket inactivity limit; a stalled server turns into a timeout, not a hung worker. */
  readonly socketTimeoutMs?: number;
  readonly logger?: Logger;
}

/**
 * Sends over SMTP with a nodemailer connection pool. `maxRequeues: 0` matters: by default the pool
 * silently re-sends a message whose connection closed mid-delivery — which, after the final ".",
 * may be a second copy. We report the drop instead and let the pipeline mark the row unknown.
 */
export class SmtpTransport implements EmailTransport {
  private readonly mailer: ReturnType<typeof nodemailer.createTransport>;

  constructor(options: SmtpTransportOptions) {
    const { smtp } = options;
    this.mailer = nodemailer.createTransport({
      pool: true,
      host: smtp.host,
      port: smtp.port,
      secure: smtp.security === 'tls',
      requireTLS: smtp.security === 'starttls',
      ignoreTLS: smtp.security === 'none',
      ...(smtp.auth ? { auth: { user: smtp.auth.user, pass: smtp.auth.pass } } : {}),
      tls: smtp.allowSelfSigned ? { rejectUnauthorized: false } : {},
      maxConnections: options.maxConnections ?? 5,
      maxMessages: 1000,
      maxRequeues: 0,
      connectionTimeout: 30_000,
      greetingTimeout: 30_000,
      socketTimeout: options.socketTimeoutMs ?? 120_000,
      ...(options.dkim
        ? {
            dkim: {
              domainName: options.dkim.domainName,
              keySelector: options.dkim.keySelector,
              privateKey: options.dkim.privateKey,
              // Both unsubscribe headers must be signed or Gmail/Yahoo ignore one-click.
              headerFieldNames:
                'From:Sender:Reply-To:Subject:Date:Message-ID:To:Cc:MIME-Version:Content-Type:Content-Transfer-Encoding:List-Unsubscribe:List-Unsubscribe-Post',
            },
          }
        : {}),
    });
  }

  async send(message: OutgoingEmail): Promise<SendReceipt> {
    try {
      const info = await this.mailer.sendMail(toMailOptions(message));
      return { messageId: message.messageId, response: String(info.response ?? '') };
    } catch (error) {
      throw toSendFailure(error);
    }
  }

  async close(): Promise<void> {
    this.mailer.close();
  }
}

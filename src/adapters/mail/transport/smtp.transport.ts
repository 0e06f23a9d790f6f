import DKIM from 'nodemailer/lib/dkim/index.js';
import SMTPPool from 'nodemailer/lib/smtp-pool/index.js';
import { guardedTarget, nodemailerTarget, type ConnectGuard } from '../../../platform/net/guarded.connector.js';
import { isTidingsError } from '../../../platform/errors/index.js';
import type { Logger } from '../../../platform/logger/index.js';
import type { DkimSettings, SmtpSettings } from './account.types.js';
import { SendFailure, type EmailTransport, type OutgoingEmail, type SendReceipt } from './email.transport.js';
import { DATA_PASSTHROUGH_OPTION, installDataPassthrough } from './data-passthrough.js';
import { composeMessage } from './mail-options.js';
import { normalizeEnvelope, poolMessage } from './pool-message.js';
import { toSendFailure } from './smtp-errors.js';

/** Both unsubscribe headers must be signed or Gmail/Yahoo ignore one-click. */
const DKIM_HEADER_FIELDS =
  'From:Sender:Reply-To:Subject:Date:Message-ID:To:Cc:MIME-Version:Content-Type:Content-Transfer-Encoding:List-Unsubscribe:List-Unsubscribe-Post';

/** Options for {@link SmtpTransport}. */
export interface SmtpTransportOptions {
  readonly smtp: SmtpSettings;
  /** The SSRF guard (TIDINGS_ALLOW_PRIVATE_HOSTS): the pool connects only to the address it checked. */
  readonly guard: ConnectGuard;
  /** Connections kept open to the server (one pool per account and process). */
  readonly maxConnections?: number;
  readonly dkim?: DkimSettings | undefined;
  /** Socket inactivity limit; a stalled server turns into a timeout, not a hung worker. */
  readonly socketTimeoutMs?: number;
  readonly logger?: Logger;
}

/**
 * Sends over SMTP with nodemailer's connection pool. `maxRequeues: 0` matters: by default the pool
 * silently re-sends a message whose connection closed mid-delivery — which, after the final ".",
 * may be a second copy. We report the drop instead and let the pipeline mark the row unknown.
 *
 * The message is built once by {@link composeMessage} and handed straight to the pool (see
 * {@link poolMessage}), signed by nodemailer's DKIM signer when the account has a key — the
 * same signer and header list `createTransport({ dkim })` used.
 *
 * The pool is opened on the first send: the host is resolved once through the guarded connector
 * and every pooled connection goes to that checked address, greeting and verifying TLS as the
 * host name (no second DNS answer can point a connection elsewhere).
 */
export class SmtpTransport implements EmailTransport {
  private pool: Promise<SMTPPool> | undefined;
  private closed = false;
  private readonly dkim: DKIM | undefined;

  constructor(private readonly options: SmtpTransportOptions) {
    installDataPassthrough();
    this.dkim = options.dkim
      ? new DKIM({
          domainName: options.dkim.domainName,
          keySelector: options.dkim.keySelector,
          privateKey: options.dkim.privateKey,
          headerFieldNames: DKIM_HEADER_FIELDS,
        })
      : undefined;
  }

  /** The pool, opened on first use against the guard's checked address. */
  private opened(): Promise<SMTPPool> {
    if (this.closed) return Promise.reject(new SendFailure('retry', 'the SMTP transport is closed'));
    if (!this.pool) {
      const opening = this.open();
      this.pool = opening;
      // A refusal or DNS failure is not kept: the next send asks again.
      opening.catch(() => {
        if (this.pool === opening) this.pool = undefined;
      });
    }
    return this.pool;
  }

  private async open(): Promise<SMTPPool> {
    const { smtp, guard } = this.options;
    let target;
    try {
      target = nodemailerTarget(await guardedTarget(smtp.host, guard, guard.setting ?? `SMTP host ${smtp.host}`));
    } catch (error) {
      // Nothing was handed over: the row is retried, and the sender resolver's own check pauses the campaign.
      if (isTidingsError(error)) throw new SendFailure('retry', error.message, undefined, { cause: error });
      throw error;
    }
    return new SMTPPool({
      ...target,
      port: smtp.port,
      secure: smtp.security === 'tls',
      requireTLS: smtp.security === 'starttls',
      ignoreTLS: smtp.security === 'none',
      ...(smtp.auth ? { auth: { user: smtp.auth.user, pass: smtp.auth.pass } } : {}),
      tls: { ...(target.servername ? { servername: target.servername } : {}), ...(smtp.allowSelfSigned ? { rejectUnauthorized: false } : {}) },
      maxConnections: this.options.maxConnections ?? 5,
      maxMessages: 1000,
      maxRequeues: 0,
      connectionTimeout: 30_000,
      greetingTimeout: 30_000,
      socketTimeout: this.options.socketTimeoutMs ?? 120_000,
      // Our messages are CRLF throughout and rarely have a line starting with ".": DATA passes
      // them through without nodemailer's byte-by-byte scan (see data-passthrough.ts).
      [DATA_PASSTHROUGH_OPTION]: true,
    } as SMTPPool.Options);
  }

  async send(message: OutgoingEmail): Promise<SendReceipt> {
    try {
      const raw = composeMessage(message);
      // The envelope sender is the account address, so bounces reach the account's mailbox.
      const envelope = normalizeEnvelope({ from: message.from.address, to: [message.to] });
      const pool = await this.opened();
      const info = await new Promise<{ response?: string }>((resolve, reject) => {
        pool.send(poolMessage(raw, envelope, message.messageId, this.dkim), (error, sent) => (error ? reject(error) : resolve(sent ?? {})));
      });
      // The exact bytes sent (before DKIM), so a Sent-folder copy need not build them again.
      return { messageId: message.messageId, response: String(info.response ?? ''), raw };
    } catch (error) {
      throw toSendFailure(error);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    const pool = await this.pool?.catch(() => undefined);
    pool?.close();
  }
}

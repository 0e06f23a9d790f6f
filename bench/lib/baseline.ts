import nodemailer from 'nodemailer';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import type Mail from 'nodemailer/lib/mailer/index.js';
import type { Campaign, OutboxRow } from '../../src/modules/sending/index.js';
import { messageIdFor, newReplyToken, plusAddressFor, TRACE_HEADER, unsubscribeUrl } from '../../src/modules/sending/index.js';
import type { Store } from '../../src/platform/db/index.js';
import { TemplateRenderer } from '../../src/modules/templates/index.js';
import { createLogger } from '../../src/platform/logger/index.js';
import { composeMessage } from '../../src/adapters/mail/transport/mail-options.js';
import { PUBLIC_URL } from './context.js';
import { TemplateComposer } from './template.composer.js';

const FROM = 'sales@example.test';

/** One Tidings message, rendered as the pipeline renders it, plus its size on the wire. */
export interface SampleMessage {
  readonly mail: Mail.Options;
  /** Size of the message as Tidings sends it (src/send/transport's composer). */
  readonly bytes: number;
  /** Size of the same message built by nodemailer's MailComposer (the baseline's messages). */
  readonly nodemailerBytes: number;
}

/**
 * Renders the campaign template for the first customer exactly as a campaign would (same
 * composer, same pipeline headers) and measures its MIME size, so smtp-source sends messages of
 * the size Tidings sends; the plain nodemailer loop sends the same content built by nodemailer.
 */
export async function sampleMessage(store: Store, versionId: number, accountId: number): Promise<SampleMessage> {
  const first = await store.db.selectFrom('customer_emails').select(['customer_id', 'email']).orderBy('customer_id').limit(1).executeTakeFirstOrThrow();
  const token = newReplyToken();
  const row = { id: 0, customer_id: first.customer_id, address: first.email, reply_token: token } as OutboxRow;
  const campaign = { id: 0, name: 'sample', template_version_id: versionId, mail_account_id: accountId, kind: 'bulk', channel: 'email' } as Campaign;
  const composer = new TemplateComposer(store.db, new TemplateRenderer({ db: store.db, logger: createLogger({ level: 'silent' }) }), PUBLIC_URL);
  const composed = await composer.compose(row, campaign);
  const mail: Mail.Options = {
    from: { name: '李经理', address: FROM },
    to: first.email,
    replyTo: plusAddressFor(FROM, token),
    subject: composed.subject,
    text: composed.text,
    ...(composed.html ? { html: composed.html } : {}),
    messageId: messageIdFor(token, FROM),
    headers: {
      [TRACE_HEADER]: token,
      'List-Unsubscribe': `<${unsubscribeUrl(PUBLIC_URL, token)}>, <mailto:${FROM}?subject=unsubscribe%20${token}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
      Precedence: 'bulk',
    },
    envelope: { from: FROM, to: [first.email] },
  };
  const raw = await new MailComposer(mail).compile().build();
  const ours = composeMessage({
    from: { name: '李经理', address: FROM },
    to: first.email,
    replyTo: plusAddressFor(FROM, token),
    subject: composed.subject,
    text: composed.text,
    html: composed.html,
    messageId: messageIdFor(token, FROM),
    headers: mail.headers as Record<string, string>,
  });
  return { mail, bytes: ours.length, nodemailerBytes: raw.length };
}

/**
 * The baseline: a plain nodemailer pooled transport (20 connections, no per-connection message
 * cap) handed all `count` pre-rendered messages at once, as a simple script would. Each message
 * gets its own recipient and Message-ID; nodemailer builds the MIME per message. Returns ms.
 */
export async function runBaseline(port: number, sample: SampleMessage, count: number): Promise<number> {
  const transport = nodemailer.createTransport({ pool: true, host: '127.0.0.1', port, secure: false, ignoreTLS: true, maxConnections: 20, maxMessages: Infinity });
  try {
    const started = performance.now();
    await Promise.all(
      Array.from({ length: count }, (_, i) => {
        const to = `c${i}@bench.test`;
        const token = newReplyToken();
        return transport.sendMail({
          ...sample.mail,
          to,
          messageId: messageIdFor(token, FROM),
          headers: { ...(sample.mail.headers as Record<string, string>), [TRACE_HEADER]: token },
          envelope: { from: FROM, to: [to] },
        });
      }),
    );
    return performance.now() - started;
  } finally {
    transport.close();
  }
}

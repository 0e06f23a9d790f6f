import type { OutgoingEmail } from '../../adapters/mail/transport/email.transport.js';
import type { Campaign, ComposedMessage, OutboxRow, SendingAccount } from './ports.js';
import { TRACE_HEADER, messageIdFor, plusAddressFor } from './trace.js';
import { copiesToSent } from './sent-copy/copy-to-sent.js';
import { unsubscribeMailto, unsubscribeUrl, type UnsubscribeTokens } from './unsubscribe.token.js';

/** Options for {@link buildEmail}. */
export interface BuildEmailOptions {
  /** Public base URL of the API (TIDINGS_PUBLIC_URL); without it only the mailto unsubscribe is offered. */
  readonly publicUrl?: string | undefined;
  /** Signs the row's unsubscribe token (never the reply token, which every reply quotes back). */
  readonly unsubscribe: UnsubscribeTokens;
}

/**
 * Adds what the pipeline owns to a composed message: our Message-ID and trace header (so replies
 * and bounces can be filed), a plus-addressed Reply-To when the server supports it, and on bulk
 * mail the RFC 2369/8058 unsubscribe headers. Personal one-off emails get no unsubscribe headers —
 * a sales rep's letter is not a mailing.
 */
export function buildEmail(
  row: OutboxRow,
  campaign: Campaign,
  account: SendingAccount,
  composed: ComposedMessage,
  options: BuildEmailOptions,
): OutgoingEmail {
  const token = row.reply_token;
  const replyBase = account.replyTo ?? account.fromAddress;
  const replyTo = account.plusAddressing ? plusAddressFor(replyBase, token) : account.replyTo;
  const headers: Record<string, string> = { ...(composed.headers ?? {}), [TRACE_HEADER]: token };
  if (campaign.kind === 'bulk') {
    // The mailto carries the token in its subject: it works on every mailbox (plus-addressing or
    // not), and the inbox honours a mailto unsubscribe only with a valid token (src/inbox/filing).
    const unsubscribeToken = options.unsubscribe.sign({ id: Number(row.id), channel: row.channel, address: row.address });
    const mailto = `<${unsubscribeMailto(replyBase, unsubscribeToken)}>`;
    if (options.publicUrl) {
      headers['List-Unsubscribe'] = `<${unsubscribeUrl(options.publicUrl, unsubscribeToken)}>, ${mailto}`;
      headers['List-Unsubscribe-Post'] = 'List-Unsubscribe=One-Click';
    } else {
      headers['List-Unsubscribe'] = mailto;
    }
    headers['Precedence'] = 'bulk';
  }
  // A reply written from the inbox threads under the customer's message.
  if (campaign.in_reply_to) {
    headers['In-Reply-To'] = campaign.in_reply_to;
    headers['References'] = campaign.references_header ?? campaign.in_reply_to;
  }
  return {
    from: { name: account.fromName, address: account.fromAddress },
    to: row.address,
    replyTo,
    subject: composed.subject,
    text: composed.text,
    html: composed.html,
    messageId: messageIdFor(token, account.fromAddress),
    headers,
    attachments: composed.attachments,
    copyToSent: copiesToSent(campaign),
  };
}

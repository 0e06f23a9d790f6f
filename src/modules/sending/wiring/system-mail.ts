import { chooseSendingAccount, SYSTEM_ACTOR } from '../../accounts/index.js';
import type { OutgoingEmail, SendReceipt } from '../../../adapters/mail/transport/email.transport.js';
import { SmtpTransportPool } from '../../../adapters/mail/transport/transport-pool.js';
import { messageIdFor, newReplyToken } from '../trace.js';
import { AccountSenderResolver } from './account.sender.js';
import type { Kysely } from 'kysely';
import type { SecretBox } from '../../../platform/crypto/index.js';
import type { DatabaseSchema } from '../../../platform/db/index.js';
import type { Logger } from '../../../platform/logger/index.js';

/** What sending one message needs of the process (an AppContext has it all). */
export interface SystemMailDeps {
  readonly store: { readonly db: Kysely<DatabaseSchema> };
  readonly secrets: SecretBox;
  readonly logger: Logger;
  readonly config: { readonly TIDINGS_ALLOW_PRIVATE_HOSTS: string; readonly SEND_SMTP_ALLOW_SELF_SIGNED?: string | undefined };
}

/** A message the service itself writes to a person of the company (the reminder digest). */
export interface SystemEmail {
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly html?: string | undefined;
}

/**
 * Sends one message from the company's default mail account through its SMTP server (the same
 * account resolution, SSRF guard and transport pool as test sends), outside any campaign: no
 * outbox row, no tracking, no unsubscribe (it is mail to a colleague, not to a customer).
 * SEND_NO_ACCOUNT when there is no default mail account; transport failures are thrown as the
 * transport classifies them (SendFailure).
 */
export async function sendSystemEmail(context: SystemMailDeps, mail: SystemEmail): Promise<SendReceipt> {
  const accountId = await chooseSendingAccount(context.store.db, { channel: 'email', actor: SYSTEM_ACTOR });
  return sendFromAccount(context, accountId, (account) => ({
    from: { name: account.fromName, address: account.fromAddress },
    to: mail.to,
    replyTo: account.replyTo,
    subject: mail.subject,
    text: mail.text,
    html: mail.html,
    messageId: messageIdFor(newReplyToken(), account.fromAddress),
    headers: { 'Auto-Submitted': 'auto-generated' },
    attachments: [],
  }));
}

/** Sends one message from a mail account over a pool opened for it and closed after. */
export async function sendFromAccount(
  context: SystemMailDeps,
  accountId: number,
  build: (account: { fromName: string; fromAddress: string; replyTo?: string | undefined }) => OutgoingEmail | Promise<OutgoingEmail>,
): Promise<SendReceipt> {
  const senders = new AccountSenderResolver(context.store.db, context.secrets, {
    allowPrivateHosts: context.config.TIDINGS_ALLOW_PRIVATE_HOSTS,
    allowSelfSigned: context.config.SEND_SMTP_ALLOW_SELF_SIGNED === '1',
  });
  const account = await senders.load(accountId);
  const pool = new SmtpTransportPool({ maxConnections: 1, logger: context.logger, guard: { allowPrivateHosts: context.config.TIDINGS_ALLOW_PRIVATE_HOSTS } });
  try {
    return await pool.forAccount(account).send(await build(account));
  } finally {
    await pool.close();
  }
}

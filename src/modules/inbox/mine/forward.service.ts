import { z } from 'zod';
import type { Kysely, Selectable } from 'kysely';
import { chooseSendingAccount, type MailboxActor } from '../../accounts/index.js';
import { findEmailSuppressions } from '../../customers/index.js';
import { messageIdFor, newReplyToken, type SendingAccount, type TransportProvider } from '../../sending/index.js';
import { TidingsError } from '../../../platform/errors/index.js';
import { systemClock, type Clock } from '../../../platform/clock/index.js';
import type { DatabaseSchema } from '../../../platform/db/index.js';
import { readableInboxMessage } from './readable.js';

type Db = Kysely<DatabaseSchema>;

/** One to five addresses a forward may go to (a colleague, a manager), as the edges check them. */
export const ForwardAddressesSchema = z.array(z.string().trim().toLowerCase().email()).min(1).max(5);

/** What a forward is sent with: the writer's mailbox loaded for sending, and the transports (Sent-folder copy included). */
export interface ForwardPorts {
  readonly db: Db;
  readonly loadAccount: (id: number) => Promise<SendingAccount>;
  readonly transports: TransportProvider;
  readonly clock?: Clock | undefined;
}

/** "Forward this message to these addresses", written in the inbox. */
export interface ForwardRequest {
  readonly messageId: number;
  readonly to: readonly string[];
  /** The writer's note above the forwarded message (may be empty). */
  readonly note: string;
  /** Default: "Fwd: " + the message's subject. */
  readonly subject?: string | undefined;
  readonly createdBy: string;
  /** Set for a writer who reads only mail filed under their own customers (`inbox:own`): their user name. */
  readonly readsOwnCustomersOf?: string | undefined;
}

/** What a forward became. */
export interface ForwardResult {
  readonly to: readonly string[];
  readonly subject: string;
  readonly messageId: string;
  /** The customer the message is filed under (the forward is on their timeline), else null. */
  readonly customerId: number | null;
}

/** Suppression reasons that mean mail to the address must not go out at all; an unsubscribe only withdraws marketing. */
const BLOCKS_ANY_MAIL = new Set(['hard-bounce', 'soft-bounce', 'complaint', 'manual']);

/**
 * Forwards a received message to any addresses (a colleague, a manager) from the writer's own
 * mailbox — the same mailbox rule as a one-off — with the original quoted inline under a
 * "---------- Forwarded message ---------" header block, as Gmail and Outlook forward: every
 * mail program shows it, and the colleague can answer it inline (a message/rfc822 attachment
 * hides the text behind a click in many webmail clients). The copy goes to the Sent folder, and
 * the forward is recorded on the customer's timeline when the message is filed under one.
 * Forwarding to a colleague is not marketing, so an unsubscribe does not stop it, but an address
 * blocked for email (bounce, complaint, blocked by hand) is refused (INBOX_FORWARD_SUPPRESSED).
 */
export async function forwardMessage(ports: ForwardPorts, actor: MailboxActor, request: ForwardRequest): Promise<ForwardResult> {
  const { db } = ports;
  const clock = ports.clock ?? systemClock;
  const parsed = ForwardAddressesSchema.safeParse(request.to);
  if (!parsed.success) throw new TidingsError('VALIDATION_FAILED', 'Enter one to five valid email addresses to forward to, for example name@company.com.');
  const to = [...new Set(parsed.data)];
  const message = await readableInboxMessage(db, request.messageId, { actor, ownCustomersOf: request.readsOwnCustomersOf });
  const blocked = [...(await findEmailSuppressions(db, to)).entries()].filter(([, s]) => BLOCKS_ANY_MAIL.has(s.reason));
  if (blocked.length > 0) {
    const list = blocked.map(([address, s]) => `${address} (${s.reason.replace('-', ' ')})`).join(', ');
    throw new TidingsError('INBOX_FORWARD_SUPPRESSED', `Mail to ${list} is blocked, so it cannot be forwarded there. Remove that address and forward to another one.`, {
      context: { addresses: blocked.map(([address]) => address) },
    });
  }
  if (actor.mailAccountId === null || actor.mailAccountId === undefined) {
    throw new TidingsError('SEND_NO_ACCOUNT', 'You have no mailbox of your own to forward from; ask an admin to link one to your user.');
  }
  const accountId = await chooseSendingAccount(db, { channel: 'email', actor, account: actor.mailAccountId });
  const account = await ports.loadAccount(accountId);
  const subject = (request.subject ?? `Fwd: ${message.subject ?? ''}`.trim()).replace(/[\r\n]+/g, ' ');
  const messageId = messageIdFor(newReplyToken(), account.fromAddress);
  const references = [message.references_header, message.message_id].filter((v): v is string => !!v).join(' ');
  await ports.transports.forAccount(account).send({
    from: { name: account.fromName, address: account.fromAddress },
    to: to.join(', '),
    replyTo: account.replyTo,
    subject,
    text: forwardedText(request.note, message),
    messageId,
    headers: references ? { References: references } : {},
    copyToSent: true,
  });
  const customerId = message.customer_id === null ? null : Number(message.customer_id);
  await db
    .insertInto('inbox_forwards')
    .values({
      message_id: request.messageId,
      customer_id: customerId,
      account_id: accountId,
      to_addresses: JSON.stringify(to),
      subject,
      sent_message_id: messageId,
      created_by: request.createdBy,
      sent_at: clock.now(),
    })
    .execute();
  return { to, subject, messageId, customerId };
}

/** The note, then the original under the header block mail programs write when forwarding. */
export function forwardedText(note: string, message: Pick<Selectable<DatabaseSchema['inbox_messages']>, 'from_address' | 'from_name' | 'date_at' | 'subject' | 'to_addresses' | 'text'>): string {
  const from = message.from_name ? `${message.from_name} <${message.from_address ?? ''}>` : (message.from_address ?? '');
  const toList = parseList(message.to_addresses).join(', ');
  const lines = [
    '---------- Forwarded message ---------',
    `From: ${from}`,
    `Date: ${new Date(Number(message.date_at)).toUTCString()}`,
    `Subject: ${message.subject ?? ''}`,
    ...(toList ? [`To: ${toList}`] : []),
  ];
  return `${note.trim() ? `${note.trim()}\n\n` : ''}${lines.join('\n')}\n\n${message.text ?? ''}`;
}

function parseList(value: string): string[] {
  try {
    const parsed: unknown = JSON.parse(value);
    return Array.isArray(parsed) ? parsed.map(String) : [value];
  } catch {
    return value ? [value] : [];
  }
}

import nodemailer from 'nodemailer';
import type { OutgoingEmail } from '../transport/email.transport.js';
import { toMailOptions } from '../transport/mail-options.js';

// The same Mailer pipeline (MailComposer underneath) the SMTP transport runs, minus the network:
// the headers come out as the server received them, with CRLF line ends as IMAP APPEND wants.
const composer = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' });

/**
 * The RFC 5322 bytes of `message`, built from the same nodemailer options the SMTP transport
 * sends. Headers match what was sent (Message-ID, and Date when the message carries one);
 * multipart boundaries are random per build and the DKIM-Signature is added only on the wire.
 */
export async function buildRawMessage(message: OutgoingEmail): Promise<Buffer> {
  const info = await composer.sendMail(toMailOptions(message));
  return info.message as Buffer;
}

/** An RFC 5322 Date header value, formatted the way nodemailer writes it. */
export function dateHeader(at: Date): string {
  return at.toUTCString().replace(/GMT/, '+0000');
}

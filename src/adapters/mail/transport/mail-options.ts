import type { OutgoingEmail } from './email.transport.js';
import { MimeComposer } from './mime.composer.js';

/** One per process: its caches (encoded headers, attachments) serve every transport. */
const composer = new MimeComposer();

/** The RFC 5322 bytes of `message` as every transport sends them (see {@link MimeComposer}). */
export function composeMessage(message: OutgoingEmail): Buffer {
  return composer.compose(message);
}

/**
 * nodemailer's message options for an {@link OutgoingEmail}, for the nodemailer-based transports
 * that go through `sendMail` (file, Sent-folder copy): the finished message as `raw`, so those
 * write the same bytes the SMTP transport sends, and an explicit envelope, since a raw message
 * is not parsed.
 */
export function toMailOptions(message: OutgoingEmail) {
  return {
    raw: composeMessage(message),
    // The envelope sender is the account address, so bounces reach the account's mailbox.
    envelope: { from: message.from.address, to: [message.to] },
  };
}

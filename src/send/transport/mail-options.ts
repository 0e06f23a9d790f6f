import type { OutgoingEmail } from './email.transport.js';

/** nodemailer's message options for an {@link OutgoingEmail}; shared by every nodemailer-based transport. */
export function toMailOptions(message: OutgoingEmail) {
  return {
    from: { name: message.from.name, address: message.from.address },
    to: message.to,
    ...(message.replyTo ? { replyTo: message.replyTo } : {}),
    subject: message.subject,
    text: message.text,
    ...(message.html ? { html: message.html } : {}),
    messageId: message.messageId,
    headers: { ...message.headers },
    attachments: (message.attachments ?? []).map((a) => ({
      filename: a.filename,
      content: a.content,
      ...(a.contentType ? { contentType: a.contentType } : {}),
    })),
    // The envelope sender is the account address, so bounces reach the account's mailbox.
    envelope: { from: message.from.address, to: [message.to] },
  };
}

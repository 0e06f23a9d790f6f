// Reading the local test mailboxes (Dovecot on loopback, scripts/test-services.sh) the way a mail
// client would: over IMAP with STARTTLS and the shared test password.
import { ImapFlow } from 'imapflow';
import { createTransport, type SendMailOptions } from 'nodemailer';
import { SERVICES } from './services.js';

/** The password of every local mailbox. */
export const MAILBOX_PASSWORD = 'tidings-test';

/** A connected IMAP client logged in as `address` (the test certificate is self-signed). */
async function connect(address: string): Promise<ImapFlow> {
  const client = new ImapFlow({
    host: SERVICES.imap.host,
    port: SERVICES.imap.port,
    secure: false,
    auth: { user: address, pass: MAILBOX_PASSWORD },
    tls: { rejectUnauthorized: false },
    logger: false,
  });
  await client.connect();
  return client;
}

async function withInbox<T>(address: string, empty: T, read: (client: ImapFlow) => Promise<T>): Promise<T> {
  const client = await connect(address);
  try {
    const lock = await client.getMailboxLock('INBOX');
    try {
      const exists = typeof client.mailbox === 'object' ? client.mailbox.exists : 0;
      return exists ? await read(client) : empty;
    } finally {
      lock.release();
    }
  } finally {
    await client.logout();
  }
}

/** Every message in `address`'s INBOX, raw, oldest first. */
export function inboxSources(address: string): Promise<Buffer[]> {
  return withInbox(address, [], async (client) => {
    const out: Buffer[] = [];
    for await (const message of client.fetch('1:*', { source: true })) if (message.source) out.push(message.source);
    return out;
  });
}

/** The newest message in `address`'s INBOX, raw; undefined while it has none. */
export function latestSource(address: string): Promise<Buffer | undefined> {
  return withInbox(address, undefined, async (client) => {
    const message = await client.fetchOne('*', { source: true });
    return message ? message.source : undefined;
  });
}

/** How many messages `address`'s INBOX holds (IMAP STATUS; nothing is downloaded). */
export async function inboxCount(address: string): Promise<number> {
  const client = await connect(address);
  try {
    const status = await client.status('INBOX', { messages: true });
    return status ? (status.messages ?? 0) : 0;
  } finally {
    await client.logout();
  }
}

/** Hands a message to the local Postfix on port 25 (no login), as an outside sender's server would. */
export async function deliverLocally(mail: SendMailOptions): Promise<void> {
  const smtp = createTransport({ host: SERVICES.smtp.host, port: SERVICES.smtp.port, secure: false, ignoreTLS: true });
  try {
    await smtp.sendMail(mail);
  } finally {
    smtp.close();
  }
}

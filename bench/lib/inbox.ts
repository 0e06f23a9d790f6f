import { randomBytes } from 'node:crypto';
import { ImapFlow } from 'imapflow';
import { ImapReader, pollMailbox } from '../../src/modules/inbox/index.js';
import type { Store } from '../../src/platform/db/index.js';
import { onCleanup } from './cleanup.js';

const PASSWORD = 'tidings-test';
const IMAP = { host: '127.0.0.1', port: 143 };
const TLS = { rejectUnauthorized: false };

function client(user: string): ImapFlow {
  return new ImapFlow({ ...IMAP, secure: false, auth: { user, pass: PASSWORD }, tls: TLS, logger: false });
}

/**
 * Builds `count` replies to the campaign the bench just sent (nine in ten quote our Message-ID in
 * In-Reply-To, the rest come from a customer's address with no reference), so filing does its real
 * work: parse, classify, match the token or the address, store.
 */
async function replies(store: Store, count: number, to: string): Promise<string[]> {
  let rows: Array<{ address: string; message_id: string | null }> = await store.db
    .selectFrom('outbox')
    .select(['address', 'message_id'])
    .where('state', '=', 'sent')
    .orderBy('id')
    .limit(count)
    .execute();
  // Run on its own (--only inbox): no campaign was sent, so customers write without a reference.
  if (rows.length === 0) {
    rows = (await store.db.selectFrom('customer_emails').select('email').orderBy('id').limit(count).execute()).map((r) => ({ address: r.email, message_id: null }));
  }
  const date = new Date().toUTCString();
  return Array.from({ length: count }, (_, i) => {
    const row = rows[i % rows.length]!;
    const threaded = i % 10 !== 9 && row.message_id;
    return [
      `From: <${row.address}>`,
      `To: <${to}>`,
      `Subject: ${threaded ? 'Re: 恭贺新春，万事如意' : `A question ${i}`}`,
      `Message-ID: <r${i}.${randomBytes(4).toString('hex')}@bench.test>`,
      ...(threaded ? [`In-Reply-To: ${row.message_id}`, `References: ${row.message_id}`] : []),
      `Date: ${date}`,
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=utf-8',
      'Content-Transfer-Encoding: 8bit',
      '',
      threaded ? '谢谢，也祝您新年快乐，万事如意！\r\n\r\n> 恭贺新春' : `Could you send me the price list? (${i})`,
      '',
    ].join('\r\n');
  });
}

/**
 * Inbox filing rate: APPENDs `count` generated replies to a fresh Dovecot mailbox (4 connections,
 * not timed), then times the IMAP reader + poller (`pollMailbox` with `ImapReader`, STARTTLS on
 * 143) filing all of them into the store. The mailbox is emptied afterwards.
 */
export async function runInbox(store: Store, count: number): Promise<{ ms: number; stored: number; filed: number }> {
  const user = `bench-${randomBytes(5).toString('hex')}@example.test`;
  onCleanup(`imap mailbox ${user}`, async () => {
    const c = client(user);
    await c.connect();
    try {
      const lock = await c.getMailboxLock('INBOX');
      try {
        await c.messageDelete('1:*');
      } finally {
        lock.release();
      }
    } finally {
      await c.logout();
    }
  });
  const messages = await replies(store, count, user);
  const lanes = 4;
  await Promise.all(
    Array.from({ length: lanes }, async (_, lane) => {
      const c = client(user);
      await c.connect();
      try {
        for (let i = lane; i < messages.length; i += lanes) await c.append('INBOX', messages[i]!, ['\\Seen']);
      } finally {
        await c.logout();
      }
    }),
  );
  const now = Date.now();
  const account = await store.db
    .insertInto('mail_accounts')
    .values({
      name: `bench-inbox-${randomBytes(4).toString('hex')}`,
      display_name: 'Bench inbox',
      email: user,
      reply_to: null,
      signature_text: null,
      signature_html: null,
      provider: null,
      incoming_protocol: 'imap',
      incoming_host: IMAP.host,
      incoming_port: IMAP.port,
      incoming_security: 'starttls',
      incoming_username: user,
      incoming_password_enc: null,
      leave_copy: 1,
      smtp_host: '127.0.0.1',
      smtp_port: 25,
      smtp_security: 'none',
      smtp_auth: 0,
      smtp_username: null,
      smtp_password_enc: null,
      limit_per_second: null,
      limit_per_minute: null,
      limit_per_hour: null,
      limit_per_day: null,
      plus_addressing: 0,
      is_default: 0,
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const reader = new ImapReader({ ...IMAP, security: 'starttls', username: user, password: PASSWORD, tls: TLS, guard: { allowPrivateHosts: '127.0.0.1/8,::1' } });
  const closeReader = onCleanup('imap reader', () => reader.close());
  let stored = 0;
  let filed = 0;
  const started = performance.now();
  try {
    for (let round = 0; stored < count; round++) {
      if (round >= 20) throw new Error(`inbox: filed ${stored} of ${count} after ${round} polls`);
      const summary = await pollMailbox({ db: store.db, reader, accountId: account.id, softBounceLimit: 3 });
      stored += summary.stored;
      filed += summary.stored - summary.unfiled;
    }
    return { ms: performance.now() - started, stored, filed };
  } finally {
    await closeReader();
  }
}

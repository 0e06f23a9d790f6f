import { randomBytes } from 'node:crypto';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { findSuppression } from '../../src/modules/customers/index.js';
import { ImapReader, Pop3Client, Pop3Reader, pollMailbox, type MailboxReader } from '../../src/modules/inbox/index.js';
import { messageIdFor, plusAddressFor, TRACE_HEADER } from '../../src/modules/sending/trace.js';
import type { Store } from '../../src/platform/db/index.js';
import { describeWithServices, SERVICES } from '../helpers/services.js';
import { makeSqliteStore } from '../helpers/store-contract.js';
import { seedAccount, seedCampaign, seedCustomer } from './seed.js';
import { waitFor } from '../helpers/wait.js';

const PASSWORD = 'tidings-test';
const TLS = { rejectUnauthorized: false };
const rand = randomBytes(4).toString('hex');
const addr = (local: string) => `t-${rand}-${local}@example.test`;
const smtp = nodemailer.createTransport({ host: SERVICES.smtp.host, port: SERVICES.smtp.port, secure: false, ignoreTLS: true });

/** Polls until `done` says so, waiting on IDLE between polls; bounded by `deadlineMs`. */
async function pollUntil(store: Store, reader: MailboxReader, accountId: number, done: () => Promise<boolean>, deadlineMs = 30_000) {
  const end = Date.now() + deadlineMs;
  for (;;) {
    await pollMailbox({ db: store.db, reader, accountId, softBounceLimit: 3 });
    if (await done()) return;
    if (Date.now() > end) throw new Error('mail did not arrive in time');
    await reader.waitForChange(1000);
  }
}

/** Waits (bounded) until a POP3 mailbox holds `count` messages. */
async function pop3Count(user: string, count: number): Promise<void> {
  await waitFor(
    async () => {
      const client = await Pop3Client.connect({ ...SERVICES.pop3, security: 'starttls', username: user, password: PASSWORD, tls: TLS });
      const n = (await client.uidl()).length;
      await client.quit();
      return n === count;
    },
    { timeoutMs: 20_000, intervalMs: 250, what: `${user} to hold ${count} messages` },
  );
}

await describeWithServices(['smtp', 'imap', 'pop3'], 'inbox against Postfix + Dovecot', () => {
  let store: Store;
  beforeAll(async () => {
    store = await makeSqliteStore();
  });
  afterAll(async () => {
    await store?.close();
  });

  it('IMAP: files replies in five styles, leaves an unknowable one unfiled, and turns a real Postfix bounce into a suppression', async () => {
    const db = store.db;
    const sales = addr('sales');
    const accountId = await seedAccount(db, { name: `imap-${rand}`, email: sales, incoming_protocol: 'imap', incoming_host: '127.0.0.1', incoming_port: 143, incoming_security: 'starttls', incoming_username: sales });
    const c1 = await seedCustomer(db, 'One', [addr('c1'), addr('c1b')]);
    const c2 = await seedCustomer(db, 'Two', [addr('c2')]);
    const c3 = await seedCustomer(db, 'Three', [addr('c3')]);
    const ghost = `nosuch-${rand}@example.test`;
    const c4 = await seedCustomer(db, 'Ghost', [ghost]);
    const { campaignId, outbox } = await seedCampaign(
      db,
      [
        { customerId: c1, address: addr('c1') },
        { customerId: c2, address: addr('c2') },
        { customerId: c3, address: addr('c3') },
        { customerId: c4, address: ghost },
      ],
      accountId,
    );
    const [o1, o2, o3, o4] = outbox as [(typeof outbox)[0], (typeof outbox)[0], (typeof outbox)[0], (typeof outbox)[0]];
    // The campaign, sent the way the send pipeline does: our Message-ID, trace header, plus Reply-To.
    for (const o of outbox) {
      await smtp.sendMail({
        from: sales,
        to: o.address,
        replyTo: plusAddressFor(sales, o.token),
        subject: 'Spring Festival greetings',
        messageId: messageIdFor(o.token, sales),
        headers: { [TRACE_HEADER]: o.token },
        text: 'Happy new year!',
        envelope: { from: sales, to: o.address },
      });
    }
    const quoted = '\n\n> Happy new year!';
    await smtp.sendMail({ from: addr('c1'), to: sales, subject: 'Re: Spring Festival greetings', inReplyTo: messageIdFor(o1.token, sales), text: `Thanks!${quoted}` });
    await smtp.sendMail({ from: addr('c2'), to: sales, subject: 'Re: Spring Festival greetings', references: [messageIdFor(o2.token, sales)], text: `Same to you${quoted}` });
    await smtp.sendMail({ from: addr('c3-other'), to: plusAddressFor(sales, o3.token), subject: 'Spring Festival greetings', text: `From my other mailbox${quoted}` });
    await smtp.sendMail({ from: addr('c1b'), to: sales, subject: 'A question', text: 'Writing from my second address.' });
    await smtp.sendMail({ from: addr('c2'), to: sales, subject: 'Fwd: Spring Festival greetings', text: `---------- Forwarded message ---------\nFrom: ${sales}\n\nHappy new year!` });
    await smtp.sendMail({ from: addr('stranger'), to: sales, subject: 'Fwd: Spring Festival greetings', text: 'A friend forwarded this to me.' });

    const reader = new ImapReader({ host: '127.0.0.1', port: 143, security: 'starttls', username: sales, password: PASSWORD, tls: TLS, guard: { allowPrivateHosts: '127.0.0.1/8,::1' } });
    try {
      const stored = async () => Number((await db.selectFrom('inbox_messages').select((eb) => eb.fn.countAll<number>().as('n')).where('account_id', '=', accountId).executeTakeFirstOrThrow()).n);
      await pollUntil(store, reader, accountId, async () => (await stored()) >= 7);
      const rows = await db.selectFrom('inbox_messages').selectAll().where('account_id', '=', accountId).execute();
      const bySubject = (s: string, from: string) => rows.find((r) => r.subject === s && r.from_address === from);
      expect(bySubject('Re: Spring Festival greetings', addr('c1'))).toMatchObject({ kind: 'reply', customer_id: c1, outbox_id: o1.id, campaign_id: campaignId, filed_by: 'token' });
      expect(bySubject('Re: Spring Festival greetings', addr('c2'))).toMatchObject({ kind: 'reply', customer_id: c2, outbox_id: o2.id, filed_by: 'token' });
      expect(bySubject('Spring Festival greetings', addr('c3-other'))).toMatchObject({ customer_id: c3, outbox_id: o3.id, filed_by: 'plus' });
      expect(bySubject('A question', addr('c1b'))).toMatchObject({ customer_id: c1, filed_by: 'from', outbox_id: null });
      expect(bySubject('Fwd: Spring Festival greetings', addr('c2'))).toMatchObject({ customer_id: c2, filed_by: 'from' });
      expect(bySubject('Fwd: Spring Festival greetings', addr('stranger'))).toMatchObject({ customer_id: null, filed_by: null });

      const bounce = rows.find((r) => r.kind === 'bounce');
      expect(bounce).toMatchObject({ bounce_type: 'hard', bounce_recipient: ghost, customer_id: c4, outbox_id: o4.id, campaign_id: campaignId, filed_by: 'trace' });
      expect(bounce?.bounce_status).toMatch(/^5\.1\.1$/);
      expect(await findSuppression(db, 'email', ghost)).toMatchObject({ reason: 'hard-bounce' });
      expect(Buffer.from(bounce?.raw ?? []).toString()).toContain(`${TRACE_HEADER}: ${o4.token}`);

      // A lost cursor (or a UIDVALIDITY change) rescans the folder: nothing is filed twice.
      await db.deleteFrom('inbox_cursors').where('account_id', '=', accountId).execute();
      const rescan = await pollMailbox({ db, reader, accountId, softBounceLimit: 3 });
      expect(rescan.stored).toBe(0);
      expect(rescan.duplicates).toBe(7);
    } finally {
      await reader.close();
    }
  }, 60_000);

  for (const leaveCopy of [true, false]) {
    it(`POP3 ${leaveCopy ? 'with' : 'without'} leave-a-copy; a poll stopped after the first message resumes without filing twice`, async () => {
      const db = store.db;
      const user = addr(`pop-${leaveCopy ? 'keep' : 'del'}`);
      const accountId = await seedAccount(db, { name: `pop-${rand}-${leaveCopy}`, email: user, incoming_protocol: 'pop3', incoming_host: '127.0.0.1', incoming_port: 110, incoming_security: 'starttls', leave_copy: leaveCopy ? 1 : 0 });
      for (const i of [1, 2, 3]) await smtp.sendMail({ from: addr('writer'), to: user, subject: `pop ${i}`, text: `message ${i}` });
      await pop3Count(user, 3);
      const reader = new Pop3Reader({ connection: { ...SERVICES.pop3, security: 'starttls', username: user, password: PASSWORD, tls: TLS }, leaveCopy, guard: { allowPrivateHosts: '127.0.0.1/8,::1' } });

      // "Crash" after the first message is stored: the scan stops there.
      const first = await pollMailbox({ db, reader, accountId, softBounceLimit: 3, maxMessages: 1 });
      expect(first.stored).toBe(1);
      await pop3Count(user, leaveCopy ? 3 : 2);

      const rest = await pollMailbox({ db, reader, accountId, softBounceLimit: 3 });
      expect(rest.stored).toBe(2);
      expect(rest.duplicates).toBe(0);
      const again = await pollMailbox({ db, reader, accountId, softBounceLimit: 3 });
      expect(again.seen).toBe(0);
      await pop3Count(user, leaveCopy ? 3 : 0);
      const subjects = (await db.selectFrom('inbox_messages').select('subject').where('account_id', '=', accountId).execute()).map((r) => r.subject).sort();
      expect(subjects).toEqual(['pop 1', 'pop 2', 'pop 3']);
    }, 60_000);
  }

  it('POP3 with a wrong password fails with INBOX_AUTH_FAILED', async () => {
    await expect(Pop3Client.connect({ ...SERVICES.pop3, security: 'starttls', username: addr('x'), password: 'wrong', tls: TLS })).rejects.toMatchObject({ code: 'INBOX_AUTH_FAILED' });
  });
});

await describeWithServices(['smtp', 'imap'], 'inbox poller service', () => {
  it('two services share one mailbox: one lease, every message filed once', async () => {
    const store = await makeSqliteStore();
    const { SecretBox } = await import('../../src/platform/crypto/index.js');
    const { createInboxService } = await import('../../src/modules/inbox/index.js');
    const { createLogger } = await import('../../src/platform/logger/index.js');
    try {
      const secrets = new SecretBox(randomBytes(32));
      const user = addr('svc');
      const accountId = await seedAccount(store.db, { name: `svc-${rand}`, email: user, incoming_protocol: 'imap', incoming_host: '127.0.0.1', incoming_port: 143, incoming_security: 'starttls', incoming_password_enc: secrets.seal(PASSWORD) });
      const settings = { pollSeconds: 1, softBounceLimit: 3, leaseSeconds: 30, maxMessageBytes: 1_000_000 };
      const context = { store, secrets, logger: createLogger({ level: 'silent' }) };
      const services = [1, 2].map((i) => createInboxService({ context, settings, holder: `svc-${i}`, reader: { tls: TLS, guard: { allowPrivateHosts: '127.0.0.1/8,::1' } } }));
      for (const s of services) await s.start();
      for (const i of [1, 2]) await smtp.sendMail({ from: addr('w'), to: user, subject: `svc ${i}`, text: 'x' });
      const count = async () => (await store.db.selectFrom('inbox_messages').select('id').where('account_id', '=', accountId).execute()).length;
      await waitFor(async () => (await count()) >= 2, { timeoutMs: 20_000, intervalMs: 200, what: 'both messages filed' }).catch(() => undefined);
      const n = await count();
      const leases = await store.db.selectFrom('inbox_leases').selectAll().where('account_id', '=', accountId).execute();
      for (const s of services) await s.stop();
      expect(n).toBe(2);
      expect(leases).toHaveLength(1);
      expect(await store.db.selectFrom('inbox_leases').selectAll().where('account_id', '=', accountId).execute()).toHaveLength(0);
    } finally {
      await store.close();
    }
  }, 40_000);
});

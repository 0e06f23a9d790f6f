import { randomBytes } from 'node:crypto';
import { ImapFlow } from 'imapflow';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createMailAccount, SYSTEM_ACTOR } from '../../src/modules/accounts/index.js';
import { createSendRuntime, SentCopyTransport, TRACE_HEADER, type Campaign, type SendRuntime } from '../../src/modules/sending/index.js';
import { sendOneoff } from '../../src/modules/sending/index.js';
import type { Store } from '../../src/platform/db/index.js';
import { makeSqliteStore } from '../helpers/store-contract.js';
import { describeWithServices, SERVICES } from '../helpers/services.js';
import { testContext, waitUntil } from '../fixtures/send/harness.js';
import { seedCustomers, seedTemplateVersion } from '../fixtures/send/seed.js';

const PASSWORD = 'tidings-test';

const connect = async (address: string) => {
  const client = new ImapFlow({ ...SERVICES.imap, secure: false, auth: { user: address, pass: PASSWORD }, tls: { rejectUnauthorized: false }, logger: false });
  await client.connect();
  return client;
};

/** The path of the folder Dovecot flags \Sent in `address`'s mailbox, or undefined while it does not exist. */
async function sentFolderPath(address: string): Promise<string | undefined> {
  const client = await connect(address);
  try {
    return (await client.list()).find((f) => f.specialUse === '\\Sent' && f.specialUseSource === 'extension')?.path;
  } finally {
    await client.logout();
  }
}

/** Raw messages (with flags) in `folder` of `address`'s mailbox; `sent` is the \Sent folder (none: no messages). */
async function messagesIn(address: string, folder: 'sent' | { path: string }): Promise<{ source: Buffer; flags: Set<string> }[]> {
  const path = folder === 'sent' ? await sentFolderPath(address) : folder.path;
  if (!path) return [];
  const client = await connect(address);
  try {
    const lock = await client.getMailboxLock(path);
    try {
      if (typeof client.mailbox !== 'object' || client.mailbox.exists === 0) return [];
      const out: { source: Buffer; flags: Set<string> }[] = [];
      for await (const m of client.fetch('1:*', { source: true, flags: true })) if (m.source) out.push({ source: m.source, flags: m.flags ?? new Set() });
      return out;
    } finally {
      lock.release();
    }
  } finally {
    await client.logout();
  }
}

const messageIdOf = async (source: Buffer) => (await simpleParser(source)).messageId;

await describeWithServices(['smtp', 'imap'], "send: a copy in the sender's IMAP Sent folder (local Postfix + Dovecot)", () => {
  let store: Store;
  let runtime: SendRuntime;
  let context: ReturnType<typeof testContext>;
  const run = randomBytes(3).toString('hex');
  const sender = `sales-${run}@example.test`;

  beforeAll(async () => {
    store = await makeSqliteStore();
    context = testContext(store, { TIDINGS_PUBLIC_URL: 'https://tidings.example.test' });
    runtime = await createSendRuntime(context, { work: true });
    await runtime.start();
  });
  afterAll(async () => {
    await runtime?.close();
    await store?.close();
  });

  /** An account sending through Postfix on 25 whose mailbox is `address` on Dovecot (IMAP 143). */
  const addAccount = (address: string, imapPassword = PASSWORD) =>
    createMailAccount(store.db, context.secrets, {
      name: `acct-${randomBytes(4).toString('hex')}`,
      email: address,
      incoming: { protocol: 'imap', host: '127.0.0.1', port: SERVICES.imap.port, security: 'none', username: address, password: imapPassword },
      smtp: { host: '127.0.0.1', port: SERVICES.smtp.port, security: 'none', auth: false },
    });

  /** Waits for the campaign, then for the copies its transport started (the append runs after the send). */
  async function finish(campaign: Campaign): Promise<SentCopyTransport> {
    await waitUntil(async () => (await runtime.campaigns.get(campaign.id)).status === 'finished', 30_000, 100);
    const transport = runtime.deps.transports.forAccount(await runtime.deps.senders.resolve(campaign));
    expect(transport).toBeInstanceOf(SentCopyTransport);
    await (transport as SentCopyTransport).flush();
    return transport as SentCopyTransport;
  }

  it('files exactly one \\Seen copy of a one-off email, same Message-ID and headers; a bulk campaign files none', async () => {
    const { db } = store;
    const account = await addAccount(sender);
    // A fresh Dovecot mailbox has no Sent folder yet: the first copy creates "Sent".
    expect(await sentFolderPath(sender)).toBeUndefined();
    const to = `customer-${run}@example.test`;
    const [customer] = await seedCustomers(db, 1, () => to);

    const { campaign } = await sendOneoff(runtime.campaigns, SYSTEM_ACTOR, {
      message: { subject: 'About your order, {{customer.displayName}}', text: 'Hello {{customer.displayName}}, your order ships on Monday.' },
      account: account.id,
      customerIds: [customer!],
    });
    const transport = await finish(campaign);
    expect(transport.counts).toEqual({ appended: 1, failed: 0 });

    const row = await db.selectFrom('outbox').select(['state', 'message_id']).where('campaign_id', '=', campaign.id).executeTakeFirstOrThrow();
    expect(row.state).toBe('sent');
    let delivered: { source: Buffer }[] = [];
    await waitUntil(async () => (delivered = await messagesIn(to, { path: 'INBOX' })).length > 0, 30_000, 200);
    expect(await sentFolderPath(sender)).toBe('Sent');
    const sent = await messagesIn(sender, 'sent');
    expect(sent).toHaveLength(1);
    const copy = sent[0]!;
    expect(copy.flags.has('\\Seen')).toBe(true);
    expect(await messageIdOf(copy.source)).toBe(row.message_id);

    // The copy carries the very header lines the recipient got (Postfix only prepends its own).
    const headerLines = (raw: Buffer) => raw.toString('utf8').split(/\r?\n\r?\n/)[0]!.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/);
    const received = headerLines(delivered[0]!.source);
    for (const name of ['Message-ID', 'Date', 'Subject', 'From', 'To', 'Reply-To', TRACE_HEADER]) {
      const line = headerLines(copy.source).find((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`));
      expect(line, name).toBeDefined();
      expect(received).toContain(line);
    }

    // Bulk from the same account (same transport): delivered, but nothing filed.
    const bulkTo = `bulk-${run}@example.test`;
    const [bulkCustomer] = await seedCustomers(db, 1, () => bulkTo);
    const version = await seedTemplateVersion(db, 'News for {{customer.displayName}}', 'Dear {{customer.displayName}}, the news.');
    const bulk = await runtime.campaigns.create({ name: 'news', mailAccountId: account.id, templateVersionId: version, audience: { customerIds: [bulkCustomer] } });
    await runtime.campaigns.start(bulk.id);
    expect((await finish(bulk)).counts).toEqual({ appended: 1, failed: 0 });
    await waitUntil(async () => (await messagesIn(bulkTo, { path: 'INBOX' })).length > 0, 30_000, 200);
    expect(await messagesIn(sender, 'sent')).toHaveLength(1);
  });

  it('an explicit flag overrides the default: a bulk campaign with copyToSent files its copies', async () => {
    const { db } = store;
    const from = `bulk-copy-${run}@example.test`;
    const account = await addAccount(from);
    const [id] = await seedCustomers(db, 1, () => `bulk-copy-rcpt-${run}@example.test`);
    const version = await seedTemplateVersion(db);
    const campaign = await runtime.campaigns.create({ name: 'copied', mailAccountId: account.id, templateVersionId: version, audience: { customerIds: [id] }, copyToSent: true });
    await runtime.campaigns.start(campaign.id);
    expect((await finish(campaign)).counts).toEqual({ appended: 1, failed: 0 });
    const sent = await messagesIn(from, 'sent');
    expect(sent).toHaveLength(1);
    expect(sent[0]!.source.toString('utf8')).toMatch(/^List-Unsubscribe:\s*</m);
  });

  it('a refused IMAP login costs only the copy: the message is sent once, the failure counted', async () => {
    const { db } = store;
    const from = `wrong-pw-${run}@example.test`;
    // Dovecot's test passdb takes only tidings-test.
    const account = await addAccount(from, 'not-the-password');
    const to = `wrong-pw-rcpt-${run}@example.test`;
    const [customer] = await seedCustomers(db, 1, () => to);
    const { campaign } = await sendOneoff(runtime.campaigns, SYSTEM_ACTOR, { message: { subject: 'Hi', text: 'Hello there.' }, account: account.id, customerIds: [customer!] });
    expect((await finish(campaign)).counts).toEqual({ appended: 0, failed: 1 });
    const rows = await db.selectFrom('outbox').select(['state', 'attempts']).where('campaign_id', '=', campaign.id).execute();
    expect(rows).toEqual([{ state: 'sent', attempts: 1 }]);
    await waitUntil(async () => (await messagesIn(to, { path: 'INBOX' })).length > 0, 30_000, 200);
    expect(await messagesIn(from, 'sent')).toHaveLength(0);
  });
});

import { ImapFlow } from 'imapflow';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ingestMessage } from '../../../src/modules/inbox/index.js';
import { closeSharedSendRuntime } from '../../../src/modules/sending/index.js';
import type { Store } from '../../../src/platform/db/index.js';
import { latestSource, MAILBOX_PASSWORD } from '../../helpers/mailbox.js';
import { describeWithServices, SERVICES } from '../../helpers/services.js';
import { makeSqliteStore } from '../../helpers/store-contract.js';
import { campaignHarness, unique, type CampaignHarness, type Caller } from './campaigns.harness.js';

const newest = async (address: string) => (await latestSource(address))?.toString('utf8');

/** Subjects in `address`'s Sent folder (the one marked \Sent, else "Sent"). */
async function sentSubjects(address: string): Promise<string[]> {
  const client = new ImapFlow({ host: SERVICES.imap.host, port: SERVICES.imap.port, secure: false, auth: { user: address, pass: MAILBOX_PASSWORD }, tls: { rejectUnauthorized: false }, logger: false });
  await client.connect();
  try {
    const folders = await client.list();
    const sent = folders.find((f) => f.specialUse === '\\Sent') ?? folders.find((f) => f.path === 'Sent');
    if (!sent) return [];
    const lock = await client.getMailboxLock(sent.path);
    try {
      const subjects: string[] = [];
      if (typeof client.mailbox === 'object' && client.mailbox.exists > 0) {
        for await (const m of client.fetch('1:*', { envelope: true })) subjects.push(m.envelope?.subject ?? '');
      }
      return subjects;
    } finally {
      lock.release();
    }
  } finally {
    await client.logout();
  }
}

await describeWithServices(['submission', 'imap'], 'forwarding a customer\'s message to a colleague through the local Postfix', () => {
  let store: Store;
  let h: CampaignHarness;
  let rep: Caller;
  let repAddress: string;
  beforeAll(async () => {
    store = await makeSqliteStore();
    h = await campaignHarness(store, {}, { TIDINGS_ALLOW_PRIVATE_HOSTS: '127.0.0.1/8,::1', SEND_SMTP_ALLOW_SELF_SIGNED: '1' });
    const account = await h.mailAccount();
    repAddress = (await store.db.selectFrom('mail_accounts').select('email').where('id', '=', account).executeTakeFirstOrThrow()).email;
    rep = await h.caller('sales', { mailAccountId: account });
  });
  afterAll(async () => {
    if (h) await closeSharedSendRuntime(h.context);
    await h?.app.close();
    await store?.close();
  });

  it('arrives at the colleague from the rep\'s mailbox with the original quoted, and a copy lands in the rep\'s Sent folder', async () => {
    const run = unique();
    const customerAddress = `kehu-${run}@example.test`;
    const customer = await h.customer({ name: '孙丽', email: customerAddress, owner: rep.username });
    const raw = `From: 孙丽 <${customerAddress}>\nTo: ${repAddress}\nSubject: =?UTF-8?B?${Buffer.from(`询价 ${run}`).toString('base64')}?=\nMessage-ID: <orig-${run}@customer.test>\nDate: Mon, 07 Dec 2026 10:00:00 +0000\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\n请报价 500 箱，编号 ${run}。\n`;
    const message = await ingestMessage(store.db, { accountId: null, folder: 'test', uidKey: `fw-${run}`, raw: Buffer.from(raw.replace(/\n/g, '\r\n')) }, { softBounceLimit: 3 });
    await store.db.updateTable('inbox_messages').set({ customer_id: customer }).where('id', '=', message.id).execute();

    const colleague = `colleague-${run}@example.test`;
    const sent = await h.call(rep, 'POST', `/api/inbox/messages/${message.id}/forward`, { to: [colleague], text: `老板，请看 ${run}` });
    expect(sent.statusCode, sent.body).toBe(201);

    await expect.poll(() => newest(colleague), { timeout: 30_000, interval: 250 }).toContain(`<orig-${run}@customer.test>`);
    const mail = await simpleParser((await newest(colleague))!);
    expect(mail.subject).toBe(`Fwd: 询价 ${run}`);
    expect(mail.from?.value[0]?.address).toBe(repAddress);
    expect(mail.text).toContain(`老板，请看 ${run}`);
    expect(mail.text).toContain('---------- Forwarded message ---------');
    expect(mail.text).toContain(`From: 孙丽 <${customerAddress}>`);
    expect(mail.text).toContain(`请报价 500 箱，编号 ${run}。`);
    expect(mail.references).toContain(`<orig-${run}@customer.test>`);
    await expect.poll(() => sentSubjects(repAddress), { timeout: 30_000, interval: 500 }).toContain(`Fwd: 询价 ${run}`);
  });
});

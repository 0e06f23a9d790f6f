import { expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import { countMyUnreadReplies, countUnfiled, forwardMessage, markRead, myInbox, readableInboxMessage, replyToMessage } from '../../src/modules/inbox/index.js';
import type { CampaignService, TransportProvider } from '../../src/modules/sending/index.js';
import type { DatabaseSchema } from '../../src/platform/db/index.js';
import { describeStoreContract } from '../helpers/store-contract.js';
import { seedAccount, seedCustomer } from './seed.js';

type Db = Kysely<DatabaseSchema>;

async function seedMessage(db: Db, values: { accountId: number | null; customerId: number | null; subject: string }): Promise<number> {
  const row = await db
    .insertInto('inbox_messages')
    .values({
      account_id: values.accountId,
      folder: 'INBOX',
      uid_key: `u-${values.subject}`,
      message_key: `k-${values.subject}`,
      message_id: `<${values.subject}@example.test>`,
      in_reply_to: null,
      references_header: null,
      from_address: 'customer@example.test',
      from_name: 'Customer',
      to_addresses: '[]',
      subject: values.subject,
      date_at: 1_700_000_000_000,
      kind: 'reply',
      text: 'hello',
      html: null,
      attachments: '[]',
      raw: Buffer.from('x'),
      raw_size: 1,
      customer_id: values.customerId,
      outbox_id: null,
      campaign_id: null,
      created_at: 1_700_000_000_000,
    } as never)
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

// Nothing may be sent: every refusal below must come before any sending port is touched.
const noCampaigns = (db: Db) => ({ db }) as unknown as CampaignService;
const noTransports: TransportProvider = {
  forAccount: () => {
    throw new Error('must not send');
  },
} as unknown as TransportProvider;

describeStoreContract('the read check for a received message lives in the inbox module', (store) => {
  it('the message page, reply, forward and My inbox all refuse mail from someone else\'s personal mailbox and, for a rep, mail of other reps\' customers', async () => {
    const { db } = store();
    const now = 1_700_000_000_000;
    const users = await Promise.all(
      ['li', 'wang'].map(async (username) =>
        Number((await db.insertInto('users').values({ username, display_name: username, role: 'sales', password_hash: null, disabled: 0, mail_account_id: null, created_at: now, updated_at: now } as never).returning('id').executeTakeFirstOrThrow()).id),
      ),
    );
    const [liId, wangId] = users as [number, number];
    const liBox = await seedAccount(db, { name: 'li-box', email: 'li@example.test', owner_user_id: liId } as never);
    const liCustomer = await seedCustomer(db, '李客户', ['li.customer@example.test']);
    await db.updateTable('customers').set({ owner: 'li' }).where('id', '=', liCustomer).execute();
    const fromLiBox = await seedMessage(db, { accountId: liBox, customerId: liCustomer, subject: 'li-box' });
    const wang = { actor: { id: wangId, role: 'sales', mailAccountId: null }, ownCustomersOf: 'wang' };
    const li = { actor: { id: liId, role: 'sales', mailAccountId: liBox }, ownCustomersOf: 'li' };

    await expect(readableInboxMessage(db, fromLiBox, li)).resolves.toMatchObject({ subject: 'li-box' });
    await expect(readableInboxMessage(db, fromLiBox, wang)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    // Wang owning the customer is not enough: the mail came from Li's own mailbox.
    await expect(readableInboxMessage(db, fromLiBox, { ...wang, ownCustomersOf: undefined })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(readableInboxMessage(db, 999_999, li)).rejects.toMatchObject({ code: 'NOT_FOUND' });

    const unfiled = await seedMessage(db, { accountId: null, customerId: null, subject: 'unfiled' });
    await expect(readableInboxMessage(db, unfiled, { actor: { id: null, role: 'admin' } })).resolves.toMatchObject({ subject: 'unfiled' });
    await expect(readableInboxMessage(db, unfiled, li)).rejects.toMatchObject({ code: 'NOT_FOUND' });

    await expect(
      replyToMessage(noCampaigns(db), wang.actor, { messageId: fromLiBox, text: 'hi', createdBy: 'wang', readsOwnCustomersOf: 'wang' }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(
      forwardMessage({ db, loadAccount: () => Promise.reject(new Error('must not load')), transports: noTransports }, wang.actor, {
        messageId: fromLiBox,
        to: ['boss@example.test'],
        note: '',
        createdBy: 'wang',
        readsOwnCustomersOf: 'wang',
      }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });

    // My inbox filters in the query: Wang owns a customer whose answer came through Li's mailbox.
    await db.updateTable('customers').set({ owner: 'wang' }).where('id', '=', liCustomer).execute();
    expect((await myInbox(db, { userId: wangId, username: 'wang', actor: wang.actor })).map((m) => m.subject)).toEqual([]);
    expect((await myInbox(db, { userId: liId, username: 'li', actor: li.actor })).map((m) => m.subject)).toEqual([]);
    await db.updateTable('customers').set({ owner: 'li' }).where('id', '=', liCustomer).execute();
    expect((await myInbox(db, { userId: liId, username: 'li', actor: li.actor })).map((m) => m.subject)).toEqual(['li-box']);

    // The overview's counts apply the same rule, in the query.
    await seedMessage(db, { accountId: liBox, customerId: null, subject: 'li-box-unfiled' });
    expect(await countUnfiled(db, wang.actor)).toBe(1);
    expect(await countUnfiled(db, li.actor)).toBe(2);
    expect(await countMyUnreadReplies(db, { userId: liId, username: 'li', actor: li.actor })).toBe(1);
    expect(await countMyUnreadReplies(db, { userId: wangId, username: 'wang', actor: wang.actor })).toBe(0);
    await markRead(db, fromLiBox, liId);
    expect(await countMyUnreadReplies(db, { userId: liId, username: 'li', actor: li.actor })).toBe(0);
  });
});

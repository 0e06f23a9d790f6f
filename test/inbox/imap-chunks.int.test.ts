import { randomBytes } from 'node:crypto';
import { ImapFlow } from 'imapflow';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ImapReader, pollMailbox, type MailboxReader, type ScannedMessage } from '../../src/modules/inbox/index.js';
import type { Store } from '../../src/platform/db/index.js';
import { describeWithServices, SERVICES } from '../helpers/services.js';
import { makeSqliteStore } from '../helpers/store-contract.js';
import { seedAccount } from './seed.js';

const PASSWORD = 'tidings-test';
const TLS = { rejectUnauthorized: false };
const rand = randomBytes(4).toString('hex');

/** APPENDs `count` small messages (message i has a body of `bodyBytes[i]` bytes, default 40). */
async function appendMessages(user: string, count: number, bodyBytes: (i: number) => number = () => 40): Promise<void> {
  const client = new ImapFlow({ ...SERVICES.imap, secure: false, auth: { user, pass: PASSWORD }, tls: TLS, logger: false });
  await client.connect();
  try {
    for (let i = 0; i < count; i += 1) {
      const source = [`From: <someone-${i}@example.test>`, `To: <${user}>`, `Subject: chunk ${i}`, `Message-ID: <${i}.${user}>`, '', 'x'.repeat(bodyBytes(i)), ''].join('\r\n');
      await client.append('INBOX', source);
    }
  } finally {
    await client.logout();
  }
}

/** Passes `inner` through but fails after `failAfter` messages: a crash in the middle of a chunk. */
function crashingReader(inner: MailboxReader, failAfter: number): MailboxReader {
  return {
    async *scan(cursors) {
      let n = 0;
      for await (const item of inner.scan(cursors) as AsyncIterable<ScannedMessage>) {
        if (n === failAfter) throw new Error('crash mid-chunk');
        n += 1;
        yield item;
      }
    },
    waitForChange: (ms, signal) => inner.waitForChange(ms, signal),
    close: () => inner.close(),
  };
}

await describeWithServices(['imap'], 'IMAP reader: chunked fetch, one transaction per chunk', () => {
  let store: Store;
  beforeAll(async () => {
    store = await makeSqliteStore();
  });
  afterAll(async () => {
    await store?.close();
  });

  it('a crash mid-chunk stores nothing of that chunk, resumes from the cursor and files every message once', async () => {
    const db = store.db;
    const user = `t-${rand}-chunks@example.test`;
    const accountId = await seedAccount(db, { name: `chunks-${rand}`, email: user, incoming_protocol: 'imap', incoming_host: '127.0.0.1', incoming_port: 143, incoming_security: 'starttls', incoming_username: user });
    await appendMessages(user, 7);
    const reader = new ImapReader({ ...SERVICES.imap, security: 'starttls', username: user, password: PASSWORD, tls: TLS, chunkMessages: 3, guard: { allowPrivateHosts: '127.0.0.1/8,::1' } });
    const stored = async () => (await db.selectFrom('inbox_messages').select('uid_key').where('account_id', '=', accountId).execute()).map((r) => r.uid_key);
    const cursor = async () => JSON.parse((await db.selectFrom('inbox_cursors').select('state').where('account_id', '=', accountId).executeTakeFirstOrThrow()).state) as { lastUid: number };
    try {
      // Chunks are [1..3] [4..6] [7]: failing on the 5th message loses the second chunk whole.
      await expect(pollMailbox({ db, reader: crashingReader(reader, 4), accountId, softBounceLimit: 3 })).rejects.toThrow('crash mid-chunk');
      expect(await stored()).toHaveLength(3);
      expect((await cursor()).lastUid).toBe(3);

      const resumed = await pollMailbox({ db, reader, accountId, softBounceLimit: 3 });
      expect(resumed).toMatchObject({ seen: 4, stored: 4, duplicates: 0 });
      expect(new Set(await stored()).size).toBe(7);
      expect((await cursor()).lastUid).toBe(7);

      // maxMessages stops inside a chunk: what was read is stored and the cursor stops right there.
      await db.deleteFrom('inbox_cursors').where('account_id', '=', accountId).execute();
      const partial = await pollMailbox({ db, reader, accountId, softBounceLimit: 3, maxMessages: 2 });
      expect(partial).toMatchObject({ seen: 2, stored: 0, duplicates: 2 });
      expect((await cursor()).lastUid).toBe(2);
    } finally {
      await reader.close();
    }
  }, 30_000);

  it('cuts a source longer than maxMessageBytes and still files it', async () => {
    const db = store.db;
    const user = `t-${rand}-big@example.test`;
    const accountId = await seedAccount(db, { name: `big-${rand}`, email: user, incoming_protocol: 'imap', incoming_host: '127.0.0.1', incoming_port: 143, incoming_security: 'starttls', incoming_username: user });
    await appendMessages(user, 3, (i) => (i === 1 ? 50_000 : 40));
    const reader = new ImapReader({ ...SERVICES.imap, security: 'starttls', username: user, password: PASSWORD, tls: TLS, maxMessageBytes: 4_000, guard: { allowPrivateHosts: '127.0.0.1/8,::1' } });
    try {
      const summary = await pollMailbox({ db, reader, accountId, softBounceLimit: 3 });
      expect(summary).toMatchObject({ seen: 3, stored: 3 });
      const rows = await db.selectFrom('inbox_messages').select(['subject', 'raw']).where('account_id', '=', accountId).orderBy('id').execute();
      expect(rows.map((r) => r.subject)).toEqual(['chunk 0', 'chunk 1', 'chunk 2']);
      expect(Buffer.from(rows[1]!.raw).length).toBe(4_000);
      expect(Buffer.from(rows[0]!.raw).length).toBeLessThan(4_000);
    } finally {
      await reader.close();
    }
  }, 30_000);
});

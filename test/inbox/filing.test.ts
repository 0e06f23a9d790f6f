import { randomBytes } from 'node:crypto';
import { expect, it } from 'vitest';
import { findSuppression } from '../../src/modules/customers/index.js';
import { assignMessage, confirmEffect, customerTimeline, exportMbox, importMessages, ingestMessage, listUnfiled, replyCounts } from '../../src/modules/inbox/index.js';
import { UnsubscribeTokens } from '../../src/modules/sending/index.js';
import { messageIdFor, plusAddressFor, TRACE_HEADER } from '../../src/modules/sending/trace.js';
import { describeStoreContract } from '../helpers/store-contract.js';
import { seedCampaign, seedCustomer } from './seed.js';

const TOKENS = new UnsubscribeTokens(randomBytes(32));
const OPTS = { softBounceLimit: 2, unsubscribeTokens: TOKENS };
let n = 0;
const src = (raw: string) => ({ accountId: null, folder: 'test', uidKey: String(++n), raw: Buffer.from(raw.replace(/\n/g, '\r\n')) });

describeStoreContract('inbox filing', (store) => {
  it('files by token, trace, plus-address and From, in that order; ambiguous From stays unfiled', async () => {
    const db = store().db;
    const a = await seedCustomer(db, 'A', ['a@example.test', 'a2@example.test']);
    const b = await seedCustomer(db, 'B', ['b@example.test', 'shared@example.test']);
    const c = await seedCustomer(db, 'C', ['shared@example.test']);
    const { campaignId, outbox } = await seedCampaign(db, [{ customerId: a, address: 'a@example.test' }, { customerId: b, address: 'b@example.test' }]);
    const [oa, ob] = outbox as [typeof outbox[0], typeof outbox[0]];

    // Token in In-Reply-To wins over a From that belongs to someone else.
    const r1 = await ingestMessage(db, src(`From: b@example.test\nTo: sales@example.test\nSubject: Re: hi\nMessage-ID: <r1@x>\nIn-Reply-To: ${messageIdFor(oa.token, 'sales@example.test')}\n\nthanks`), OPTS);
    expect(r1.filing).toMatchObject({ customerId: a, outboxId: oa.id, campaignId, filedBy: 'token' });
    expect(r1.classification.kind).toBe('reply');

    // Only References.
    const r2 = await ingestMessage(db, src(`From: x@elsewhere.test\nSubject: Re: hi\nMessage-ID: <r2@x>\nReferences: <other@x> ${messageIdFor(ob.token, 'sales@example.test')}\n\nok`), OPTS);
    expect(r2.filing).toMatchObject({ customerId: b, filedBy: 'token' });

    // Bounce quoting our trace header.
    const r3 = await ingestMessage(
      db,
      src(`From: MAILER-DAEMON@mx.test\nSubject: Undelivered Mail Returned to Sender\nMessage-ID: <r3@x>\nContent-Type: multipart/report; report-type=delivery-status; boundary=Q\n\n--Q\nContent-Type: text/plain\n\n<a@example.test>: 550 5.1.1 user unknown\n\n--Q\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mx.test\n\nFinal-Recipient: rfc822; a@example.test\nAction: failed\nStatus: 5.1.1\nDiagnostic-Code: smtp; 550 5.1.1 user unknown\n\n--Q\nContent-Type: text/rfc822-headers\n\nFrom: sales@example.test\n${TRACE_HEADER}: ${oa.token}\n\n--Q--\n`),
      OPTS,
    );
    expect(r3.classification.kind).toBe('bounce');
    expect(r3.filing).toMatchObject({ customerId: a, outboxId: oa.id, filedBy: 'trace' });
    expect(r3.suppressed).toEqual(['a@example.test']);
    expect(await findSuppression(db, 'email', 'a@example.test')).toMatchObject({ reason: 'hard-bounce' });

    // Plus-address token.
    const r4 = await ingestMessage(db, src(`From: someone@else.test\nTo: ${plusAddressFor('sales@example.test', ob.token)}\nSubject: hello\nMessage-ID: <r4@x>\n\nquoted text`), OPTS);
    expect(r4.filing).toMatchObject({ customerId: b, filedBy: 'plus' });

    // From: a second address of A.
    const r5 = await ingestMessage(db, src(`From: A2 <A2@example.test>\nSubject: new question\nMessage-ID: <r5@x>\n\n?`), OPTS);
    expect(r5.filing).toMatchObject({ customerId: a, filedBy: 'from' });

    // From shared by B and C: unfiled with both as candidates; then assigned by hand.
    const r6 = await ingestMessage(db, src(`From: shared@example.test\nSubject: who am I\nMessage-ID: <r6@x>\n\n?`), OPTS);
    expect(r6.filing.customerId).toBeNull();
    expect([...r6.filing.candidates].sort()).toEqual([b, c].sort());
    const unfiled = await listUnfiled(db);
    expect(unfiled.find((u) => u.id === r6.id)?.candidates.length).toBe(2);
    await assignMessage(db, r6.id as number, c);
    expect((await listUnfiled(db)).find((u) => u.id === r6.id)).toBeUndefined();
    await expect(assignMessage(db, r6.id as number, 999_999)).rejects.toMatchObject({ code: 'NOT_FOUND' });

    // Duplicate Message-ID: nothing filed twice.
    const again = await ingestMessage(db, src(`From: b@example.test\nMessage-ID: <r1@x>\n\nthanks`), OPTS);
    expect(again.stored).toBe(false);

    expect((await replyCounts(db, [campaignId])).get(campaignId)).toBe(2);
    const timeline = await customerTimeline(db, a);
    expect(timeline.map((e) => e.direction)).toContain('out');
    expect(timeline.filter((e) => e.direction === 'in').map((e) => e.status).sort()).toEqual(['bounce', 'other', 'reply']);
    expect(timeline.find((e) => e.direction === 'out')?.subject).toBe('Spring Festival greetings');

    const mbox = await exportMbox(db, { customerId: a });
    expect(mbox.toString().match(/^From /gm)?.length).toBe(3);
  });

  it('suppresses after N proven soft bounces, and on a mailto unsubscribe carrying our signed token', async () => {
    const db = store().db;
    const c = await seedCustomer(db, 'Full', ['full@example.test']);
    const l = await seedCustomer(db, 'Leaver', ['leaver@example.test']);
    const { outbox } = await seedCampaign(db, [{ customerId: c, address: 'full@example.test' }, { customerId: l, address: 'leaver@example.test' }]);
    const [full, leaver] = outbox as [typeof outbox[0], typeof outbox[0]];
    // A soft bounce quoting our message to full@ (proven); the same without our trace proves nothing.
    const soft = (i: number, traced: boolean) =>
      src(
        `From: MAILER-DAEMON@mx.test\nSubject: Undelivered Mail Returned to Sender\nMessage-ID: <soft${i}@x>\nX-Failed-Recipients: full@example.test\n\n<full@example.test>: 552 5.2.2 mailbox full\n` +
          (traced ? `\n--- original message ---\nTo: full@example.test\n${TRACE_HEADER}: ${full.token}\n` : ''),
      );
    const forged = await ingestMessage(db, soft(0, false), OPTS);
    expect(forged).toMatchObject({ verification: 'unverified', suppressed: [] });
    const first = await ingestMessage(db, soft(1, true), OPTS);
    expect(first.classification.bounce?.type).toBe('soft');
    expect(first).toMatchObject({ verification: 'verified', suppressed: [] });
    // The forged one did not count: only the second proven bounce reaches the limit of 2.
    expect((await ingestMessage(db, soft(2, true), OPTS)).suppressed).toEqual(['full@example.test']);
    expect(await findSuppression(db, 'email', 'full@example.test')).toMatchObject({ reason: 'soft-bounce' });

    // "unsubscribe" from any From is only a request for a person to confirm.
    const bare = await ingestMessage(db, src(`From: Leaver <leaver@example.test>\nSubject: unsubscribe\nMessage-ID: <u1@x>\n\n`), OPTS);
    expect(bare.classification.kind).toBe('unsubscribe');
    expect(bare).toMatchObject({ verification: 'unverified', suppressed: [] });
    expect(await findSuppression(db, 'email', 'leaver@example.test')).toBeUndefined();
    // With the token our List-Unsubscribe mailto puts in the subject, it is honoured for that row.
    const token = TOKENS.sign({ id: leaver.id, channel: 'email', address: leaver.address });
    const u = await ingestMessage(db, src(`From: Leaver <leaver@example.test>\nSubject: unsubscribe ${token}\nMessage-ID: <u2@x>\n\n`), OPTS);
    expect(u).toMatchObject({ verification: 'verified', suppressed: ['leaver@example.test'] });
    expect(u.filing).toMatchObject({ outboxId: leaver.id, customerId: l, filedBy: 'token' });
    expect(await findSuppression(db, 'email', 'leaver@example.test')).toMatchObject({ reason: 'unsubscribed' });
    // The unverified request can still be confirmed by a person; the address is already suppressed.
    expect(await confirmEffect(db, bare.id!, { ...OPTS, userId: null })).toMatchObject({ verification: 'confirmed', suppressed: [] });
  });

  it('imports an mbox archive once', async () => {
    const db = store().db;
    const archive = Buffer.from('From x Thu Jan  1 00:00:00 1970\nMessage-ID: <imp1@x>\nSubject: one\n\n>From body\n\nFrom y Thu Jan  1 00:00:00 1970\nMessage-ID: <imp2@x>\nSubject: two\n\nz\n');
    expect(await importMessages(db, archive, OPTS)).toMatchObject({ messages: 2, stored: 2 });
    expect(await importMessages(db, archive, OPTS)).toMatchObject({ messages: 2, stored: 0, duplicates: 2 });
    await expect(importMessages(db, Buffer.from('\x00\x01binary'), OPTS)).rejects.toMatchObject({ code: 'INBOX_UNPARSABLE_FILE' });
  });
});

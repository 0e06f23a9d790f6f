import { afterAll, beforeAll, expect, it } from 'vitest';
import { suppress } from '../../../src/modules/customers/index.js';
import { ingestMessage } from '../../../src/modules/inbox/index.js';
import { createLogger } from '../../../src/platform/logger/index.js';
import { AudienceRecipientSource, CampaignService, InProcessDispatcher, messageIdFor, TRACE_HEADER, type OutgoingEmail, type TransportProvider } from '../../../src/modules/sending/index.js';
import { describeStoreContract } from '../../helpers/store-contract.js';
import { campaignHarness, codeOf, unique, type CampaignHarness, type Caller } from './campaigns.harness.js';

interface Skipped {
  customerId: number;
  name: string;
  reason: string;
  address: string | null;
  since: number | null;
}
interface Sent {
  id: number;
  kind: string;
  progress: { total: number; counts: Record<string, number> };
  skipped: Skipped[];
}

let n = 0;
const src = (raw: string) => ({ accountId: null, folder: 'test', uidKey: `rep-${++n}-${unique()}`, raw: Buffer.from(raw.replace(/\n/g, '\r\n')) });
const OPTS = { softBounceLimit: 3 };

describeStoreContract("the sales rep's day (routes)", (store) => {
  let h: CampaignHarness;
  const dispatcher = new InProcessDispatcher({ process: async () => ({ kind: 'done', outcome: 'unused' }), concurrency: 1, logger: createLogger({ level: 'silent' }) });
  let account: number;
  let rep: Caller;
  let other: Caller;
  let marketer: Caller;
  let wang: number;
  let li: number;
  let nobody: number;
  let wangAddress: string;
  let sent: Sent;
  // Forwards to any address go straight to the rep's mailbox's transport: recorded here.
  const forwardsSent: OutgoingEmail[] = [];
  const forwardTransports: TransportProvider = {
    forAccount: () => ({ send: async (m) => (forwardsSent.push(m), { messageId: m.messageId, response: '250 ok' }), close: async () => {} }),
    close: async () => {},
  };

  beforeAll(async () => {
    const db = store().db;
    const campaigns = new CampaignService({ db, recipients: new AudienceRecipientSource(db, { timeZone: 'Asia/Shanghai', region: 'CN' }), dispatcher });
    h = await campaignHarness(store(), { campaigns, forwardTransports }, { TIDINGS_ALLOW_PRIVATE_HOSTS: '127.0.0.1/8,::1' });
    account = await h.mailAccount();
    rep = await h.caller('sales', { mailAccountId: account });
    other = await h.caller('sales', { mailAccountId: await h.mailAccount() });
    marketer = await h.caller('marketer');
    wangAddress = `wang-${unique()}@example.test`;
    wang = await h.customer({ name: '王芳', email: wangAddress, owner: rep.username });
    const liAddress = `li-${unique()}@example.test`;
    li = await h.customer({ name: '李雷', email: liAddress, owner: rep.username });
    nobody = await h.customer({ name: '张三', owner: rep.username });
    await suppress(db, { channel: 'email', value: liAddress, reason: 'unsubscribed', detail: 'mailto unsubscribe' });
  });
  afterAll(async () => {
    await h?.app.close();
    await dispatcher.close();
  });

  it('a one-off that skips someone says who and why; the one-off stays out of the marketers\' lists and shows in the rep\'s own', async () => {
    const response = await h.call(rep, 'POST', '/api/send', { customerIds: [wang, li, nobody], subject: '{{customer.displayName}}，年末问候', text: '您好 {{customer.displayName}}' });
    expect(response.statusCode, response.body).toBe(201);
    sent = response.json() as Sent;
    expect(sent.progress.counts).toMatchObject({ queued: 1 });
    expect(sent.skipped).toEqual([
      expect.objectContaining({ customerId: li, name: '李雷', reason: 'unsubscribed', since: expect.any(Number) }),
      expect.objectContaining({ customerId: nobody, name: '张三', reason: 'no-address', address: null }),
    ]);

    const templates = (await h.call(marketer, 'GET', '/api/templates')).json() as { name: string }[];
    expect(templates.filter((t) => t.name.startsWith('one-off '))).toEqual([]);
    const bulk = (await h.call(marketer, 'GET', '/api/campaigns')).json() as { id: number }[];
    expect(bulk.map((c) => c.id)).not.toContain(sent.id);
    const oneoffs = (await h.call(marketer, 'GET', '/api/campaigns?kind=oneoff')).json() as { id: number }[];
    expect(oneoffs.map((c) => c.id)).toContain(sent.id);
    const mine = (await h.call(rep, 'GET', '/api/send/mine')).json() as { campaignId: number; recipients: number }[];
    expect(mine.find((m) => m.campaignId === sent.id)).toMatchObject({ recipients: 1 });
    expect((await h.call(other, 'GET', '/api/send/mine')).json()).toEqual([]);
  });

  it('the preview is rendered for the customer from the rep\'s own mailbox, with the customer\'s merge fields', async () => {
    const preview = await h.call(rep, 'POST', '/api/send/preview', { customerId: wang, subject: '{{customer.displayName}}，年末问候', text: '您好 {{customer.displayName}}' });
    expect(preview.statusCode, preview.body).toBe(200);
    expect(preview.json()).toMatchObject({ customerName: '王芳', subject: '王芳，年末问候', from: { id: account } });
    expect((preview.json() as { text: string }).text).toContain('您好 王芳');
    expect((preview.json() as { fields: { insert: string; value: string }[] }).fields).toContainEqual({ insert: '{{customer.displayName}}', path: 'customer.displayName', value: '王芳' });
    expect((await h.call(rep, 'GET', '/api/send/from')).json()).toMatchObject({ from: { id: account } });
    const without = await h.caller('sales');
    expect((await h.call(without, 'GET', '/api/send/from')).json()).toEqual({ from: null });
    // Someone else's customer is not previewed.
    const foreign = await h.call(other, 'POST', '/api/send/preview', { customerId: wang, subject: 'x', text: 'y' });
    expect(foreign.statusCode).toBe(404);
  });

  it('My inbox lists the reply and the bounce, unread until opened; the bounce turns the sent row into not delivered', async () => {
    const db = store().db;
    const row = await db.selectFrom('outbox').select(['id', 'reply_token']).where('campaign_id', '=', sent.id).where('customer_id', '=', wang).executeTakeFirstOrThrow();
    await db.updateTable('outbox').set({ state: 'sent', sent_at: Date.now(), subject: '王芳，年末问候' }).where('id', '=', row.id).execute();
    const ourId = messageIdFor(row.reply_token, 'rep@example.test');
    const customerMessageId = `<reply-${unique()}@customer.test>`;
    const reply = await ingestMessage(db, src(`From: 王芳 <${wangAddress}>\nSubject: Re: 王芳，年末问候\nMessage-ID: ${customerMessageId}\nIn-Reply-To: ${ourId}\nReferences: ${ourId}\nDate: Mon, 07 Dec 2026 08:00:00 +0000\n\n谢谢！`), OPTS);
    const bounce = await ingestMessage(
      db,
      src(
        `From: MAILER-DAEMON@mx.test\nSubject: Undelivered Mail Returned to Sender\nMessage-ID: <b-${unique()}@mx.test>\nDate: Mon, 07 Dec 2026 09:00:00 +0000\nContent-Type: multipart/report; report-type=delivery-status; boundary=Q\n\n--Q\nContent-Type: text/plain\n\nfailed\n\n--Q\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mx.test\n\nFinal-Recipient: rfc822; ${wangAddress}\nAction: failed\nStatus: 5.1.1\nDiagnostic-Code: smtp; 550 5.1.1 user unknown\n\n--Q\nContent-Type: text/rfc822-headers\n\nFrom: rep@example.test\n${TRACE_HEADER}: ${row.reply_token}\n\n--Q--\n`,
      ),
      OPTS,
    );
    expect(bounce.classification.kind).toBe('bounce');

    const after = await db.selectFrom('outbox').select(['state', 'error_code']).where('id', '=', row.id).executeTakeFirstOrThrow();
    expect(after).toEqual({ state: 'failed', error_code: 'SEND_BOUNCED' });
    const mineSent = (await h.call(rep, 'GET', '/api/send/mine')).json() as { campaignId: number; sent: number; notDelivered: number }[];
    expect(mineSent.find((m) => m.campaignId === sent.id)).toMatchObject({ sent: 0, notDelivered: 1 });

    const inbox = (await h.call(rep, 'GET', '/api/inbox/mine')).json() as { id: number; kind: string; read: boolean; customerName: string | null }[];
    expect(inbox.map((m) => [m.id, m.kind, m.read])).toEqual([
      [bounce.id, 'bounce', false],
      [reply.id, 'reply', false],
    ]);
    expect((await h.call(other, 'GET', '/api/inbox/mine')).json()).toEqual([]);
    expect((await h.call(rep, 'GET', `/api/inbox/messages/${reply.id}`)).statusCode).toBe(200);
    const reread = (await h.call(rep, 'GET', '/api/inbox/mine')).json() as { id: number; read: boolean }[];
    expect(reread.find((m) => m.id === reply.id)?.read).toBe(true);
    expect(reread.find((m) => m.id === bounce.id)?.read).toBe(false);

    // The customer's page: the merged subject and the outcome, and what blocks mail to 李雷.
    const timeline = (await h.call(rep, 'GET', `/api/customers/${wang}/timeline`)).json() as { direction: string; subject: string; outcome: string | null; outcomeDetail: string | null }[];
    expect(timeline.find((e) => e.direction === 'out')).toMatchObject({ subject: '王芳，年末问候', outcome: 'bounced', outcomeDetail: expect.stringContaining('5.1.1') });
    const blocked = (await h.call(rep, 'GET', `/api/customers/${li}/suppressions`)).json() as { channel: string; reason: string }[];
    expect(blocked).toEqual([expect.objectContaining({ channel: 'email', reason: 'unsubscribed' })]);
    expect((await h.call(other, 'GET', `/api/customers/${li}/suppressions`)).statusCode).toBe(404);

    // Reply: threaded under the customer's message, a one-off to 王芳 from the rep's mailbox.
    const answered = await h.call(rep, 'POST', `/api/inbox/messages/${reply.id}/reply`, { text: '不客气 {{customer.displayName}}' });
    expect(answered.statusCode, answered.body).toBe(201);
    expect(answered.json()).toMatchObject({ customerId: wang, subject: 'Re: 王芳，年末问候', inReplyTo: customerMessageId });
    const campaign = await db
      .selectFrom('campaigns')
      .select(['kind', 'in_reply_to', 'references_header', 'mail_account_id'])
      .where('id', '=', (answered.json() as { campaignId: number }).campaignId)
      .executeTakeFirstOrThrow();
    expect(campaign).toEqual({ kind: 'oneoff', in_reply_to: customerMessageId, references_header: `${ourId} ${customerMessageId}`, mail_account_id: account });
    // Forward: the message, quoted, to another of the rep's customers; a new thread.
    const colleague = await h.customer({ name: '赵敏', email: `zhao-${unique()}@example.test`, owner: rep.username });
    const forwarded = await h.call(rep, 'POST', `/api/inbox/messages/${reply.id}/reply`, { text: '请看王芳的回信', forwardTo: colleague });
    expect(forwarded.statusCode, forwarded.body).toBe(201);
    expect(forwarded.json()).toMatchObject({ customerId: colleague, subject: 'Fwd: Re: 王芳，年末问候', inReplyTo: null });
    const theirs = await h.customer({ name: 'x', email: `x-${unique()}@example.test`, owner: 'someone-else' });
    const refused = await h.call(rep, 'POST', `/api/inbox/messages/${reply.id}/reply`, { text: 'x', forwardTo: theirs });
    expect([refused.statusCode, codeOf(refused)]).toEqual([403, 'AUTH_FORBIDDEN']);
    // Someone else's conversation is not theirs to answer.
    const foreign = await h.call(other, 'POST', `/api/inbox/messages/${reply.id}/reply`, { text: 'hi' });
    expect([foreign.statusCode, codeOf(foreign)]).toEqual([404, 'NOT_FOUND']);
  });

  it('forwards a customer\'s message to any address (a colleague), quoted, from the rep\'s mailbox and onto the customer\'s timeline; refuses blocked and invalid addresses', async () => {
    const db = store().db;
    const zhou = await h.customer({ name: '周杰', email: `zhou-${unique()}@example.test`, owner: rep.username });
    const original = `<fw-${unique()}@customer.test>`;
    const message = await ingestMessage(db, src(`From: 周杰 <${(await db.selectFrom('customer_emails').select('email').where('customer_id', '=', zhou).executeTakeFirstOrThrow()).email}>\nTo: rep@example.test\nSubject: 询价 {{x}}\nMessage-ID: ${original}\nDate: Mon, 07 Dec 2026 10:00:00 +0000\n\n请报价 500 箱。`), OPTS);
    await db.updateTable('inbox_messages').set({ customer_id: zhou }).where('id', '=', message.id).execute();
    const colleague = `boss-${unique()}@example.test`;

    const ok = await h.call(rep, 'POST', `/api/inbox/messages/${message.id}/forward`, { to: [` ${colleague.toUpperCase()} `], text: '请帮忙看看' });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json()).toMatchObject({ to: [colleague], subject: 'Fwd: 询价 {{x}}', customerId: zhou });
    const mail = forwardsSent.at(-1)!;
    expect(mail).toMatchObject({ to: colleague, subject: 'Fwd: 询价 {{x}}', copyToSent: true, headers: { References: original } });
    expect(mail.from.address).toMatch(/@example\.test$/);
    expect(mail.text).toMatch(/^请帮忙看看\n\n---------- Forwarded message ---------\nFrom: 周杰 <zhou-.*>\nDate: Mon, 07 Dec 2026 10:00:00 GMT\nSubject: 询价 \{\{x\}\}\nTo: rep@example\.test\n\n请报价 500 箱。/);
    const timeline = (await h.call(rep, 'GET', `/api/customers/${zhou}/timeline`)).json() as { direction: string; status: string; address: string; subject: string }[];
    expect(timeline.find((e) => e.status === 'forwarded')).toMatchObject({ direction: 'out', address: colleague, subject: 'Fwd: 询价 {{x}}' });

    // An unsubscribe withdraws marketing only: forwarding to 李雷 is fine; a hard bounce or a complaint is not.
    const liAddress = (await db.selectFrom('customer_emails').select('email').where('customer_id', '=', li).executeTakeFirstOrThrow()).email;
    expect((await h.call(rep, 'POST', `/api/inbox/messages/${message.id}/forward`, { to: [liAddress] })).statusCode).toBe(201);
    const bounced = `gone-${unique()}@example.test`;
    await suppress(db, { channel: 'email', value: bounced, reason: 'hard-bounce', detail: '550 user unknown' });
    const count = forwardsSent.length;
    const blocked = await h.call(rep, 'POST', `/api/inbox/messages/${message.id}/forward`, { to: [colleague, bounced], text: 'x' });
    expect([blocked.statusCode, codeOf(blocked)]).toEqual([422, 'INBOX_FORWARD_SUPPRESSED']);
    expect(blocked.json()).toMatchObject({ error: { message: expect.stringContaining(bounced) } });
    const invalid = await h.call(rep, 'POST', `/api/inbox/messages/${message.id}/forward`, { to: ['not-an-address'] });
    expect([invalid.statusCode, codeOf(invalid)]).toEqual([400, 'VALIDATION_FAILED']);
    expect((await h.call(rep, 'POST', `/api/inbox/messages/${message.id}/forward`, { to: [] })).statusCode).toBe(400);
    expect(forwardsSent.length).toBe(count);
    // Someone else's customer's message is not theirs to forward.
    const foreign = await h.call(other, 'POST', `/api/inbox/messages/${message.id}/forward`, { to: [colleague] });
    expect([foreign.statusCode, codeOf(foreign)]).toEqual([404, 'NOT_FOUND']);
  });

  it("a marketer's campaign shows on the customer's timeline with the subject merged for them", async () => {
    const db = store().db;
    const template = await h.template('email');
    // 王芳's address bounced above (suppressed now): a customer of the rep who still gets mail.
    const wu = await h.customer({ name: '吴丽', email: `wu-${unique()}@example.test`, owner: rep.username });
    const created = await h.call(marketer, 'POST', '/api/campaigns', { name: `bulk-${unique()}`, mailAccount: account, templateVersionId: template.versionId, audience: { customerIds: [wu] } });
    expect(created.statusCode, created.body).toBe(201);
    const id = (created.json() as { id: number }).id;
    expect((await h.call(marketer, 'POST', `/api/campaigns/${id}/start`, {})).statusCode).toBe(200);
    await db.updateTable('outbox').set({ state: 'sent', sent_at: Date.now() }).where('campaign_id', '=', id).execute();
    const timeline = (await h.call(rep, 'GET', `/api/customers/${wu}/timeline`)).json() as { direction: string; campaignId: number | null; subject: string }[];
    expect(timeline.find((e) => e.direction === 'out' && e.campaignId === id)?.subject).toBe('Hallo 吴丽');
  });
});

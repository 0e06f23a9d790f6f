// Issue 16, item 5: forged mail must not suppress real customers. A bounce suppresses only when
// it quotes one of our messages AND names that message's recipient; a mailto unsubscribe only
// with the message's signed unsubscribe token. Anything else is filed as unverified until a
// person confirms it. Replayed over HTTP (the inbox import route) and through ingestMessage, the
// function the mailbox poller files with, on SQLite and PostgreSQL.
import { randomBytes } from 'node:crypto';
import { expect, it } from 'vitest';
import { findSuppression } from '../../src/modules/customers/index.js';
import { ingestMessage, inboxSettings } from '../../src/modules/inbox/index.js';
import { messageIdFor, TRACE_HEADER, unsubscribeMailto, UnsubscribeTokens } from '../../src/modules/sending/index.js';
import { seedCampaign, seedCustomer } from '../inbox/seed.js';
import { describeStoreContract } from '../helpers/store-contract.js';
import { useLiveApi, type LiveApi } from './harness.js';

const SENDER = 'sales@example.test';
const eml = (text: string) => text.replace(/\r?\n/g, '\r\n');

/** A bounce in the shape MTAs send, naming `failed`; `quoted` goes in the returned headers part. */
function dsn(id: string, failed: string, quoted: string): string {
  return eml(
    `From: Mail Delivery System <MAILER-DAEMON@mx.client.example>\nTo: ${SENDER}\nSubject: Undelivered Mail Returned to Sender\n` +
      `Message-ID: <${id}@mx.client.example>\nMIME-Version: 1.0\nContent-Type: multipart/report; report-type=delivery-status; boundary=B\n\n` +
      `--B\nContent-Type: text/plain\n\n<${failed}>: host mx.client.example said: 550 5.1.1 user unknown\n\n` +
      `--B\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mx.client.example\n\nFinal-Recipient: rfc822; ${failed}\nAction: failed\nStatus: 5.1.1\nDiagnostic-Code: smtp; 550 5.1.1 user unknown\n\n` +
      `--B\nContent-Type: text/rfc822-headers\n\nFrom: ${SENDER}\nSubject: Spring Festival greetings\n${quoted}\n\n--B--\n`,
  );
}

/** The forged bounce of the report: an X-Failed-Recipients header and nothing of ours. */
const forgedBounce = (id: string, address: string) =>
  eml(`From: MAILER-DAEMON@mx.attacker.example\nTo: ${SENDER}\nSubject: Undelivered Mail Returned to Sender\nMessage-ID: <${id}@attacker.example>\nX-Failed-Recipients: ${address}\n\n<${address}>: 550 5.1.1 user unknown\n`);

async function importEml(live: LiveApi, actor: Awaited<ReturnType<LiveApi['actor']>>, raw: string) {
  const reply = await live.request('POST', '/api/inbox/import', { actor, body: raw, headers: { 'content-type': 'message/rfc822' } });
  expect(reply.status, reply.text).toBe(200);
  const body = reply.body as { stored: number; results: Array<{ id: number; verification: string | null; suppressed: string[] }> };
  expect(body.stored).toBe(1);
  return body.results[0]!;
}

describeStoreContract('security 05: forged bounces and unsubscribes suppress nobody', (store) => {
  const api = useLiveApi(store);
  const tag = randomBytes(3).toString('hex');
  const vip = `vip-${tag}@client.example`;
  const suppressed = async (address: string) => findSuppression(store().db, 'email', address);

  it('a forged X-Failed-Recipients bounce (HTTP import) is filed unverified, suppresses nothing, and suppresses after an admin confirms', async () => {
    const live = api();
    const importer = await live.actor('admin');
    const admin = await live.actor('admin');
    const customer = await seedCustomer(store().db, 'VIP', [vip]);
    await seedCampaign(store().db, [{ customerId: customer, address: vip }]);

    const result = await importEml(live, importer, forgedBounce(`forged-${tag}`, vip));
    expect(result).toMatchObject({ verification: 'unverified', suppressed: [] });
    expect(await suppressed(vip)).toBeUndefined();

    const shown = await live.request('GET', `/api/inbox/messages/${result.id}`, { actor: importer });
    expect(shown.status).toBe(200);
    expect(shown.body).toMatchObject({ kind: 'bounce', effect: { state: 'unverified', addresses: [vip] } });

    // Someone able to read the inbox but not to change it cannot confirm.
    const reader = await live.actor('readonly');
    expect((await live.request('POST', `/api/inbox/messages/${result.id}/confirm`, { actor: reader })).status).toBe(403);
    expect(await suppressed(vip)).toBeUndefined();

    const confirmed = await live.request('POST', `/api/inbox/messages/${result.id}/confirm`, { actor: admin });
    expect(confirmed.status, confirmed.text).toBe(200);
    expect(confirmed.body).toMatchObject({ verification: 'confirmed', suppressed: [vip] });
    expect(await suppressed(vip)).toMatchObject({ reason: 'hard-bounce' });
    const twice = await live.request('POST', `/api/inbox/messages/${result.id}/confirm`, { actor: admin });
    expect(twice.status).toBe(409);
    expect(twice.body).toMatchObject({ error: { code: 'INBOX_NOTHING_TO_CONFIRM' } });
  });

  it('the same forged bounce through the filing function a poll uses suppresses nothing, and forged soft bounces never add up', async () => {
    const db = store().db;
    const other = `other-${tag}@client.example`;
    const poll = { softBounceLimit: inboxSettings(api().context.config).softBounceLimit };
    const source = (n: string, raw: string) => ({ accountId: null, folder: 'INBOX', uidKey: `poll-${tag}-${n}`, raw: Buffer.from(raw) });
    const polled = await ingestMessage(db, source('hard', forgedBounce(`polled-${tag}`, other)), poll);
    expect(polled).toMatchObject({ stored: true, verification: 'unverified', suppressed: [] });
    expect(await suppressed(other)).toBeUndefined();

    const full = `full-${tag}@client.example`;
    for (let i = 0; i <= poll.softBounceLimit; i += 1) {
      const raw = eml(`From: MAILER-DAEMON@mx.attacker.example\nSubject: Undelivered Mail Returned to Sender\nMessage-ID: <soft-${tag}-${i}@attacker.example>\nX-Failed-Recipients: ${full}\n\n<${full}>: 552 5.2.2 mailbox full\n`);
      expect(await ingestMessage(db, source(`soft-${i}`, raw), poll)).toMatchObject({ verification: 'unverified', suppressed: [] });
    }
    expect(await suppressed(full)).toBeUndefined();
  });

  it("a real bounce of our own message (our Message-ID in the returned headers, naming the row's recipient) still suppresses; naming another address does not", async () => {
    const live = api();
    const importer = await live.actor('admin');
    const real = `real-${tag}@client.example`;
    const bystander = `bystander-${tag}@client.example`;
    const customer = await seedCustomer(store().db, 'Real', [real]);
    const target = await seedCustomer(store().db, 'Bystander', [bystander]);
    const { campaignId, outbox } = await seedCampaign(store().db, [{ customerId: customer, address: real }]);
    await seedCampaign(store().db, [{ customerId: target, address: bystander }]);
    const ours = outbox[0]!;
    const counts = async () => {
      const reply = await live.request('GET', '/api/inbox/campaigns', { actor: importer });
      return (reply.body as Array<{ campaignId: number; bounces: number; unverified: number }>).find((c) => c.campaignId === campaignId);
    };

    const wrong = await importEml(live, importer, dsn(`wrong-${tag}`, bystander, `To: ${real}\nMessage-ID: ${messageIdFor(ours.token, SENDER)}`));
    expect(wrong).toMatchObject({ verification: 'unverified', suppressed: [] });
    expect(await suppressed(bystander)).toBeUndefined();
    expect(await suppressed(real)).toBeUndefined();
    // Filed to the campaign it quotes, but not counted as one of its bounces until a person confirms.
    expect(await counts()).toMatchObject({ bounces: 0, unverified: 1 });

    const genuine = await importEml(live, importer, dsn(`real-${tag}`, real, `To: ${real}\nMessage-ID: ${messageIdFor(ours.token, SENDER)}\n${TRACE_HEADER}: ${ours.token}`));
    expect(genuine).toMatchObject({ verification: 'verified', suppressed: [real] });
    expect(await suppressed(real)).toMatchObject({ reason: 'hard-bounce' });
    expect(await counts()).toMatchObject({ bounces: 1, unverified: 1 });
  });

  it('"Subject: unsubscribe" with a forged From (or the reply token) suppresses nothing; the mailto we emit, with its signed token, does', async () => {
    const live = api();
    const importer = await live.actor('admin');
    const leaver = `leaver-${tag}@client.example`;
    const customer = await seedCustomer(store().db, 'Leaver', [leaver]);
    const { outbox } = await seedCampaign(store().db, [{ customerId: customer, address: leaver }]);
    const row = outbox[0]!;

    const victim = `victim-${tag}@client.example`;
    const forged = await importEml(live, importer, eml(`From: Victim <${victim}>\nTo: ${SENDER}\nSubject: unsubscribe\nMessage-ID: <unsub-forged-${tag}@attacker.example>\n\nplease\n`));
    expect(forged).toMatchObject({ verification: 'unverified', suppressed: [] });
    expect(await suppressed(victim)).toBeUndefined();

    // The reply token travels in every reply's References, so it proves nothing either.
    const replyToken = await importEml(
      live,
      importer,
      eml(`From: ${leaver}\nTo: ${SENDER}\nSubject: unsubscribe ${row.token}\nMessage-ID: <unsub-reply-${tag}@attacker.example>\n\n`),
    );
    expect(replyToken).toMatchObject({ verification: 'unverified', suppressed: [] });
    expect(await suppressed(leaver)).toBeUndefined();

    // What a mail client sends for our List-Unsubscribe mailto: to the reply address, subject from the URL.
    const token = UnsubscribeTokens.fromSecrets(live.context.secrets).sign({ id: row.id, channel: 'email', address: leaver });
    const mailto = new URL(unsubscribeMailto(SENDER, token));
    const subject = mailto.searchParams.get('subject')!;
    const honoured = await importEml(
      live,
      importer,
      eml(`From: Someone Else <someone-${tag}@elsewhere.example>\nTo: ${mailto.pathname}\nSubject: ${subject}\nMessage-ID: <unsub-token-${tag}@client.example>\n\n`),
    );
    expect(honoured).toMatchObject({ verification: 'verified', suppressed: [leaver] });
    expect(await suppressed(leaver)).toMatchObject({ reason: 'unsubscribed' });
    // Only the address the token was signed for: the (forgeable) sender is left alone.
    expect(await suppressed(`someone-${tag}@elsewhere.example`)).toBeUndefined();
  });
});

// Issue 16, item 8 (unsubscribe): the unsubscribe credential was the reply token, which every
// reply carries in In-Reply-To/References and which was logged in request URLs. Now a separate
// signed token sits in List-Unsubscribe (RFC 8058 URL + mailto) and the body's link, the reply
// token no longer unsubscribes, and request logs show `/u/…` instead of the token. A campaign is
// sent through the real pipeline (file transport) and its message replayed against the live API,
// on SQLite and PostgreSQL.
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { findSuppression } from '../../src/modules/customers/index.js';
import { createSendRuntime, FileTransport, SingleTransportProvider, type SendRuntime } from '../../src/modules/sending/index.js';
import { seedAccount, seedCustomers, seedTemplateVersion } from '../fixtures/send/seed.js';
import { describeStoreContract } from '../helpers/store-contract.js';
import { useLiveApi } from './harness.js';

const PUBLIC_URL = 'https://tidings.example.test';

describeStoreContract('security 08: a signed unsubscribe token, not the reply token, and never in the logs', (store) => {
  const api = useLiveApi(store, { TIDINGS_PUBLIC_URL: PUBLIC_URL, REDIS_URL: '', TIDINGS_ALLOW_PRIVATE_HOSTS: '127.0.0.1/8,::1' });
  let runtime: SendRuntime | undefined;
  let dir = '';

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tidings-sec08-'));
    runtime = await createSendRuntime(api().context, { work: true, transports: new SingleTransportProvider(new FileTransport({ directory: dir })) });
    await runtime.start();
  });
  afterAll(async () => {
    await runtime?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('the sent message carries List-Unsubscribe (URL + mailto) and List-Unsubscribe-Post with a token that is not the reply token', async () => {
    const live = api();
    const db = store().db;
    const tag = Math.random().toString(36).slice(2, 8);
    const address = (i: number) => `reader-${tag}-${i}@client.example`;
    const [customer] = await seedCustomers(db, 1, address);
    const account = await seedAccount(db, { port: 25, email: `news-${tag}@example.test` });
    const version = await seedTemplateVersion(db);
    const campaign = await runtime!.campaigns.create({ name: `news ${tag}`, mailAccountId: account, templateVersionId: version, audience: { customerIds: [customer!] } });
    await runtime!.campaigns.start(campaign.id);
    await expect.poll(async () => (await runtime!.campaigns.get(campaign.id)).status, { timeout: 30_000 }).toBe('finished');

    const row = await db.selectFrom('outbox').select(['id', 'address', 'reply_token', 'state']).where('campaign_id', '=', campaign.id).executeTakeFirstOrThrow();
    expect(row.state).toBe('sent');
    const files = await readdir(dir);
    const file = files.find((f) => f.includes(row.reply_token));
    expect(file, files.join(', ')).toBeDefined();
    const source = await readFile(join(dir, file!), 'utf8');
    const mail = await simpleParser(source);

    const head = (source.split(/\r?\n\r?\n/)[0] ?? '').replace(/\r?\n[ \t]+/g, ' ');
    const listUnsubscribe = /^List-Unsubscribe:\s*(.+)$/m.exec(head)?.[1] ?? '';
    const url = /<(https:\/\/tidings\.example\.test\/u\/([^>]+))>/.exec(listUnsubscribe);
    expect(url, listUnsubscribe).not.toBeNull();
    const token = url![2]!;
    expect(token).not.toContain(row.reply_token);
    expect(listUnsubscribe).toContain(`<mailto:news-${tag}@example.test?subject=unsubscribe%20${token}>`);
    expect(head).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click\r?$/m);
    // The body's link is the same signed URL; the reply token appears only where replies need it.
    expect(mail.text).toContain(`${PUBLIC_URL}/u/${token}`);
    expect(mail.text).not.toContain(row.reply_token);

    // The reply token (what every reply quotes back) no longer unsubscribes, by GET or POST.
    const form = { 'content-type': 'application/x-www-form-urlencoded' };
    const oldGet = await live.request('GET', `/u/${row.reply_token}`);
    const oldPost = await live.request('POST', `/u/${row.reply_token}`, { body: 'List-Unsubscribe=One-Click', headers: form });
    expect([oldGet.status, oldPost.status]).toEqual([404, 404]);
    expect(oldPost.body).toMatchObject({ error: { code: 'SEND_UNSUBSCRIBE_TOKEN' } });
    // Nor does a token changed by one character (the MAC covers the row and its address).
    const last = token.at(-1) === 'a' ? 'b' : 'a';
    expect((await live.request('POST', `/u/${token.slice(0, -1)}${last}`, { body: 'List-Unsubscribe=One-Click', headers: form })).status).toBe(404);
    expect(await findSuppression(db, 'email', row.address)).toBeUndefined();

    // The new token: GET only shows a confirmation page, the one-click POST unsubscribes.
    const page = await live.request('GET', `/u/${token}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain(`<form method="post" action="/u/${token}">`);
    expect(await findSuppression(db, 'email', row.address)).toBeUndefined();
    const click = await live.request('POST', `/u/${token}`, { body: 'List-Unsubscribe=One-Click', headers: form });
    expect(click.status, click.text).toBe(200);
    expect(await findSuppression(db, 'email', row.address)).toMatchObject({ reason: 'unsubscribed' });

    // The request log has the paths, never the tokens.
    const lines = live.logs.lines.filter((l) => l.includes('"url":"/u/'));
    expect(lines.length).toBeGreaterThanOrEqual(4);
    expect(lines.every((l) => l.includes('"url":"/u/…"'))).toBe(true);
    for (const secret of [token, row.reply_token]) expect(live.logs.lines.filter((l) => l.includes(secret))).toEqual([]);
  });

  it('tracking tokens and token query parameters are redacted from request logs too', async () => {
    const live = api();
    const open = `open${'q'.repeat(30)}`;
    const click = `click${'z'.repeat(30)}`;
    const secret = `hook${'k'.repeat(30)}`;
    expect((await live.request('GET', `/t/o/${open}`)).status).toBe(200);
    expect((await live.request('GET', `/t/c/${click}`)).status).toBe(404);
    await live.request('POST', `/webhooks/sms/nobody/inbound?token=${secret}&x=1`, { body: [] });
    expect(live.logs.lines.some((l) => l.includes('"url":"/t/o/…"'))).toBe(true);
    expect(live.logs.lines.some((l) => l.includes('"url":"/t/c/…"'))).toBe(true);
    expect(live.logs.lines.some((l) => l.includes('?token=…&x=1'))).toBe(true);
    for (const value of [open, click, secret]) expect(live.logs.lines.filter((l) => l.includes(value))).toEqual([]);
  });
});

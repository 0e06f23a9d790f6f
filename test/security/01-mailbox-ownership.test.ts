// Issue 16, item 1 (ownership): a sales rep's mailbox is theirs. A marketer (or another rep) must
// not change, verify, delete, make default or send from it; only the rep and an admin may. A
// refused request changes nothing and makes no connection. Forbidden answers are 403 AUTH_FORBIDDEN.
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { importMessages, inboxSettings } from '../../src/modules/inbox/index.js';
import { describeStoreContract } from '../helpers/store-contract.js';
import { useLiveApi, type Actor, type Reply } from './harness.js';

const unique = () => randomBytes(4).toString('hex');
const REP_PASSWORD = `rep-Secret-${unique()}`;
const codeOf = (reply: Reply) => (reply.body as { error?: { code?: string } } | undefined)?.error?.code;

describeStoreContract('security 01: mailboxes belong to people', (store) => {
  const api = useLiveApi(store, { TIDINGS_ALLOW_PRIVATE_HOSTS: '127.0.0.1' });
  let connections = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onConnect(_session, cb) {
      connections += 1;
      cb();
    },
  });
  let port = 0;
  let admin: Actor;
  let marketer: Actor;
  let rep: Actor;
  let otherRep: Actor;
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.server.address() as AddressInfo).port;
    [admin, marketer, rep, otherRep] = await Promise.all([api().actor('admin'), api().actor('marketer'), api().actor('sales'), api().actor('sales')]);
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const row = (id: number) => store().db.selectFrom('mail_accounts').selectAll().where('id', '=', id).executeTakeFirst();
  const mailbox = (name: string) => ({
    name,
    email: `${name}@example.test`,
    incoming: { protocol: 'imap', host: '127.0.0.1', port: 1, security: 'none', username: `${name}@example.test`, password: REP_PASSWORD },
    smtp: { host: '127.0.0.1', port, security: 'none' },
  });

  it('a rep adds their own mailbox; a marketer may list it (masked) but not change, verify, delete, make default or send from it', async () => {
    const created = await api().request('POST', '/api/accounts', { actor: rep, body: mailbox(`rep-${unique()}`) });
    expect(created.status, created.text).toBe(201);
    const id = (created.body as { id: number }).id;
    expect(created.body).toMatchObject({ ownerUserId: rep.userId, incoming: { password: '••••' } });
    // The rep's own sending account for one-off emails follows.
    const user = await store().db.selectFrom('users').select('mail_account_id').where('id', '=', rep.userId).executeTakeFirstOrThrow();
    expect(Number(user.mail_account_id)).toBe(id);

    const before = await row(id);
    const campaignsBefore = await store().db.selectFrom('campaigns').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const attempts: [string, string, unknown][] = [
      ['PATCH', `/api/accounts/${id}`, { smtp: { host: 'mail.marketer.example' } }],
      ['PATCH', `/api/accounts/${id}`, { displayName: 'Taken over' }],
      ['POST', `/api/accounts/${id}/verify`, {}],
      ['POST', `/api/accounts/${id}/default`, undefined],
      ['DELETE', `/api/accounts/${id}`, undefined],
      ['PATCH', `/api/accounts/${id}/owner`, { ownerUserId: marketer.userId }],
      ['POST', '/api/send', { customerIds: [1], subject: 'Hi', text: 'Hello', mailAccount: id }],
    ];
    for (const [method, path, body] of attempts) {
      const reply = await api().request(method, path, { actor: marketer, ...(body === undefined ? {} : { body }) });
      expect([reply.status, codeOf(reply)], `${method} ${path} ${reply.text}`).toEqual([403, 'AUTH_FORBIDDEN']);
      expect(reply.text).not.toContain(REP_PASSWORD);
    }
    expect(await row(id)).toEqual(before);
    expect(connections).toBe(0);
    const campaignsAfter = await store().db.selectFrom('campaigns').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(campaignsAfter.n)).toBe(Number(campaignsBefore.n));

    const listed = await api().request('GET', '/api/accounts', { actor: marketer });
    expect(listed.status).toBe(200);
    expect((listed.body as { id: number; ownerUserId: number | null; incoming: { password: string | null } }[]).find((a) => a.id === id)).toMatchObject({
      ownerUserId: rep.userId,
      incoming: { password: '••••' },
    });
  });

  it('a bulk campaign from a rep\'s mailbox is refused for a marketer (with a real template) and nothing is created', async () => {
    const id = ((await api().request('POST', '/api/accounts', { actor: rep, body: mailbox(`rep-${unique()}`) })).body as { id: number }).id;
    const template = await api().request('POST', '/api/templates', {
      actor: marketer,
      body: { name: `t-${unique()}`, channel: 'email', version: { subject: 'Hi', bodyFormat: 'text', body: 'Hello {{customer.displayName}}', isMarketing: true } },
    });
    expect(template.status, template.text).toBe(201);
    const versionId = (template.body as { versions: { id: number }[] }).versions[0]!.id;
    const count = async () => Number((await store().db.selectFrom('campaigns').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    const before = await count();
    const reply = await api().request('POST', '/api/campaigns', { actor: marketer, body: { name: 'from-rep', channel: 'email', mailAccount: id, templateVersionId: versionId } });
    expect([reply.status, codeOf(reply)], reply.text).toEqual([403, 'AUTH_FORBIDDEN']);
    expect(await count()).toBe(before);
  });

  it('the rep edits their own (200); another rep gets 403 and cannot see it; an admin transfers it', async () => {
    const id = ((await api().request('POST', '/api/accounts', { actor: rep, body: mailbox(`rep-${unique()}`) })).body as { id: number }).id;
    const own = await api().request('PATCH', `/api/accounts/${id}`, { actor: rep, body: { displayName: 'Li (sales)' } });
    expect(own.status, own.text).toBe(200);
    expect(own.body).toMatchObject({ displayName: 'Li (sales)', incoming: { password: '••••' } });

    const before = await row(id);
    for (const [method, path, body] of [
      ['PATCH', `/api/accounts/${id}`, { displayName: 'Mine now' }],
      ['GET', `/api/accounts/${id}`, undefined],
      ['POST', `/api/accounts/${id}/verify`, {}],
      ['DELETE', `/api/accounts/${id}`, undefined],
      ['POST', '/api/send', { customerIds: [1], subject: 'Hi', text: 'Hello', mailAccount: id }],
    ] as const) {
      const reply = await api().request(method, path, { actor: otherRep, ...(body === undefined ? {} : { body }) });
      expect([reply.status, codeOf(reply)], `${method} ${path} ${reply.text}`).toEqual([403, 'AUTH_FORBIDDEN']);
    }
    expect(await row(id)).toEqual(before);
    const othersList = (await api().request('GET', '/api/accounts', { actor: otherRep })).body as { id: number }[];
    expect(othersList.map((a) => a.id)).not.toContain(id);
    expect(connections).toBe(0);

    // Only an admin assigns: to the other rep, then shared.
    const transferred = await api().request('PATCH', `/api/accounts/${id}/owner`, { actor: admin, body: { ownerUserId: otherRep.userId } });
    expect(transferred.status, transferred.text).toBe(200);
    expect(transferred.body).toMatchObject({ ownerUserId: otherRep.userId });
    expect((await api().request('PATCH', `/api/accounts/${id}`, { actor: otherRep, body: { displayName: 'Wang' } })).status).toBe(200);
    expect(codeOf(await api().request('PATCH', `/api/accounts/${id}`, { actor: rep, body: { displayName: 'Back' } }))).toBe('AUTH_FORBIDDEN');
    const users = await store().db.selectFrom('users').select(['id', 'mail_account_id']).where('id', 'in', [rep.userId, otherRep.userId]).execute();
    expect(users.find((u) => Number(u.id) === rep.userId)?.mail_account_id).not.toBe(id);

    const shared = await api().request('PATCH', `/api/accounts/${id}/owner`, { actor: admin, body: { ownerUserId: null } });
    expect(shared.body).toMatchObject({ ownerUserId: null });
    expect((await api().request('PATCH', `/api/accounts/${id}`, { actor: marketer, body: { displayName: 'Shop' } })).status).toBe(200);
    expect(codeOf(await api().request('PATCH', `/api/accounts/${id}/owner`, { actor: rep, body: { ownerUserId: rep.userId } }))).toBe('AUTH_FORBIDDEN');
    // Nor may a rep make their mailbox everyone's default sending account, or add one for someone else.
    expect(codeOf(await api().request('POST', '/api/accounts', { actor: rep, body: { ...mailbox(`rep-${unique()}`), isDefault: true } }))).toBe('AUTH_FORBIDDEN');
    expect(codeOf(await api().request('POST', '/api/accounts', { actor: rep, body: { ...mailbox(`rep-${unique()}`), ownerUserId: otherRep.userId } }))).toBe('AUTH_FORBIDDEN');
    expect(codeOf(await api().request('POST', '/api/accounts', { actor: marketer, body: { ...mailbox(`m-${unique()}`), ownerUserId: rep.userId } }))).toBe('AUTH_FORBIDDEN');
  });

  it("mail fetched from a rep's mailbox is read by the rep and admins only: detail, timeline and unfiled list", async () => {
    const id = ((await api().request('POST', '/api/accounts', { actor: rep, body: mailbox(`rep-${unique()}`) })).body as { id: number }).id;
    const address = `client.${unique()}@example.test`;
    const customer = await api().request('POST', '/api/customers', { actor: rep, body: { name: 'Rep Client', emails: [address] } });
    expect(customer.status, customer.text).toBe(201);
    const customerId = (customer.body as { id: number }).id;
    const secretLine = `private-terms-${unique()}`;
    const eml = (from: string, subject: string) =>
      Buffer.from([`From: <${from}>`, 'To: rep@example.test', `Subject: ${subject}`, `Message-ID: <${unique()}@example.test>`, 'Date: Tue, 02 Mar 2027 10:00:00 +0800', '', secretLine, ''].join('\r\n'));
    const settings = inboxSettings(api().context.config);
    const filedSubject = `Re: offer ${unique()}`;
    const strayFrom = `stray.${unique()}@example.test`;
    await importMessages(store().db, eml(address, filedSubject), settings);
    await importMessages(store().db, eml(strayFrom, 'Who is this'), settings);
    // As the poller would have filed them: fetched from the rep's mailbox.
    await store().db.updateTable('inbox_messages').set({ account_id: id }).where('subject', 'in', [filedSubject, 'Who is this']).execute();
    const filed = await store().db.selectFrom('inbox_messages').select('id').where('subject', '=', filedSubject).executeTakeFirstOrThrow();
    const messageId = Number(filed.id);

    expect((await api().request('GET', `/api/inbox/messages/${messageId}`, { actor: rep })).status).toBe(200);
    expect((await api().request('GET', `/api/inbox/messages/${messageId}`, { actor: admin })).status).toBe(200);
    const asMarketer = await api().request('GET', `/api/inbox/messages/${messageId}`, { actor: marketer });
    expect([asMarketer.status, codeOf(asMarketer)]).toEqual([404, 'NOT_FOUND']);
    expect(asMarketer.text).not.toContain(secretLine);

    const timeline = (actor: Actor) => api().request('GET', `/api/customers/${customerId}/timeline`, { actor });
    expect(((await timeline(rep)).body as { id: number; direction: string }[]).some((e) => e.direction === 'in' && e.id === messageId)).toBe(true);
    const marketerTimeline = await timeline(marketer);
    expect(marketerTimeline.status).toBe(200);
    expect(marketerTimeline.text).not.toContain(secretLine);
    expect(marketerTimeline.text).not.toContain(filedSubject);

    const unfiled = (actor: Actor) => api().request('GET', '/api/inbox/unfiled', { actor });
    expect((await unfiled(admin)).text).toContain(strayFrom);
    expect((await unfiled(marketer)).text).not.toContain(strayFrom);
  });

  it("an admin cannot link a rep to another person's mailbox as their sending account; deleting a mailbox unlinks it", async () => {
    const created = await api().request('POST', '/api/accounts', { actor: rep, body: mailbox(`link-${unique()}`) });
    expect(created.status, created.text).toBe(201);
    const id = (created.body as { id: number }).id;
    const linked = async (userId: number) =>
      (await store().db.selectFrom('users').select('mail_account_id').where('id', '=', userId).executeTakeFirstOrThrow()).mail_account_id;
    const before = await linked(otherRep.userId);
    const refused = await api().request('PATCH', `/api/users/${otherRep.userId}`, { actor: admin, body: { mailAccountId: id } });
    expect([refused.status, codeOf(refused)]).toEqual([409, 'CONFLICT']);
    expect(await linked(otherRep.userId)).toBe(before);
    const missing = await api().request('PATCH', `/api/users/${otherRep.userId}`, { actor: admin, body: { mailAccountId: 999_999 } });
    expect([missing.status, codeOf(missing)]).toEqual([404, 'NOT_FOUND']);

    // The rep's own link is allowed, and deleting the mailbox clears it instead of leaving a dangling id.
    const own = await api().request('PATCH', `/api/users/${rep.userId}`, { actor: admin, body: { mailAccountId: id } });
    expect(own.status, own.text).toBe(200);
    const deleted = await api().request('DELETE', `/api/accounts/${id}`, { actor: rep });
    expect(deleted.status, deleted.text).toBe(204);
    expect(await linked(rep.userId)).toBeNull();
  });
});

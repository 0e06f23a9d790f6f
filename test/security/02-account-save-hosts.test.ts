// Issue 16, item 2 (save time): a mail account whose SMTP or incoming host is a private, loopback
// or link-local address (cloud metadata at 169.254.169.254) is refused when it is saved, with
// ACCOUNT_HOST_FORBIDDEN, and nothing is stored. No allow list is configured here.
import { randomBytes } from 'node:crypto';
import { beforeAll, expect, it } from 'vitest';
import { describeStoreContract } from '../helpers/store-contract.js';
import { useLiveApi, type Actor, type Reply } from './harness.js';

const unique = () => randomBytes(4).toString('hex');
const FORBIDDEN_HOSTS = ['127.0.0.1', '10.0.0.1', '169.254.169.254'];
const codeOf = (reply: Reply) => (reply.body as { error?: { code?: string } } | undefined)?.error?.code;

const account = (name: string, smtpHost: string, incomingHost: string) => ({
  name,
  email: `${name}@provider.example`,
  incoming: { protocol: 'imap', host: incomingHost, port: 993, security: 'tls', username: `${name}@provider.example`, password: 'pw-imap' },
  smtp: { host: smtpHost, port: 465, security: 'tls', password: 'pw-smtp' },
});

describeStoreContract('security 02: hosts are checked when a mail account is saved', (store) => {
  const api = useLiveApi(store);
  let marketer: Actor;
  let admin: Actor;
  beforeAll(async () => {
    [marketer, admin] = await Promise.all([api().actor('marketer'), api().actor('admin')]);
  });
  const stored = async (name: string) => (await store().db.selectFrom('mail_accounts').select('id').where('name', '=', name).execute()).length;

  it('create: a forbidden SMTP or incoming host is 400 ACCOUNT_HOST_FORBIDDEN and nothing is stored', async () => {
    for (const host of FORBIDDEN_HOSTS) {
      for (const [which, body] of [
        ['smtp', (name: string) => account(name, host, 'imap.provider.example')],
        ['incoming', (name: string) => account(name, 'smtp.provider.example', host)],
      ] as const) {
        for (const actor of [marketer, admin]) {
          const name = `h-${unique()}`;
          const reply = await api().request('POST', '/api/accounts', { actor, body: body(name) });
          expect([reply.status, codeOf(reply)], `${which} ${host}: ${reply.text}`).toEqual([400, 'ACCOUNT_HOST_FORBIDDEN']);
          expect((reply.body as { error: { message: string } }).error.message).toContain('TIDINGS_ALLOW_PRIVATE_HOSTS');
          expect(await stored(name)).toBe(0);
        }
      }
    }
  });

  it('update: pointing a saved account at a forbidden host is refused and the row is unchanged', async () => {
    const name = `h-${unique()}`;
    const created = await api().request('POST', '/api/accounts', { actor: marketer, body: account(name, 'smtp.provider.example', 'imap.provider.example') });
    // The names do not resolve here (no DNS): saved, with a warning instead of a refusal.
    expect(created.status, created.text).toBe(201);
    expect((created.body as { warnings: string[] }).warnings.length).toBe(2);
    const id = (created.body as { id: number }).id;
    const before = await store().db.selectFrom('mail_accounts').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    for (const host of FORBIDDEN_HOSTS) {
      for (const patch of [{ smtp: { host } }, { incoming: { host } }, { smtp: { host, password: 'new' } }]) {
        const reply = await api().request('PATCH', `/api/accounts/${id}`, { actor: marketer, body: patch });
        expect([reply.status, codeOf(reply)], `${JSON.stringify(patch)}: ${reply.text}`).toEqual([400, 'ACCOUNT_HOST_FORBIDDEN']);
      }
    }
    expect(await store().db.selectFrom('mail_accounts').selectAll().where('id', '=', id).executeTakeFirstOrThrow()).toEqual(before);
  });
});

import { randomBytes } from 'node:crypto';
import { expect, it } from 'vitest';
import {
  applyMailAccountPatch,
  createMailAccount,
  deleteMailAccount,
  getMailAccount,
  incomingAuth,
  listMailAccounts,
  loadMailAccount,
  setDefaultMailAccount,
  updateMailAccount,
  type MailAccountInput,
} from '../../src/modules/accounts/index.js';
import { MASK, SecretBox } from '../../src/platform/crypto/index.js';
import { isTidingsError } from '../../src/platform/errors/index.js';
import type { Store } from '../../src/platform/db/index.js';
import { describeStoreContract } from '../helpers/store-contract.js';

const secrets = new SecretBox(randomBytes(32));
const PASSWORD = `pw-${randomBytes(8).toString('hex')}`;

const input = (name: string, extra: Partial<MailAccountInput> = {}): MailAccountInput => ({
  name,
  email: `${name}@163.com`,
  provider: 'netease163',
  incoming: { protocol: 'imap', host: 'imap.163.com', port: 993, security: 'tls', username: `${name}@163.com`, password: PASSWORD },
  smtp: { host: 'smtp.163.com', port: 465, security: 'tls' },
  ...extra,
});

const codeOf = (promise: Promise<unknown>) =>
  promise.then(
    () => 'ok',
    (error: unknown) => (isTidingsError(error) ? error.code : String(error)),
  );

async function addCampaign(store: Store, accountId: number, status: 'draft' | 'running' | 'paused' | 'finished'): Promise<number> {
  const now = Date.now();
  const { db } = store;
  const template = await db
    .insertInto('templates')
    .values({ name: `t-${randomBytes(4).toString('hex')}`, channel: 'email', builtin: null, current_version: 1, created_at: now, updated_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  const version = await db
    .insertInto('template_versions')
    .values({ template_id: Number(template.id), version: 1, subject: 's', body_format: 'text', body: 'b', text_body: null, attachments: '[]', is_marketing: 1, created_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  const campaign = await db
    .insertInto('campaigns')
    .values({
      name: `c-${status}`,
      channel: 'email',
      kind: 'bulk',
      mail_account_id: accountId,
      sms_account_id: null,
      template_version_id: Number(version.id),
      audience: '{}',
      schedule: null,
      status,
      status_reason: null,
      tracking: 0,
      created_by: null,
      created_at: now,
      started_at: null,
      finished_at: null,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(campaign.id);
}

describeStoreContract('mail account repository', (store) => {
  it('creates an account, masks passwords, and makes the first one the default', async () => {
    const { db } = store();
    const account = await createMailAccount(db, secrets, input('sales-li', { displayName: '李明', replyTo: 'team@163.com' }));
    expect(account).toMatchObject({
      name: 'sales-li',
      displayName: '李明',
      email: 'sales-li@163.com',
      replyTo: 'team@163.com',
      isDefault: true,
      incoming: { protocol: 'imap', host: 'imap.163.com', password: MASK },
      smtp: { host: 'smtp.163.com', auth: true, username: null, password: null },
      tlsVerify: true,
    });
    expect(JSON.stringify(await listMailAccounts(db))).not.toContain(PASSWORD);
    expect(await getMailAccount(db, account.id)).toEqual(account);
  });

  it('never stores a password in plaintext', async () => {
    const { db } = store();
    await createMailAccount(db, secrets, input('sealed', { smtp: { host: 'smtp.163.com', port: 465, security: 'tls', password: `${PASSWORD}-smtp` } }));
    const raw = await db.selectFrom('mail_accounts').selectAll().where('name', '=', 'sealed').executeTakeFirstOrThrow();
    expect(JSON.stringify(raw)).not.toContain(PASSWORD);
    expect(raw.incoming_password_enc).toMatch(/^v1:/);
    expect(secrets.open(raw.incoming_password_enc ?? '')).toBe(PASSWORD);
    expect(secrets.open(raw.smtp_password_enc ?? '')).toBe(`${PASSWORD}-smtp`);
  });

  it('loads a ready-to-use account with decrypted credentials', async () => {
    const { db } = store();
    await createMailAccount(db, secrets, input('loadme', { limits: { perMinute: 20, perDay: 500 }, plusAddressing: true }));
    const account = await loadMailAccount(db, secrets, 'loadme');
    expect(account).toMatchObject({
      name: 'loadme',
      replyTo: 'loadme@163.com',
      smtp: { host: 'smtp.163.com', port: 465, security: 'tls', auth: { user: 'loadme@163.com', pass: PASSWORD }, tls: { rejectUnauthorized: true } },
      incoming: { protocol: 'imap', username: 'loadme@163.com', password: PASSWORD },
      limits: { perSecond: null, perMinute: 20, perHour: null, perDay: 500 },
      plusAddressing: true,
    });
    expect(incomingAuth(account)).toEqual({ user: 'loadme@163.com', pass: PASSWORD });
  });

  it('requires the incoming password at fetch time when none is stored', async () => {
    const { db } = store();
    await createMailAccount(db, secrets, input('nopass', {
      incoming: { protocol: 'pop3', host: 'pop.163.com', port: 995, security: 'tls', username: 'nopass@163.com' },
      smtp: { host: 'smtp.163.com', port: 465, security: 'tls', password: 'smtp-only' },
    }));
    const account = await loadMailAccount(db, secrets, 'nopass');
    expect(account.incoming?.password).toBeUndefined();
    expect(() => incomingAuth(account)).toThrow(expect.objectContaining({ code: 'ACCOUNT_PASSWORD_REQUIRED' }));
    expect(incomingAuth(account, 'asked')).toEqual({ user: 'nopass@163.com', pass: 'asked' });
  });

  it('refuses invalid input and duplicate names with clear codes', async () => {
    const { db } = store();
    expect(await codeOf(createMailAccount(db, secrets, input('bad name!')))).toBe('VALIDATION_FAILED');
    expect(await codeOf(createMailAccount(db, secrets, { ...input('noauth'), incoming: undefined }))).toBe('VALIDATION_FAILED');
    await createMailAccount(db, secrets, input('dup'));
    // The same name for another address is a name clash; the same address again (for the same
    // owner, here shared) is the one-mailbox-per-address rule, whatever the name.
    expect(await codeOf(createMailAccount(db, secrets, { ...input('dup'), email: 'dup-other@163.com' }))).toBe('CONFLICT');
    expect(await codeOf(createMailAccount(db, secrets, input('dup')))).toBe('ACCOUNT_MAILBOX_EXISTS');
    expect(await codeOf(getMailAccount(db, 'missing'))).toBe('NOT_FOUND');
  });

  it('updates fields, merges servers, replaces and clears passwords', async () => {
    const { db } = store();
    await createMailAccount(db, secrets, input('upd'));
    const { account: updated, droppedPasswords } = await applyMailAccountPatch(db, secrets, 'upd', {
      displayName: 'New Name',
      smtp: { port: 587, security: 'starttls' },
      limits: { perHour: 100 },
      tlsVerify: false,
    });
    expect(updated).toMatchObject({ displayName: 'New Name', smtp: { host: 'smtp.163.com', port: 587, security: 'starttls' }, limits: { perHour: 100 }, tlsVerify: false });
    // SMTP has no password of its own and logs in with the incoming one: a new SMTP port and
    // security drop it, so it is entered again for the new endpoint.
    expect(droppedPasswords).toEqual(['incoming']);
    expect(await codeOf(loadMailAccount(db, secrets, 'upd'))).toBe('ACCOUNT_PASSWORD_REQUIRED');
    await updateMailAccount(db, secrets, 'upd', { incoming: { password: 'changed' } });
    expect((await loadMailAccount(db, secrets, 'upd')).smtp.auth?.pass).toBe('changed');
    // Clearing the only password would leave SMTP unable to log in: refused.
    expect(await codeOf(updateMailAccount(db, secrets, 'upd', { incoming: { password: null } }))).toBe('VALIDATION_FAILED');
    await updateMailAccount(db, secrets, 'upd', { incoming: { password: null }, smtp: { password: 'smtp-own' } });
    const loaded = await loadMailAccount(db, secrets, 'upd');
    expect(loaded.incoming?.password).toBeUndefined();
    expect(loaded.smtp.auth?.pass).toBe('smtp-own');
    expect(loaded.smtp.tls.rejectUnauthorized).toBe(false);
  });

  it('credentials follow their endpoint: a new host, port, security or user name drops that server\'s stored password unless the request gives one', async () => {
    const { db } = store();
    const own = (name: string) => input(name, { smtp: { host: 'smtp.163.com', port: 465, security: 'tls', password: `${PASSWORD}-smtp` } });
    const sealed = async (name: string) =>
      db.selectFrom('mail_accounts').select(['incoming_password_enc', 'smtp_password_enc']).where('name', '=', name).executeTakeFirstOrThrow();

    await createMailAccount(db, secrets, own('ep-smtp'));
    // Without its own password SMTP would log in with the incoming one, so that goes too.
    expect((await applyMailAccountPatch(db, secrets, 'ep-smtp', { smtp: { host: 'mail.attacker.example' } })).droppedPasswords).toEqual(['incoming', 'smtp']);
    expect(await sealed('ep-smtp')).toMatchObject({ smtp_password_enc: null, incoming_password_enc: null });
    expect(await codeOf(loadMailAccount(db, secrets, 'ep-smtp'))).toBe('ACCOUNT_PASSWORD_REQUIRED');

    await createMailAccount(db, secrets, own('ep-in'));
    for (const incoming of [{ host: 'imap.attacker.example' }, { port: 143 }, { security: 'none' as const }, { username: 'other@163.com' }]) {
      await updateMailAccount(db, secrets, 'ep-in', { incoming: { password: 'again' } });
      const { droppedPasswords } = await applyMailAccountPatch(db, secrets, 'ep-in', { incoming });
      expect(droppedPasswords, JSON.stringify(incoming)).toEqual(['incoming']);
      expect((await sealed('ep-in')).incoming_password_enc, JSON.stringify(incoming)).toBeNull();
    }

    // The same request may carry the password for the new endpoint; an unchanged value drops nothing.
    await createMailAccount(db, secrets, own('ep-with'));
    const moved = await applyMailAccountPatch(db, secrets, 'ep-with', { smtp: { host: 'smtp2.163.com', password: 'for-the-new-host' } });
    expect(moved.droppedPasswords).toEqual([]);
    expect((await loadMailAccount(db, secrets, 'ep-with')).smtp.auth?.pass).toBe('for-the-new-host');
    const same = await applyMailAccountPatch(db, secrets, 'ep-with', { smtp: { host: 'SMTP2.163.com', port: 465 }, incoming: { host: 'imap.163.com' } });
    expect(same.droppedPasswords).toEqual([]);
    expect((await loadMailAccount(db, secrets, 'ep-with')).incoming?.password).toBe(PASSWORD);

    // Certificate checks turned off: anyone in the network path could pose as either server.
    await createMailAccount(db, secrets, own('ep-tls'));
    expect((await applyMailAccountPatch(db, secrets, 'ep-tls', { tlsVerify: true })).droppedPasswords).toEqual([]);
    expect((await applyMailAccountPatch(db, secrets, 'ep-tls', { tlsVerify: false })).droppedPasswords).toEqual(['incoming', 'smtp']);
    expect(await sealed('ep-tls')).toMatchObject({ smtp_password_enc: null, incoming_password_enc: null });
    await createMailAccount(db, secrets, own('ep-tls-with'));
    const withPasswords = await applyMailAccountPatch(db, secrets, 'ep-tls-with', { tlsVerify: false, incoming: { password: 'in-again' }, smtp: { password: 'out-again' } });
    expect(withPasswords.droppedPasswords).toEqual([]);
  });

  it('keeps exactly one default when switching and deleting', async () => {
    const { db } = store();
    const names = ['d1', 'd2', 'd3'];
    for (const name of names) await createMailAccount(db, secrets, input(name));
    await setDefaultMailAccount(db, 'd2');
    const defaults = async () => (await listMailAccounts(db)).filter((a) => a.isDefault).map((a) => a.name);
    expect(await defaults()).toEqual(['d2']);
    await Promise.all([setDefaultMailAccount(db, 'd1'), setDefaultMailAccount(db, 'd3')]);
    expect((await defaults()).length).toBe(1);
    const current = (await defaults())[0] ?? '';
    await deleteMailAccount(db, current);
    expect((await defaults()).length).toBe(1);
    expect((await loadMailAccount(db, secrets)).isDefault).toBe(true);
  });

  it('deletes an account in use: sending, scheduled and paused campaigns are paused with a readable reason, all detached', async () => {
    const { db } = store();
    const account = await createMailAccount(db, secrets, input('busy'));
    const running = await addCampaign(store(), account.id, 'running');
    const paused = await addCampaign(store(), account.id, 'paused');
    const draft = await addCampaign(store(), account.id, 'draft');
    const finished = await addCampaign(store(), account.id, 'finished');
    await deleteMailAccount(db, String(account.id));
    expect(await codeOf(getMailAccount(db, 'busy'))).toBe('NOT_FOUND');
    const rows = await db.selectFrom('campaigns').select(['id', 'status', 'status_reason', 'mail_account_id']).where('id', 'in', [running, paused, draft, finished]).orderBy('id').execute();
    const byId = new Map(rows.map((r) => [Number(r.id), r]));
    expect(byId.get(running)).toMatchObject({ status: 'paused', mail_account_id: null });
    expect(byId.get(running)?.status_reason).toMatch(/^SEND_ACCOUNT_DELETED: The mailbox "busy" was deleted while this campaign was sending/);
    expect(byId.get(paused)).toMatchObject({ status: 'paused', mail_account_id: null });
    expect(byId.get(paused)?.status_reason).toContain('The mailbox "busy" was deleted while this campaign was paused');
    expect(byId.get(draft)).toMatchObject({ status: 'draft', mail_account_id: null });
    expect(byId.get(finished)).toMatchObject({ status: 'finished', mail_account_id: null, status_reason: null });
  });

  it('treats a numeric name as a name before an id', async () => {
    const { db } = store();
    const account = await createMailAccount(db, secrets, input('163'));
    expect((await getMailAccount(db, '163')).id).toBe(account.id);
    expect((await getMailAccount(db, String(account.id))).id).toBe(account.id);
  });
});

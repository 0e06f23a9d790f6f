// The add-mailbox rules behind the wizard (issue "journeys"), on SQLite and PostgreSQL: verifying
// settings stores nothing; one mailbox per address per owner, whoever asks (CLI or HTTP call the
// same service); the login test's result is stored with the mailbox; a sales rep's mailbox is
// theirs, becomes their sending mailbox, and never the default by being first.
import { randomBytes } from 'node:crypto';
import { expect, it } from 'vitest';
import { MailAccountService, SYSTEM_ACTOR, type MailAccountInput, type VerifyReport } from '../../src/modules/accounts/index.js';
import { connectFailed } from '../../src/modules/accounts/verify/auth-failure.js';
import { SecretBox } from '../../src/platform/crypto/index.js';
import { isTidingsError } from '../../src/platform/errors/index.js';
import type { Store } from '../../src/platform/db/index.js';
import { describeStoreContract } from '../helpers/store-contract.js';
import { FakeClock } from '../helpers/clock.js';

const secrets = new SecretBox(randomBytes(32));

const input = (email: string, extra: Partial<MailAccountInput> = {}): MailAccountInput => ({
  name: email.replace('@', '-'),
  email,
  incoming: { protocol: 'imap', host: '127.0.0.1', port: 143, security: 'starttls', username: email, password: 'pw' },
  smtp: { host: '127.0.0.1', port: 587, security: 'starttls' },
  tlsVerify: false,
  ...extra,
});

const codeOf = (promise: Promise<unknown>) =>
  promise.then(
    () => 'ok',
    (error: unknown) => (isTidingsError(error) ? error.code : String(error)),
  );

/** A verifier that answers `ok` (or a failed IMAP login) and counts its calls; no network. */
function fakeVerifier(ok: () => boolean) {
  const calls: string[] = [];
  const verifier = async (account: { name: string; email: string }): Promise<VerifyReport> => {
    calls.push(account.email);
    return ok()
      ? { account: account.name, ok: true, checks: [{ protocol: 'smtp', server: '127.0.0.1:587', ok: true }, { protocol: 'imap', server: '127.0.0.1:143', ok: true }] }
      : {
          account: account.name,
          ok: false,
          checks: [
            { protocol: 'smtp', server: '127.0.0.1:587', ok: true },
            { protocol: 'imap', server: '127.0.0.1:143', ok: false, error: { code: 'ACCOUNT_AUTH_FAILED', message: 'IMAP server refused the login', retryable: false } },
          ],
        };
  };
  return { calls, verifier };
}

async function addUser(store: Store, username: string, role: 'sales' | 'marketer'): Promise<number> {
  const row = await store.db
    .insertInto('users')
    .values({ username, display_name: username, role, password_hash: null, disabled: 0, mail_account_id: null, created_at: 1, updated_at: 1 })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

describeStoreContract('mailbox wizard rules', (store) => {
  const clock = new FakeClock(1_800_000_000_000);
  let passes = true;
  const fake = fakeVerifier(() => passes);
  const service = () => new MailAccountService({ db: store().db, secrets, allowPrivateHosts: '127.0.0.1/8', clock, verifier: fake.verifier });
  const count = async () => (await store().db.selectFrom('mail_accounts').select('id').execute()).length;

  it('verifying unsaved settings logs in but stores nothing, and no default appears', async () => {
    const rep = await addUser(store(), `rep-${randomBytes(3).toString('hex')}`, 'sales');
    const before = await count();
    const report = await service().verifyDraft({ id: rep, role: 'sales' }, input(`draft-${rep}@example.test`));
    expect(report.ok).toBe(true);
    expect(fake.calls).toContain(`draft-${rep}@example.test`);
    expect(await count()).toBe(before);
    const user = await store().db.selectFrom('users').select('mail_account_id').where('id', '=', rep).executeTakeFirstOrThrow();
    expect(user.mail_account_id).toBeNull();
  });

  it("a sales rep's first mailbox is theirs, their sending mailbox, stored with its check, and not the default", async () => {
    const rep = await addUser(store(), `rep-${randomBytes(3).toString('hex')}`, 'sales');
    const actor = { id: rep, role: 'sales' };
    const saved = await service().create(actor, input(`Sales-${rep}@Example.test`), { verify: true });
    expect(saved.account.ownerUserId).toBe(rep);
    expect(saved.account.isDefault).toBe(false);
    expect(saved.account.lastCheck).toEqual({ at: 1_800_000_000_000, ok: true, checks: expect.arrayContaining([expect.objectContaining({ protocol: 'imap', ok: true })]) });
    const user = await store().db.selectFrom('users').select('mail_account_id').where('id', '=', rep).executeTakeFirstOrThrow();
    expect(Number(user.mail_account_id)).toBe(saved.account.id);
    // The list shows the stored result, without asking the servers again.
    const listed = (await service().list(actor)).find((a) => a.id === saved.account.id);
    expect(listed?.lastCheck?.ok).toBe(true);
  });

  it('refuses a second mailbox for the same address and owner (any case, any name), before verifying; another owner may add it', async () => {
    const rep = await addUser(store(), `rep-${randomBytes(3).toString('hex')}`, 'sales');
    const actor = { id: rep, role: 'sales' };
    const address = `dup-${rep}@example.test`;
    const first = await service().create(actor, input(address));
    const calls = fake.calls.length;
    const again = service().create(actor, input(address.toUpperCase(), { name: `other-name-${rep}` }));
    await expect(again).rejects.toMatchObject({ code: 'ACCOUNT_MAILBOX_EXISTS', context: { accountId: first.account.id } });
    await expect(codeOf(service().verifyDraft(actor, input(address, { name: `third-${rep}` })))).resolves.toBe('ACCOUNT_MAILBOX_EXISTS');
    expect(fake.calls.length).toBe(calls);
    // The CLI's path (the system acting as admin) gets the same rule for the same owner.
    await expect(codeOf(service().create(SYSTEM_ACTOR, input(address, { name: `cli-${rep}` }), { ownerUserId: rep }))).resolves.toBe('ACCOUNT_MAILBOX_EXISTS');
    // A shared mailbox for the same address is another owner's: allowed once.
    await service().create(SYSTEM_ACTOR, input(address, { name: `shared-${rep}` }));
    await expect(codeOf(service().create({ id: null, role: 'marketer' }, input(address, { name: `shared2-${rep}` })))).resolves.toBe('ACCOUNT_MAILBOX_EXISTS');
    const rows = await store().db.selectFrom('mail_accounts').select('id').where('email', '=', address).execute();
    expect(rows).toHaveLength(2);
  });

  it('the unique index holds even when the service check is bypassed (a concurrent add)', async () => {
    const rep = await addUser(store(), `rep-${randomBytes(3).toString('hex')}`, 'sales');
    const address = `race-${rep}@example.test`;
    const created = await service().create({ id: rep, role: 'sales' }, input(address));
    await expect(
      store().db.insertInto('mail_account_addresses').values({ mail_account_id: created.account.id + 100_000, owner_key: rep, email: address }).execute(),
    ).rejects.toThrow();
  });

  it('changing the address to one the owner already has is refused too', async () => {
    const rep = await addUser(store(), `rep-${randomBytes(3).toString('hex')}`, 'sales');
    const actor = { id: rep, role: 'sales' };
    await service().create(actor, input(`a-${rep}@example.test`));
    const second = await service().create(actor, input(`b-${rep}@example.test`));
    await expect(codeOf(service().update(actor, second.account.id, { email: `a-${rep}@example.test` }))).resolves.toBe('ACCOUNT_MAILBOX_EXISTS');
  });

  it('a failed check is stored with what failed; verifying again replaces it; a server change clears it', async () => {
    const rep = await addUser(store(), `rep-${randomBytes(3).toString('hex')}`, 'sales');
    const actor = { id: rep, role: 'sales' };
    passes = false;
    const saved = await service().create(actor, input(`fail-${rep}@example.test`), { verify: true });
    expect(saved.account.lastCheck).toMatchObject({ ok: false, checks: expect.arrayContaining([expect.objectContaining({ protocol: 'imap', ok: false, error: expect.objectContaining({ code: 'ACCOUNT_AUTH_FAILED' }) })]) });
    passes = true;
    clock.advance(60_000);
    await service().verify(actor, saved.account.id);
    const after = await service().get(actor, saved.account.id);
    expect(after.lastCheck).toMatchObject({ ok: true, at: 1_800_000_060_000 });
    // A signature edit keeps the result; a new server makes it stale.
    expect((await service().update(actor, saved.account.id, { signatureText: 'Li Wei' })).account.lastCheck?.ok).toBe(true);
    expect((await service().update(actor, saved.account.id, { smtp: { port: 465, security: 'tls' } })).account.lastCheck).toBeNull();
  });

  it("'required' verification stores nothing when a login fails (the CLI's add --verify)", async () => {
    passes = false;
    const before = await count();
    await expect(codeOf(service().create(SYSTEM_ACTOR, input(`req-${randomBytes(3).toString('hex')}@example.test`), { verify: 'required' }))).resolves.toBe('ACCOUNT_AUTH_FAILED');
    expect(await count()).toBe(before);
    passes = true;
  });

  it("a sales rep sees and changes only their own mailboxes", async () => {
    const rep = await addUser(store(), `rep-${randomBytes(3).toString('hex')}`, 'sales');
    const other = await addUser(store(), `rep-${randomBytes(3).toString('hex')}`, 'sales');
    const theirs = await service().create({ id: other, role: 'sales' }, input(`theirs-${other}@example.test`));
    const mine = await service().create({ id: rep, role: 'sales' }, input(`mine-${rep}@example.test`));
    const visible = (await service().list({ id: rep, role: 'sales' })).map((a) => a.id);
    expect(visible).toContain(mine.account.id);
    expect(visible).not.toContain(theirs.account.id);
    await expect(codeOf(service().update({ id: rep, role: 'sales' }, theirs.account.id, { signatureText: 'x' }))).resolves.toBe('AUTH_FORBIDDEN');
    const edited = await service().update({ id: rep, role: 'sales' }, mine.account.id, { displayName: 'Li Wei', signatureText: 'Li Wei\nSales', signatureHtml: '<p><b>Li Wei</b></p>' });
    expect(edited.account).toMatchObject({ displayName: 'Li Wei', signatureHtml: '<p><b>Li Wei</b></p>' });
  });
});

it('a certificate failure is explained in words a user knows, not command-line flags', () => {
  const error = connectFailed('IMAP', 'mail.example.test', 993, 'self-signed certificate');
  expect(error.message).not.toMatch(/--|tls-verify/);
  expect(error.message).toMatch(/turn off the certificate check/);
  expect(error.context.cliHint).toMatch(/--no-tls-verify/);
});

// User administration over HTTP with browser sessions (cookie + CSRF), as the users screen uses it:
// one-time passwords and the forced change, roles, disabling, resets, mailbox transfer, the last
// admin, and the company profile routes.
import type { FastifyInstance, InjectOptions } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { createMailAccount } from '../../src/modules/accounts/index.js';
import { SecretBox } from '../../src/platform/crypto/index.js';
import { AuthService, buildApi, ensureFirstAdmin } from '../../src/http/index.js';
import { UserAdminService } from '../../src/modules/users/index.js';
import { describeStoreContract } from '../helpers/store-contract.js';
import { makeContext, passwordOf, signIn } from './api.fixture.js';

type Session = { cookie: string; csrf: string };

const unique = (prefix: string) => `${prefix}-${randomBytes(4).toString('hex')}`;

describeStoreContract('user administration routes', (store) => {
  let app: FastifyInstance;
  let admin: Session;

  const call = (session: Session, method: InjectOptions['method'], url: string, payload?: object) =>
    app.inject({ method, url, headers: { cookie: session.cookie, 'x-csrf-token': session.csrf }, ...(payload === undefined ? {} : { payload }) });
  const code = (response: { json: () => unknown }) => (response.json() as { error?: { code?: string } }).error?.code;

  /** A user made over the API with a one-time password, and that password. */
  const addPerson = async (role: string, displayName = 'Ann Lee') => {
    const response = await call(admin, 'POST', '/api/users', { username: unique(role), displayName, role, oneTimePassword: true });
    expect(response.statusCode, response.body).toBe(201);
    return response.json() as { id: number; username: string; mustChangePassword: boolean; oneTimePassword: string };
  };

  /** Signs in with the one-time password and replaces it; returns the session and new password. */
  const onboard = async (person: { username: string; oneTimePassword: string }) => {
    const session = await signIn(app, person.username, person.oneTimePassword);
    const password = `${person.username}-own-password`;
    const changed = await call(session, 'PUT', '/api/auth/password', { currentPassword: person.oneTimePassword, newPassword: password });
    expect(changed.statusCode, changed.body).toBe(200);
    return { session, password };
  };

  beforeAll(async () => {
    app = await buildApi(makeContext(store(), { LOG_LEVEL: 'warn' }));
    const auth = new AuthService(store());
    const username = unique('boss');
    await auth.users.create({ username, role: 'admin', password: passwordOf(username), displayName: 'The Boss' });
    admin = await signIn(app, username);
  });
  afterAll(() => app?.close());

  it('adds a person with a one-time password shown once; until they choose their own, only me, sign-out and the change answer', async () => {
    const person = await addPerson('marketer');
    expect(person.oneTimePassword).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect(person.mustChangePassword).toBe(true);
    const listed = (await call(admin, 'GET', '/api/users')).json() as { username: string; mustChangePassword: boolean; oneTimePassword?: string }[];
    expect(listed.find((u) => u.username === person.username)).toMatchObject({ mustChangePassword: true });
    expect(JSON.stringify(listed)).not.toContain(person.oneTimePassword);

    const session = await signIn(app, person.username, person.oneTimePassword);
    const me = await call(session, 'GET', '/api/auth/me');
    expect(me.statusCode).toBe(200);
    expect((me.json() as { user: { mustChangePassword: boolean } }).user.mustChangePassword).toBe(true);
    for (const [method, url] of [
      ['GET', '/api/customers'],
      ['GET', '/api/company'],
      ['POST', '/api/customers'],
    ] as const) {
      const refused = await call(session, method, url, method === 'POST' ? { name: 'x' } : undefined);
      expect(refused.statusCode, `${method} ${url}`).toBe(403);
      expect(code(refused)).toBe('AUTH_PASSWORD_CHANGE_REQUIRED');
    }

    const wrong = await call(session, 'PUT', '/api/auth/password', { currentPassword: 'not it at all', newPassword: 'a brand new password' });
    expect([wrong.statusCode, code(wrong)]).toEqual([400, 'AUTH_CURRENT_PASSWORD_WRONG']);
    const same = await call(session, 'PUT', '/api/auth/password', { currentPassword: person.oneTimePassword, newPassword: person.oneTimePassword });
    expect(code(same)).toBe('AUTH_WEAK_PASSWORD');
    const short = await call(session, 'PUT', '/api/auth/password', { currentPassword: person.oneTimePassword, newPassword: 'short' });
    expect(code(short)).toBe('AUTH_WEAK_PASSWORD');

    const changed = await call(session, 'PUT', '/api/auth/password', { currentPassword: person.oneTimePassword, newPassword: 'my own long password' });
    expect(changed.statusCode, changed.body).toBe(200);
    expect((changed.json() as { mustChangePassword: boolean }).mustChangePassword).toBe(false);
    // The same session goes on, now with everything the role allows.
    expect((await call(session, 'GET', '/api/customers')).statusCode).toBe(200);
    await expect(signIn(app, person.username, person.oneTimePassword)).rejects.toThrow(/401/);
    await signIn(app, person.username, 'my own long password');
  });

  it('counts wrong current passwords against the sign-in limiter, so a session cannot be used to guess', async () => {
    const person = await addPerson('sales');
    const { session, password } = await onboard(person);
    const answers: (string | undefined)[] = [];
    for (let i = 0; i < 6; i++) answers.push(code(await call(session, 'PUT', '/api/auth/password', { currentPassword: `guess number ${i}`, newPassword: 'another long password' })));
    expect(answers.slice(0, 5)).toEqual(Array(5).fill('AUTH_CURRENT_PASSWORD_WRONG'));
    expect(answers[5]).toBe('AUTH_RATE_LIMITED');
    const right = await call(session, 'PUT', '/api/auth/password', { currentPassword: password, newPassword: 'another long password' });
    expect(code(right)).toBe('AUTH_RATE_LIMITED');
  });

  it('lets only an admin manage users and the company profile', async () => {
    const { session } = await onboard(await addPerson('marketer'));
    const target = await addPerson('sales');
    for (const [method, url, body] of [
      ['GET', '/api/users', undefined],
      ['POST', '/api/users', { username: unique('x'), role: 'admin', oneTimePassword: true }],
      ['PATCH', `/api/users/${target.id}`, { role: 'admin' }],
      ['POST', `/api/users/${target.id}/password/reset`, {}],
      ['PUT', `/api/users/${target.id}/mailbox`, { mailAccountId: null }],
      ['PUT', '/api/company', { name: 'Hijack Ltd' }],
    ] as const) {
      const refused = await call(session, method, url, body);
      expect([refused.statusCode, code(refused)], `${method} ${url}`).toEqual([403, 'AUTH_FORBIDDEN']);
    }
  });

  it('changes a role, which applies to the next request of an open session', async () => {
    const person = await addPerson('marketer');
    const { session } = await onboard(person);
    expect((await call(session, 'GET', '/api/customers')).statusCode).toBe(200);
    const changed = await call(admin, 'PATCH', `/api/users/${person.id}`, { role: 'finance' });
    expect((changed.json() as { role: string }).role).toBe('finance');
    expect(code(await call(session, 'GET', '/api/customers'))).toBe('AUTH_FORBIDDEN');
    expect((await call(session, 'GET', '/api/auth/me')).json()).toMatchObject({ user: { role: 'finance' } });
  });

  it('disabling ends the sessions at once and refuses sign-in; enabling lets them back', async () => {
    const person = await addPerson('sales');
    const { session, password } = await onboard(person);
    expect((await call(admin, 'PATCH', `/api/users/${person.id}`, { disabled: true })).statusCode).toBe(200);
    expect(code(await call(session, 'GET', '/api/auth/me'))).toBe('AUTH_REQUIRED');
    await expect(signIn(app, person.username, password)).rejects.toThrow(/401/);
    await call(admin, 'PATCH', `/api/users/${person.id}`, { disabled: false });
    await signIn(app, person.username, password);
  });

  it('a reset gives a new one-time password, ends the sessions and forces a change at the next sign-in', async () => {
    const person = await addPerson('finance');
    const { session, password } = await onboard(person);
    const reset = await call(admin, 'POST', `/api/users/${person.id}/password/reset`, {});
    expect(reset.statusCode, reset.body).toBe(200);
    const { oneTimePassword, user } = reset.json() as { oneTimePassword: string; user: { mustChangePassword: boolean } };
    expect(user.mustChangePassword).toBe(true);
    expect(code(await call(session, 'GET', '/api/auth/me'))).toBe('AUTH_REQUIRED');
    await expect(signIn(app, person.username, password)).rejects.toThrow(/401/);
    const again = await signIn(app, person.username, oneTimePassword);
    expect(code(await call(again, 'GET', '/api/sms-accounts'))).toBe('AUTH_PASSWORD_CHANGE_REQUIRED');
  });

  it("links a shared mailbox, refuses someone else's, and transfers it when asked", async () => {
    const secrets = new SecretBox(Buffer.alloc(32, 3));
    const smtp = { host: 'smtp.example.test', port: 465, security: 'tls' as const, username: 'u', password: 'p' };
    const shared = await createMailAccount(store().db, secrets, { name: unique('shared'), email: 'team@example.test', smtp });
    const first = await addPerson('sales', 'First Rep');
    const second = await addPerson('sales', 'Second Rep');
    const personal = await createMailAccount(store().db, secrets, { name: unique('personal'), email: 'rep@example.test', smtp }, { ownerUserId: first.id });
    await call(admin, 'PUT', `/api/users/${first.id}/mailbox`, { mailAccountId: personal.id });

    const linked = await call(admin, 'PUT', `/api/users/${second.id}/mailbox`, { mailAccountId: shared.id });
    expect((linked.json() as { mailAccountId: number }).mailAccountId).toBe(shared.id);
    const refused = await call(admin, 'PUT', `/api/users/${second.id}/mailbox`, { mailAccountId: personal.id });
    expect([refused.statusCode, code(refused)]).toEqual([409, 'CONFLICT']);

    const moved = await call(admin, 'PUT', `/api/users/${second.id}/mailbox`, { mailAccountId: personal.id, transfer: true });
    expect(moved.statusCode, moved.body).toBe(200);
    const users = (await call(admin, 'GET', '/api/users')).json() as { id: number; mailAccountId: number | null }[];
    expect(users.find((u) => u.id === second.id)?.mailAccountId).toBe(personal.id);
    expect(users.find((u) => u.id === first.id)?.mailAccountId).toBeNull();
    const owner = await store().db.selectFrom('mail_accounts').select('owner_user_id').where('id', '=', personal.id).executeTakeFirstOrThrow();
    expect(Number(owner.owner_user_id)).toBe(second.id);
    // The one-address-per-owner claim moved with it: the first rep may add rep@example.test again,
    // and the second, who now owns it, may not.
    const claim = await store().db.selectFrom('mail_account_addresses').select('owner_key').where('mail_account_id', '=', personal.id).executeTakeFirstOrThrow();
    expect(Number(claim.owner_key)).toBe(second.id);
    await expect(createMailAccount(store().db, secrets, { name: unique('again'), email: 'rep@example.test', smtp }, { ownerUserId: first.id })).resolves.toBeDefined();
    await expect(createMailAccount(store().db, secrets, { name: unique('twice'), email: 'rep@example.test', smtp }, { ownerUserId: second.id })).rejects.toThrow(/ACCOUNT_MAILBOX_EXISTS|already/);
  });

  it('reads the company profile for anyone signed in and saves it for admins, checking each field', async () => {
    const { session } = await onboard(await addPerson('sales'));
    expect((await call(session, 'GET', '/api/company')).json()).toMatchObject({ timeZone: 'Asia/Shanghai', language: 'zh-CN', name: '' });
    const logo = 'data:image/png;base64,iVBORw0KGgo=';
    const saved = await call(admin, 'PUT', '/api/company', { name: '示例贸易', address: '上海市', logo, timeZone: 'Europe/Berlin', language: 'en', smsSignature: '【示例贸易】' });
    expect(saved.statusCode, saved.body).toBe(200);
    expect((await call(session, 'GET', '/api/company')).json()).toEqual({ name: '示例贸易', address: '上海市', logo, timeZone: 'Europe/Berlin', language: 'en', smsSignature: '【示例贸易】' });
    const badZone = await call(admin, 'PUT', '/api/company', { timeZone: 'Mars/Olympus' });
    expect([badZone.statusCode, code(badZone)]).toEqual([400, 'VALIDATION_FAILED']);
    expect((await call(admin, 'PUT', '/api/company', { logo: 'data:text/html;base64,AAAA' })).statusCode).toBe(400);
  });
});

describeStoreContract('the first admin and the last admin', (store) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildApi(makeContext(store(), { LOG_LEVEL: 'warn' }));
  });
  afterAll(() => app?.close());

  it('the first admin signs in with the printed one-time password and must replace it before anything else', async () => {
    const printed: string[] = [];
    await ensureFirstAdmin(makeContext(store()), (line) => printed.push(line));
    expect(printed[0]).not.toMatch(/tidings user passwd/);
    const oneTime = /one-time password (\S+)/.exec(printed[0] ?? '')?.[1] ?? '';
    const session = await signIn(app, 'admin', oneTime);
    const headers = { cookie: session.cookie, 'x-csrf-token': session.csrf };
    const users = await app.inject({ method: 'GET', url: '/api/users', headers });
    expect([users.statusCode, (users.json() as { error: { code: string } }).error.code]).toEqual([403, 'AUTH_PASSWORD_CHANGE_REQUIRED']);
    const changed = await app.inject({ method: 'PUT', url: '/api/auth/password', headers, payload: { currentPassword: oneTime, newPassword: 'the admin’s own password' } });
    expect(changed.statusCode, changed.body).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/api/users', headers })).statusCode).toBe(200);
  });

  it('refuses to demote or disable the last enabled admin, and allows it once there is another', async () => {
    const service = new UserAdminService(store());
    const [first] = await service.list();
    if (!first) throw new Error('no first admin');
    await expect(service.update(first.id, { role: 'marketer' })).rejects.toMatchObject({ code: 'USERS_LAST_ADMIN' });
    await expect(service.update(first.id, { disabled: true })).rejects.toMatchObject({ code: 'USERS_LAST_ADMIN' });
    const { user: second } = await service.create({ username: unique('admin2'), role: 'admin' });
    await service.update(second.id, { disabled: true });
    await expect(service.update(first.id, { disabled: true })).rejects.toMatchObject({ code: 'USERS_LAST_ADMIN' });
    await service.update(second.id, { disabled: false });
    expect((await service.update(first.id, { role: 'marketer' })).role).toBe('marketer');
  });
});

import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Store } from '../../../src/platform/db/index.js';
import { describeWithServices } from '../../helpers/services.js';
import { makeSqliteStore } from '../../helpers/store-contract.js';
import { codeOf, routesHarness, type Caller, type RoutesHarness } from './routes.fixture.js';

const PASSWORD = 'tidings-test';

await describeWithServices(['submission', 'imap'], 'POST /api/accounts/:id/verify against the local Postfix and Dovecot', () => {
  let store: Store;
  let h: RoutesHarness;
  let admin: Caller;
  beforeAll(async () => {
    store = await makeSqliteStore();
    h = await routesHarness(store, { TIDINGS_ALLOW_PRIVATE_HOSTS: '127.0.0.1' });
    admin = await h.caller('admin');
  });
  afterAll(async () => {
    await h?.app.close();
    await store?.close();
  });

  const account = (user: string, password: string) => ({
    name: user.split('@')[0]!,
    email: user,
    incoming: { protocol: 'imap', host: '127.0.0.1', port: 143, security: 'starttls', username: user, password },
    smtp: { host: '127.0.0.1', port: 587, security: 'starttls' },
    tlsVerify: false,
  });

  it('logs in to SMTP and IMAP and reports each check; a wrong password is ok:false with ACCOUNT_AUTH_FAILED', async () => {
    const user = `t-${randomBytes(4).toString('hex')}@example.test`;
    const good = (await h.call(admin, 'POST', '/api/accounts', account(user, PASSWORD))).json() as { id: number };
    const report = await h.call(admin, 'POST', `/api/accounts/${good.id}/verify`, {});
    expect(report.statusCode, report.body).toBe(200);
    expect(report.json()).toMatchObject({ ok: true, checks: expect.arrayContaining([expect.objectContaining({ protocol: 'smtp', ok: true }), expect.objectContaining({ protocol: 'imap', ok: true })]) });

    const wrong = `wrong-${randomBytes(4).toString('hex')}`;
    const badUser = `t-${randomBytes(4).toString('hex')}@example.test`;
    const bad = (await h.call(admin, 'POST', '/api/accounts', account(badUser, wrong))).json() as { id: number };
    const failed = (await h.call(admin, 'POST', `/api/accounts/${bad.id}/verify`, {})).json() as { ok: boolean; checks: { ok: boolean; error?: { code: string } }[] };
    expect(failed.ok).toBe(false);
    expect(failed.checks.filter((c) => !c.ok).map((c) => c.error?.code)).toContain('ACCOUNT_AUTH_FAILED');
    for (const body of h.bodies) expect(body).not.toContain(wrong);
    expect(codeOf(await h.call(admin, 'POST', '/api/accounts/99999999/verify', {}))).toBe('NOT_FOUND');
  });
});

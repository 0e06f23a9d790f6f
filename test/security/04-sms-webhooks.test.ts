// Issue #16 item 4: SMS webhooks were anonymous by default. An Aliyun account without a
// callbackToken accepted anyone's POST /webhooks/sms/<name>/inbound, so a body
// [{"phone_number":"+86…","content":"TD"}] suppressed that number; the token, when set, was plain
// settings returned to every reader. Replayed here over HTTP against the running API.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { sendSms, topUp } from '../../src/modules/billing/index.js';
import { isSuppressed } from '../../src/modules/customers/index.js';
import { AliyunProvider } from '../../src/adapters/sms/index.js';
import { startAliyunFake, type AliyunFake } from '../fixtures/sms/aliyun-server.js';
import { describeStoreContract } from '../helpers/store-contract.js';
import { useLiveApi, type Actor, type LiveApi } from './harness.js';

const KEY_ID = 'LTAI5tWebhookTest';
const KEY_SECRET = 'webhook-test-secret';
const SIGN = '某某公司';

let fake: AliyunFake;
beforeAll(async () => {
  fake = await startAliyunFake({ [KEY_ID]: KEY_SECRET }, { SMS_1: [] }, [SIGN]);
});
afterAll(() => fake.close());

/** A fresh mainland number per check, so one check's suppression cannot satisfy another. */
const phone = () => `+86139${String(randomBytes(4).readUInt32BE() % 100_000_000).padStart(8, '0')}`;
const optOut = (number: string) => [{ phone_number: number, content: 'TD', sign_name: SIGN, dest_code: '1', send_time: '2026-03-02 01:00:00' }];
const pathOf = (url: string) => {
  const parsed = new URL(url);
  return `${parsed.pathname}${parsed.search}`;
};

describeStoreContract('security 04: SMS webhooks are authenticated, always', (store) => {
  const api = useLiveApi(store, { BILLING_SMS_WEBHOOK_BASE_URL: 'https://tidings.example.test' });
  let live: LiveApi;
  let admin: Actor;
  let name: string;
  let id: number;

  beforeAll(async () => {
    live = api();
    admin = await live.actor('admin');
    name = `ali-${randomBytes(3).toString('hex')}`;
    // Created the way the attack found it: no token of any kind in the request.
    const created = await live.request('POST', '/api/sms-accounts', {
      actor: admin,
      body: { name, provider: 'aliyun', credentials: { accessKeyId: KEY_ID, accessKeySecret: KEY_SECRET }, signature: SIGN, settings: { templateCode: 'SMS_1' } },
    });
    expect(created.status, created.text).toBe(201);
    id = (created.body as { id: number }).id;
  });

  it('answers an account name that does not exist exactly like a wrong token, so names cannot be probed', async () => {
    const wrongToken = await live.request('POST', `/webhooks/sms/${name}/inbound?token=${'x'.repeat(43)}`, { body: optOut(phone()) });
    const noSuchAccount = await live.request('POST', `/webhooks/sms/no-such-${name}/inbound?token=${'x'.repeat(43)}`, { body: optOut(phone()) });
    expect(noSuchAccount.status).toBe(401);
    expect(noSuchAccount.body).toEqual(wrongToken.body);
  });

  const rotate = async (actor: Actor = admin) => live.request('POST', `/api/sms-accounts/${id}/webhook-token`, { actor, body: {} });

  it('refuses an anonymous inbound callback and suppresses nothing', async () => {
    const number = phone();
    const reply = await live.request('POST', `/webhooks/sms/${name}/inbound`, { body: optOut(number) });
    expect([401, 403], reply.text).toContain(reply.status);
    expect(await isSuppressed(store().db, 'sms', number)).toBe(false);
  });

  it('refuses a wrong or empty token, then accepts only the link from the latest rotation', async () => {
    for (const guess of ['', 'tok', randomBytes(32).toString('base64url')]) {
      const number = phone();
      const reply = await live.request('POST', `/webhooks/sms/${name}/inbound?token=${guess}`, { body: optOut(number) });
      expect([401, 403], `${guess}: ${reply.text}`).toContain(reply.status);
      expect(await isSuppressed(store().db, 'sms', number)).toBe(false);
    }

    const first = await rotate();
    expect(first.status, first.text).toBe(200);
    const link = first.body as { token: string; inboundUrl: string; statusUrl: string };
    expect(Buffer.from(link.token, 'base64url').length).toBeGreaterThanOrEqual(32);
    expect(link.inboundUrl).toBe(`https://tidings.example.test/webhooks/sms/${name}/inbound?token=${link.token}`);
    expect(first.text).not.toMatch(/callbackToken/);

    const accepted = phone();
    const ok = await live.request('POST', pathOf(link.inboundUrl), { body: optOut(accepted) });
    expect(ok.status, ok.text).toBe(200);
    expect(await isSuppressed(store().db, 'sms', accepted)).toBe(true);

    // A new link replaces the old one at once.
    const second = await rotate();
    expect(second.status).toBe(200);
    const stale = phone();
    const old = await live.request('POST', pathOf(link.inboundUrl), { body: optOut(stale) });
    expect(old.status).toBe(401);
    expect(await isSuppressed(store().db, 'sms', stale)).toBe(false);
    const fresh = phone();
    const again = await live.request('POST', pathOf((second.body as { inboundUrl: string }).inboundUrl), { body: optOut(fresh) });
    expect(again.status, again.text).toBe(200);
    expect(await isSuppressed(store().db, 'sms', fresh)).toBe(true);
  });

  it('refuses forged delivery receipts: the message keeps its state until the provider reports', async () => {
    const { db } = store();
    await topUp(db, { accountId: id, idempotencyKey: `${name}:top`, amountMinor: 1000, reference: 'r', operator: 'f' });
    const provider = new AliyunProvider({ accessKeyId: KEY_ID, accessKeySecret: KEY_SECRET, signName: SIGN, templateCode: 'SMS_1', endpoint: fake.url, guard: { allowPrivateHosts: '127.0.0.1/8,::1' } });
    const sent = await sendSms(db, provider, { account: { id, timeZone: 'Asia/Shanghai' }, to: phone(), text: 'hi', idempotencyKey: `${name}:m` });
    const status = async () => (await db.selectFrom('sms_messages').select('status').where('provider_message_id', '=', sent.providerMessageId).executeTakeFirst())?.status;
    const report = [{ phone_number: '13800138000', success: false, err_code: 'FORGED', biz_id: sent.providerMessageId, report_time: '2026-03-02 01:00:05' }];

    for (const query of ['', '?token=', `?token=${randomBytes(32).toString('base64url')}`]) {
      const forged = await live.request('POST', `/webhooks/sms/${name}/status${query}`, { body: report });
      expect([401, 403], forged.text).toContain(forged.status);
      expect(await status()).toBe('accepted');
    }
    const link = (await rotate()).body as { statusUrl: string };
    const real = await live.request('POST', pathOf(link.statusUrl), { body: [{ ...report[0], success: true, err_code: 'DELIVERED' }] });
    expect(real.status, real.text).toBe(200);
    expect(await status()).toBe('delivered');
  });

  it('never shows the token: not to finance, readonly, marketer or admin, in no response', async () => {
    const link = (await rotate()).body as { token: string; inboundUrl: string };
    // Used once, so any request log line would carry it.
    expect((await live.request('POST', pathOf(link.inboundUrl), { body: optOut(phone()) })).status).toBe(200);
    const reads: string[] = [];
    for (const role of ['finance', 'readonly', 'marketer', 'admin'] as const) {
      const actor = await live.actor(role);
      for (const path of ['/api/sms-accounts', `/api/sms-accounts/${id}`]) {
        const reply = await live.request('GET', path, { actor });
        reads.push(`${role} ${path} ${reply.status}`);
        expect(reply.text, `${role} GET ${path}`).not.toContain(link.token);
        expect(reply.text).not.toMatch(/callbackToken/);
        if (reply.status === 200) expect(reply.text).toContain('"tokenSet":true');
      }
    }
    // The listing is open to finance and readonly (wallets, reports): the check above is not vacuous.
    expect(reads).toEqual(expect.arrayContaining(['finance /api/sms-accounts 200', 'readonly /api/sms-accounts 200', 'marketer /api/sms-accounts 200', 'admin /api/sms-accounts 200']));
    const made = await live.request('POST', `/api/sms-accounts/${id}/default`, { actor: admin, body: {} });
    expect(made.text).not.toContain(link.token);
    // Nor in what Tidings itself logged about the callbacks and the rotation. (Fastify's own
    // request lines carry the URL; redacting `?token=` there is src/logger's redactUrl.)
    const ours = live.logs.lines.filter((line) => !line.includes('"req":'));
    expect(ours.some((line) => line.includes('sms webhook token rotated'))).toBe(true);
    expect(ours.join('\n')).not.toContain(link.token);
  });

  it('lets only accounts:write make a new link', async () => {
    for (const role of ['finance', 'readonly', 'sales'] as const) {
      const reply = await rotate(await live.actor(role));
      expect(reply.status, role).toBe(403);
      expect(reply.text).not.toMatch(/token"\s*:/);
    }
  });

  it('logs a refusal with its reason, and answers an account without any token with 401', async () => {
    const bare = `ali-${randomBytes(3).toString('hex')}`;
    const created = await live.request('POST', '/api/sms-accounts', { actor: admin, body: { name: bare, provider: 'aliyun', credentials: { accessKeyId: KEY_ID, accessKeySecret: KEY_SECRET } } });
    expect(created.status).toBe(201);
    const bareId = (created.body as { id: number }).id;
    // An account from before sealed tokens, with no token at all.
    await store().db.deleteFrom('sms_account_webhook_tokens').where('sms_account_id', '=', bareId).execute();
    const number = phone();
    const reply = await live.request('POST', `/webhooks/sms/${bare}/inbound?token=anything`, { body: optOut(number) });
    expect(reply.status).toBe(401);
    expect(await isSuppressed(store().db, 'sms', number)).toBe(false);
    expect(live.logs.lines.some((line) => line.includes(bare) && line.includes('no-token-stored'))).toBe(true);
  });

  it('Twilio: an account without the auth token, or a request without a signature, is refused', async () => {
    const tw = `tw-${randomBytes(3).toString('hex')}`;
    const created = await live.request('POST', '/api/sms-accounts', {
      actor: admin,
      body: { name: tw, provider: 'twilio', credentials: { accountSid: `AC${'1'.repeat(32)}`, apiKeySid: `SK${'2'.repeat(32)}`, apiKeySecret: 'api-key-secret' }, senderId: '+15005550006' },
    });
    expect(created.status, created.text).toBe(201);
    const number = phone();
    const form = new URLSearchParams({ MessageSid: 'SM1', From: number, To: '+15005550006', Body: 'STOP' }).toString();
    const headers = { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': 'forged' };
    const noToken = await live.request('POST', `/webhooks/sms/${tw}/inbound`, { body: form, headers });
    expect(noToken.status, noToken.text).toBe(401);

    const tw2 = `tw-${randomBytes(3).toString('hex')}`;
    await live.request('POST', '/api/sms-accounts', { actor: admin, body: { name: tw2, provider: 'twilio', credentials: { accountSid: `AC${'3'.repeat(32)}`, authToken: 'real-auth-token' }, senderId: '+15005550006' } });
    const unsigned = await live.request('POST', `/webhooks/sms/${tw2}/inbound`, { body: form, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(unsigned.status, unsigned.text).toBe(403);
    expect(await isSuppressed(store().db, 'sms', number)).toBe(false);
    // Its callbacks are signed: there is no webhook token to hand out.
    const twId = (created.body as { id: number }).id;
    expect((await live.request('POST', `/api/sms-accounts/${twId}/webhook-token`, { actor: admin, body: {} })).status).toBe(400);
  });
});

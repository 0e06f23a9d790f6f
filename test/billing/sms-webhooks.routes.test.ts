import { randomBytes } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import twilio from 'twilio';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createSmsAccount, rotateSmsWebhookToken } from '../../src/modules/accounts/index.js';
import type { AppContext } from '../../src/app/index.js';
import { sendSms, topUp } from '../../src/modules/billing/index.js';
import { smsRoutes } from '../../src/http/routes/sms-webhooks.routes.js';
import { loadConfig } from '../../src/app/index.js';
import { SecretBox } from '../../src/platform/crypto/index.js';
import { isSuppressed } from '../../src/modules/customers/index.js';
import { createLogger } from '../../src/platform/logger/index.js';
import { TwilioProvider } from '../../src/adapters/sms/index.js';
import { describeStoreContract } from '../helpers/store-contract.js';
import { startTwilioFake, type TwilioFake } from '../fixtures/sms/twilio-server.js';
import { systemClock } from '../../src/platform/clock/index.js';

const SID = 'AC0123456789abcdef0123456789abcdef';
const TOKEN = 'webhook-token';
const BASE = 'https://tidings.example.test';

let fake: TwilioFake;
beforeAll(async () => {
  fake = await startTwilioFake(SID, TOKEN);
});
afterAll(() => fake.close());

describeStoreContract('SMS webhook routes', (store) => {
  let app: FastifyInstance;
  let twilioName: string;
  let aliyunName: string;
  let aliyunToken: string;
  beforeAll(async () => {
    const secrets = new SecretBox(randomBytes(32));
    const config = loadConfig({ LOG_LEVEL: 'silent', BILLING_SMS_WEBHOOK_BASE_URL: BASE, BILLING_SMS_OPT_OUT_KEYWORDS: 'STOP,TD,退订' });
    const context = { config, logger: createLogger({ level: 'silent' }), store: store(), secrets, redis: undefined, clock: systemClock, close: async () => {} } as unknown as AppContext;
    twilioName = `tw-${randomBytes(3).toString('hex')}`;
    aliyunName = `ali-${randomBytes(3).toString('hex')}`;
    await createSmsAccount(store().db, secrets, { name: twilioName, provider: 'twilio', credentials: { accountSid: SID, authToken: TOKEN }, senderId: '+15005550006', settings: { apiBaseUrl: fake.url } }, { allowPrivateHosts: '127.0.0.1/8,::1' });
    await createSmsAccount(store().db, secrets, { name: aliyunName, provider: 'aliyun', credentials: { accessKeyId: 'id', accessKeySecret: 'secret' }, signature: '某某公司', settings: { templateCode: 'SMS_1' } });
    // Aliyun's push is unsigned: the account's sealed webhook token, shown once by rotation, is the proof.
    aliyunToken = (await rotateSmsWebhookToken(store().db, secrets, aliyunName)).token;
    app = Fastify();
    app.setValidatorCompiler(validatorCompiler);
    app.setSerializerCompiler(serializerCompiler);
    await app.register(smsRoutes, { context });
    await app.ready();
  });
  afterAll(() => app.close());

  const signedForm = (path: string, body: Record<string, string>, token = TOKEN) => ({
    method: 'POST' as const,
    url: path,
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': twilio.getExpectedTwilioSignature(token, `${BASE}${path}`, body) },
    payload: new URLSearchParams(body).toString(),
  });

  it('applies a signed Twilio status callback and refuses a forged one', async () => {
    const { db } = store();
    const account = await db.selectFrom('sms_accounts').select('id').where('name', '=', twilioName).executeTakeFirstOrThrow();
    await topUp(db, { accountId: Number(account.id), idempotencyKey: `${twilioName}:t`, amountMinor: 100, reference: 'r', operator: 'f' });
    const provider = new TwilioProvider({ accountSid: SID, authToken: TOKEN, from: '+15005550006', apiBaseUrl: fake.url, guard: { allowPrivateHosts: '127.0.0.1/8,::1' } });
    const sent = await sendSms(db, provider, { account: { id: Number(account.id), timeZone: 'Asia/Shanghai' }, to: '+8613800138000', text: 'hi', idempotencyKey: `${twilioName}:m` });
    const path = `/webhooks/sms/${twilioName}/status`;
    const body = { MessageSid: sent.providerMessageId, MessageStatus: 'delivered', To: '+8613800138000' };
    const forged = await app.inject(signedForm(path, body, 'guessed'));
    expect(forged.statusCode).toBe(403);
    expect((await db.selectFrom('sms_messages').select('status').where('provider_message_id', '=', sent.providerMessageId).executeTakeFirst())?.status).toBe('accepted');
    const ok = await app.inject(signedForm(path, body));
    expect(ok.statusCode).toBe(200);
    expect((await db.selectFrom('sms_messages').select('status').where('provider_message_id', '=', sent.providerMessageId).executeTakeFirst())?.status).toBe('delivered');
  });

  it('suppresses a number that texts STOP (Twilio) or 退订 (Aliyun)', async () => {
    const { db } = store();
    const res = await app.inject(signedForm(`/webhooks/sms/${twilioName}/inbound`, { MessageSid: 'SMx', From: '+8613900139001', To: '+15005550006', Body: ' stop ' }));
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe('<Response/>');
    expect(await isSuppressed(db, 'sms', '+8613900139001')).toBe(true);

    const reply = await app.inject(signedForm(`/webhooks/sms/${twilioName}/inbound`, { MessageSid: 'SMy', From: '+8613900139002', To: '+15005550006', Body: 'stop by tomorrow?' }));
    expect(reply.statusCode).toBe(200);
    expect(await isSuppressed(db, 'sms', '+8613900139002')).toBe(false);

    const aliyun = await app.inject({ method: 'POST', url: `/webhooks/sms/${aliyunName}/inbound?token=${aliyunToken}`, payload: [{ phone_number: '13900139003', content: '退订', sign_name: '某某公司', dest_code: '1', send_time: '2026-03-02 01:00:00' }] });
    expect(aliyun.json()).toEqual({ code: 0, msg: '成功' });
    expect(await isSuppressed(db, 'sms', '+8613900139003')).toBe(true);
    const badToken = await app.inject({ method: 'POST', url: `/webhooks/sms/${aliyunName}/inbound?token=nope`, payload: [{ phone_number: '13900139004', content: '退订' }] });
    expect(badToken.statusCode).toBe(401);
    expect(await isSuppressed(db, 'sms', '+8613900139004')).toBe(false);
    const noToken = await app.inject({ method: 'POST', url: `/webhooks/sms/${aliyunName}/inbound`, payload: [{ phone_number: '13900139005', content: '退订' }] });
    expect(noToken.statusCode).toBe(401);
    expect(await isSuppressed(db, 'sms', '+8613900139005')).toBe(false);
  });
});

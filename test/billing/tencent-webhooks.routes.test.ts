// Tencent Cloud SMS end to end over the webhook routes: a message sent through the account's
// provider (built by the factory from the stored account) is settled by Tencent's status report,
// and a reply "R" suppresses the number, only with the account's webhook token in the URL.
import { randomBytes } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createSmsAccount, loadSmsAccount, rotateSmsWebhookToken } from '../../src/modules/accounts/index.js';
import { loadConfig, type AppContext } from '../../src/app/index.js';
import { balance, sendSms, topUp } from '../../src/modules/billing/index.js';
import { smsRoutes } from '../../src/http/routes/sms-webhooks.routes.js';
import { SecretBox } from '../../src/platform/crypto/index.js';
import { isSuppressed } from '../../src/modules/customers/index.js';
import { createLogger } from '../../src/platform/logger/index.js';
import { createSmsProvider } from '../../src/adapters/sms/index.js';
import { systemClock } from '../../src/platform/clock/index.js';
import { describeStoreContract } from '../helpers/store-contract.js';
import { startTencentFake, tencentReply, tencentReport, type TencentFake } from '../fixtures/sms/tencent-server.js';

const SECRET_ID = 'AKIDtidingsWebhooks';
const SECRET_KEY = 'webhooks-secret';
const APP = '1400001234';
const guard = { allowPrivateHosts: '127.0.0.1/8,::1' };

let fake: TencentFake;
let templateId: number;
beforeAll(async () => {
  fake = await startTencentFake({ keys: { [SECRET_ID]: SECRET_KEY }, sdkAppIds: [APP] });
  fake.approvedSign('某某公司');
  templateId = fake.approvedTemplate('{1}');
});
afterAll(() => fake.close());

describeStoreContract('Tencent Cloud SMS webhooks', (store) => {
  const secrets = new SecretBox(randomBytes(32));
  let app: FastifyInstance;
  let name: string;
  let token: string;
  beforeAll(async () => {
    const config = loadConfig({ LOG_LEVEL: 'silent', BILLING_SMS_WEBHOOK_BASE_URL: 'https://tidings.example.test', BILLING_SMS_OPT_OUT_KEYWORDS: 'T,TD,R,退订' });
    const context = { config, logger: createLogger({ level: 'silent' }), store: store(), secrets, redis: undefined, clock: systemClock, close: async () => {} } as unknown as AppContext;
    name = `tc-${randomBytes(3).toString('hex')}`;
    await createSmsAccount(
      store().db,
      secrets,
      { name, provider: 'tencent', credentials: { secretId: SECRET_ID, secretKey: SECRET_KEY }, signature: '某某公司', settings: { sdkAppId: APP, templateId: String(templateId), endpoint: fake.url } },
      guard,
    );
    token = (await rotateSmsWebhookToken(store().db, secrets, name)).token;
    app = Fastify();
    app.setValidatorCompiler(validatorCompiler);
    app.setSerializerCompiler(serializerCompiler);
    await app.register(smsRoutes, { context });
    await app.ready();
  });
  afterAll(() => app.close());

  it('a status report settles the message the account sent; a report without the token changes nothing', async () => {
    const { db } = store();
    const account = await loadSmsAccount(db, secrets, name);
    await topUp(db, { accountId: account.id, idempotencyKey: `${name}:top`, amountMinor: 10_000, reference: 'r', operator: 'f' });
    const provider = createSmsProvider(account, {}, guard);
    expect(provider.kind).toBe('tencent');
    const sent = await sendSms(db, provider, { account: { id: account.id, timeZone: account.timeZone, signature: account.signature }, to: '+8613800138000', text: '您的订单已发货', idempotencyKey: `${name}:m1` });
    expect(sent.providerMessageId).toMatch(/^2645:/);
    const row = () => db.selectFrom('sms_messages').select(['status', 'delivered_at', 'parts']).where('provider_message_id', '=', sent.providerMessageId).executeTakeFirstOrThrow();
    expect((await row()).status).toBe('accepted');

    const report = tencentReport(sent.providerMessageId, '13800138000', true, '2026-03-02 01:00:05');
    for (const query of ['', '?token=', `?token=${randomBytes(32).toString('base64url')}`]) {
      const forged = await app.inject({ method: 'POST', url: `/webhooks/sms/${name}/status${query}`, payload: report });
      expect(forged.statusCode).toBe(401);
      expect((await row()).status).toBe('accepted');
    }
    const ok = await app.inject({ method: 'POST', url: `/webhooks/sms/${name}/status?token=${token}`, payload: report });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toEqual({ result: 0, errmsg: 'OK' });
    expect(await row()).toMatchObject({ status: 'delivered', delivered_at: Date.parse('2026-03-01T17:00:05Z'), parts: 1 });
    const wallet = await balance(db, account.id);
    expect({ posted: wallet.postedMinor, pending: wallet.pendingMinor }).toEqual({ posted: sent.costMinor, pending: 0 });
    expect(sent.costMinor).toBeGreaterThan(0);
  });

  it('a reply "R" suppresses the number; a question does not; no token, no effect', async () => {
    const { db } = store();
    const refused = await app.inject({ method: 'POST', url: `/webhooks/sms/${name}/inbound`, payload: tencentReply('13900139001', 'R') });
    expect(refused.statusCode).toBe(401);
    expect(await isSuppressed(db, 'sms', '+8613900139001')).toBe(false);

    const optOut = await app.inject({ method: 'POST', url: `/webhooks/sms/${name}/inbound?token=${token}`, payload: tencentReply('13900139001', 'R') });
    expect(optOut.statusCode).toBe(200);
    expect(optOut.json()).toEqual({ result: 0, errmsg: 'OK' });
    expect(await isSuppressed(db, 'sms', '+8613900139001')).toBe(true);

    const question = await app.inject({ method: 'POST', url: `/webhooks/sms/${name}/inbound?token=${token}`, payload: tencentReply('13900139002', 'R是什么意思？') });
    expect(question.statusCode).toBe(200);
    expect(await isSuppressed(db, 'sms', '+8613900139002')).toBe(false);
  });
});

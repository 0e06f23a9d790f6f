import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createSmsAccount } from '../../src/modules/accounts/index.js';
import { setPrice, topUp } from '../../src/modules/billing/index.js';
import { createSmsChannel, processSmsRow, type SmsChannel } from '../../src/modules/sending/channels/index.js';
import { CampaignService, DEFAULT_SEND_SETTINGS, MemoryRateLimiter } from '../../src/modules/sending/index.js';
import { submitTemplate, syncPending } from '../../src/modules/sms-approval/index.js';
import { SecretBox } from '../../src/platform/crypto/index.js';
import { createLogger } from '../../src/platform/logger/index.js';
import { AudienceSource, mobile, seedPhoneCustomers, seedSmsTemplate } from '../fixtures/sms/sms-campaign.seed.js';
import { startAliyunFake, type AliyunFake } from '../fixtures/sms/aliyun-server.js';
import { describeStoreContract } from '../helpers/store-contract.js';

const KEY_ID = 'LTAI5tSendKey';
const SECRET = 'send-secret';
const guard = { allowPrivateHosts: '127.0.0.1/8,::1' };
const logger = createLogger({ level: 'silent' });

let fake: AliyunFake;
beforeAll(async () => {
  fake = await startAliyunFake({ [KEY_ID]: SECRET }, { SMS_LEGACY: ['content'] }, ['示例贸易']);
});
afterAll(() => fake.close());

describeStoreContract('send: an SMS row goes out with its approved provider template (local Dysmsapi server)', (store) => {
  const channels: SmsChannel[] = [];
  afterAll(async () => {
    for (const c of channels) await c.close();
  });
  let prefix = 300;

  const run = async (settings: Record<string, unknown>, approve: boolean) => {
    const { db } = store();
    const secrets = new SecretBox(randomBytes(32));
    const account = await createSmsAccount(db, secrets, { provider: 'aliyun', name: `ali-${randomBytes(3).toString('hex')}`, credentials: { accessKeyId: KEY_ID, accessKeySecret: SECRET }, settings: { endpoint: fake.url, ...settings }, signature: '示例贸易' }, guard);
    await setPrice(db, { accountId: account.id, priceMinor: 10, effectiveFrom: 0 });
    await topUp(db, { accountId: account.id, idempotencyKey: `topup:${account.id}`, amountMinor: 100, reference: 'T', operator: 'finance' });
    const versionId = await seedSmsTemplate(db, '{{customer.displayName}}您好，您的订单已发货。');
    const template = (await db.selectFrom('template_versions').select('template_id').where('id', '=', versionId).executeTakeFirstOrThrow()).template_id;
    const deps = { db, secrets, guard };
    if (approve) {
      const [binding] = await submitTemplate(deps, { template: Number(template), smsAccount: account.id });
      fake.decideTemplate(binding!.code!, 1);
      await syncPending(deps);
    }
    prefix += 1;
    const customers = await seedPhoneCustomers(db, [mobile(1, String(prefix))]);
    const campaigns = new CampaignService({ db, recipients: new AudienceSource(db) });
    const campaign = await campaigns.create({ name: 'sms', channel: 'sms', smsAccountId: account.id, templateVersionId: versionId, audience: { customerIds: customers } });
    await campaigns.start(campaign.id);
    const sms = createSmsChannel({ db, secrets, logger, guard });
    channels.push(sms);
    const row = (await db.selectFrom('outbox').selectAll().where('campaign_id', '=', campaign.id).executeTakeFirstOrThrow());
    const before = fake.requests.length;
    const outcome = await processSmsRow({ db, limiter: new MemoryRateLimiter(), logger, settings: DEFAULT_SEND_SETTINGS, sms }, row);
    const sent = fake.requests.slice(before).filter((r) => r.Action === 'SendSms');
    const after = await db.selectFrom('outbox').selectAll().where('id', '=', row.id).executeTakeFirstOrThrow();
    return { outcome, sent, after };
  };

  it('approved binding: TemplateCode is the binding’s and TemplateParam holds this recipient’s values by name', async () => {
    const { outcome, sent, after } = await run({}, true);
    expect([outcome, after.error_code, after.error_text]).toMatchObject([{ outcome: 'sent' }, null, null]);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.TemplateCode).toMatch(/^SMS_2\d+$/);
    expect(JSON.parse(sent[0]!.TemplateParam!)).toEqual({ displayName: 'Customer 0' });
    expect(after).toMatchObject({ state: 'sent', parts: 1 });
  });

  it('legacy: an account with one template code still sends with it, the text as {content}', async () => {
    const { outcome, sent } = await run({ templateCode: 'SMS_LEGACY' }, false);
    expect(outcome).toMatchObject({ outcome: 'sent' });
    expect(sent[0]).toMatchObject({ TemplateCode: 'SMS_LEGACY', TemplateParam: JSON.stringify({ content: 'Customer 0您好，您的订单已发货。' }) });
  });

  it('not approved and no legacy code: the campaign cannot start', async () => {
    await expect(run({}, false)).rejects.toMatchObject({ code: 'SMS_APPROVAL_REQUIRED' });
  });
});

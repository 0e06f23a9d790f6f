import { randomBytes } from 'node:crypto';
import { expect, it } from 'vitest';
import { createSmsAccount, deleteSmsAccount, getSmsAccount, listSmsAccounts, loadSmsAccount, setDefaultSmsAccount, updateSmsAccount } from '../../src/modules/accounts/index.js';
import { MASK, SecretBox } from '../../src/platform/crypto/index.js';
import { isTidingsError } from '../../src/platform/errors/index.js';
import type { Store } from '../../src/platform/db/index.js';
import { describeStoreContract } from '../helpers/store-contract.js';

const secrets = new SecretBox(randomBytes(32));
const SECRET = `sk-${randomBytes(8).toString('hex')}`;
const codeOf = (promise: Promise<unknown>) =>
  promise.then(
    () => 'ok',
    (error: unknown) => (isTidingsError(error) ? error.code : String(error)),
  );


/** A campaign on SMS account `accountId` in `status` (template and version seeded alongside). */
async function addSmsCampaign(db: Store['db'], accountId: number, status: 'running' | 'finished'): Promise<number> {
  const now = Date.now();
  const template = await db
    .insertInto('templates')
    .values({ name: `t-${randomBytes(4).toString('hex')}`, channel: 'sms', builtin: null, current_version: 1, created_at: now, updated_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  const version = await db
    .insertInto('template_versions')
    .values({ template_id: Number(template.id), version: 1, subject: null, body_format: 'text', body: 'b', text_body: null, attachments: '[]', is_marketing: 1, created_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  const campaign = await db
    .insertInto('campaigns')
    .values({
      name: `sms-${status}`,
      channel: 'sms',
      kind: 'bulk',
      mail_account_id: null,
      sms_account_id: accountId,
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

describeStoreContract('SMS account repository', (store) => {
  it('deleting an account a campaign sends through pauses the campaign with a readable reason', async () => {
    const { db } = store();
    const account = await createSmsAccount(db, secrets, { name: 'busy-sms', provider: 'smpp', credentials: { systemId: 's', password: 'p' } });
    const running = await addSmsCampaign(db, account.id, 'running');
    const finished = await addSmsCampaign(db, account.id, 'finished');
    await deleteSmsAccount(db, String(account.id));
    expect(await codeOf(getSmsAccount(db, secrets, 'busy-sms'))).toBe('NOT_FOUND');
    const rows = await db.selectFrom('campaigns').select(['id', 'status', 'status_reason', 'sms_account_id']).where('id', 'in', [running, finished]).orderBy('id').execute();
    expect(rows[0]).toMatchObject({ status: 'paused', sms_account_id: null });
    expect(rows[0]?.status_reason).toMatch(/^SEND_ACCOUNT_DELETED: The SMS account "busy-sms" was deleted while this campaign was sending/);
    expect(rows[1]).toMatchObject({ status: 'finished', sms_account_id: null, status_reason: null });
  });


  it('creates accounts with sealed credentials, CNY and Asia/Shanghai by default', async () => {
    const { db } = store();
    const account = await createSmsAccount(db, secrets, {
      name: 'aliyun-main',
      provider: 'aliyun',
      credentials: { accessKeyId: 'LTAI5t-test', accessKeySecret: SECRET },
      settings: { templateCode: 'SMS_123' },
      signature: '某某公司',
    });
    expect(account).toMatchObject({
      provider: 'aliyun',
      credentials: { accessKeyId: MASK, accessKeySecret: MASK },
      signature: '【某某公司】',
      currency: 'CNY',
      timeZone: 'Asia/Shanghai',
      isDefault: true,
      settings: { templateCode: 'SMS_123' },
    });
    const raw = await db.selectFrom('sms_accounts').selectAll().executeTakeFirstOrThrow();
    expect(JSON.stringify(raw)).not.toContain(SECRET);
    expect(JSON.stringify(await listSmsAccounts(db, secrets))).not.toContain(SECRET);
    expect((await loadSmsAccount(db, secrets, 'aliyun-main')).credentials).toEqual({ accessKeyId: 'LTAI5t-test', accessKeySecret: SECRET });
  });

  it('Tencent Cloud: secretId/secretKey sealed, sdkAppId required, a private endpoint refused at save', async () => {
    const { db } = store();
    const input = { name: 'tc', provider: 'tencent' as const, credentials: { secretId: 'AKIDtest', secretKey: SECRET }, settings: { sdkAppId: '1400006666' }, signature: '某某公司' };
    expect(await codeOf(createSmsAccount(db, secrets, { ...input, settings: {} }))).toBe('VALIDATION_FAILED');
    expect(await codeOf(createSmsAccount(db, secrets, { ...input, credentials: { accessKeyId: 'x', accessKeySecret: 'y' } } as never))).toBe('VALIDATION_FAILED');
    expect(await codeOf(createSmsAccount(db, secrets, { ...input, settings: { sdkAppId: '1400006666', endpoint: 'http://127.0.0.1:9/' } }))).toBe('ACCOUNT_HOST_FORBIDDEN');
    const account = await createSmsAccount(db, secrets, input);
    expect(account).toMatchObject({ provider: 'tencent', credentials: { secretId: MASK, secretKey: MASK }, webhook: { auth: 'token', tokenSet: true } });
    expect(JSON.stringify(await db.selectFrom('sms_accounts').selectAll().execute())).not.toContain(SECRET);
    expect((await loadSmsAccount(db, secrets, 'tc')).credentials).toEqual({ secretId: 'AKIDtest', secretKey: SECRET });
    // An edit cannot take away the SdkAppId either.
    expect(await codeOf(updateSmsAccount(db, secrets, 'tc', { settings: {} }))).toBe('VALIDATION_FAILED');
    expect((await updateSmsAccount(db, secrets, 'tc', { settings: { sdkAppId: '1400007777' } })).settings).toMatchObject({ sdkAppId: '1400007777' });
  });

  it('validates credentials per provider', async () => {
    const { db } = store();
    expect(await codeOf(createSmsAccount(db, secrets, { name: 'tw', provider: 'twilio', credentials: { accessKeyId: 'x', accessKeySecret: 'y' } } as never))).toBe('VALIDATION_FAILED');
    expect(await codeOf(createSmsAccount(db, secrets, { name: 'tw', provider: 'twilio', credentials: { accountSid: `AC${'0'.repeat(32)}` } }))).toBe('VALIDATION_FAILED');
    expect(await codeOf(createSmsAccount(db, secrets, { name: 'x', provider: 'nexmo', credentials: {} } as never))).toBe('VALIDATION_FAILED');
    const twilio = await createSmsAccount(db, secrets, {
      name: 'tw',
      provider: 'twilio',
      credentials: { accountSid: `AC${'a'.repeat(32)}`, authToken: SECRET },
      senderId: '+15005550006',
      currency: 'USD',
      timeZone: 'America/New_York',
    });
    expect(twilio).toMatchObject({ currency: 'USD', timeZone: 'America/New_York', isDefault: false });
    expect(await codeOf(createSmsAccount(db, secrets, { name: 'tw', provider: 'smpp', credentials: { systemId: 's', password: 'p' } }))).toBe('CONFLICT');
  });

  it('switches the default and deletes', async () => {
    const { db } = store();
    await createSmsAccount(db, secrets, { name: 'smpp-1', provider: 'smpp', credentials: { systemId: 'sys', password: SECRET } });
    await setDefaultSmsAccount(db, secrets, 'smpp-1');
    expect((await loadSmsAccount(db, secrets)).name).toBe('smpp-1');
    expect((await listSmsAccounts(db, secrets)).filter((a) => a.isDefault).length).toBe(1);
    await deleteSmsAccount(db, 'smpp-1');
    expect(await codeOf(getSmsAccount(db, secrets, 'smpp-1'))).toBe('NOT_FOUND');
    expect((await listSmsAccounts(db, secrets)).filter((a) => a.isDefault).length).toBe(1);
  });
});

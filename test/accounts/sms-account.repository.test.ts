import { randomBytes } from 'node:crypto';
import { expect, it } from 'vitest';
import { createSmsAccount, deleteSmsAccount, getSmsAccount, listSmsAccounts, loadSmsAccount, setDefaultSmsAccount } from '../../src/accounts/index.js';
import { MASK, SecretBox } from '../../src/crypto/index.js';
import { isTidingsError } from '../../src/errors/index.js';
import { describeStoreContract } from '../helpers/store-contract.js';

const secrets = new SecretBox(randomBytes(32));
const SECRET = `sk-${randomBytes(8).toString('hex')}`;
const codeOf = (promise: Promise<unknown>) =>
  promise.then(
    () => 'ok',
    (error: unknown) => (isTidingsError(error) ? error.code : String(error)),
  );

describeStoreContract('SMS account repository', (store) => {
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

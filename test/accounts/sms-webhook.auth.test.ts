import { randomBytes } from 'node:crypto';
import { expect, it } from 'vitest';
import {
  authenticateSmsWebhook,
  createSmsAccount,
  getSmsAccount,
  listSmsAccounts,
  loadSmsAccount,
  rotateSmsWebhookToken,
  smsWebhookUrls,
  upgradeSmsWebhookTokens,
} from '../../src/modules/accounts/index.js';
import { SecretBox } from '../../src/platform/crypto/index.js';
import { isTidingsError } from '../../src/platform/errors/index.js';
import { describeStoreContract } from '../helpers/store-contract.js';

const secrets = new SecretBox(randomBytes(32));
const refusal = (promise: Promise<unknown>) =>
  promise.then(
    () => 'accepted',
    (error: unknown) => (isTidingsError(error) ? `${error.code}:${String(error.context?.reason ?? '')}` : String(error)),
  );
const aliyun = (name: string) => ({ name, provider: 'aliyun' as const, credentials: { accessKeyId: 'id', accessKeySecret: 'secret' } });

describeStoreContract('SMS webhook authentication', (store) => {
  it('gives an Aliyun account a sealed 32-byte token at creation and shows only that one is set', async () => {
    const { db } = store();
    const view = await createSmsAccount(db, secrets, aliyun('ali-new'));
    expect(view.webhook).toEqual({ auth: 'token', tokenSet: true });
    const token = (await loadSmsAccount(db, secrets, 'ali-new')).webhookToken ?? '';
    expect(Buffer.from(token, 'base64url').length).toBe(32);
    const raw = await db.selectFrom('sms_account_webhook_tokens').selectAll().execute();
    expect(JSON.stringify(raw)).not.toContain(token);
    expect(JSON.stringify(await listSmsAccounts(db, secrets))).not.toContain(token);
    expect(await refusal(authenticateSmsWebhook(db, secrets, 'ali-new', { url: `/webhooks/sms/ali-new/inbound?token=${token}` }))).toBe('accepted');
    expect(await refusal(authenticateSmsWebhook(db, secrets, 'ali-new', { url: '/webhooks/sms/ali-new/inbound' }))).toBe('SMS_WEBHOOK_UNAUTHENTICATED:token-missing');
    expect(await refusal(authenticateSmsWebhook(db, secrets, 'ali-new', { url: `/x?token=${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}` }))).toBe('SMS_WEBHOOK_UNAUTHENTICATED:token-wrong');
  });

  it('refuses a plain callbackToken setting on create', async () => {
    const { db } = store();
    const made = createSmsAccount(db, secrets, { ...aliyun('ali-plain'), settings: { callbackToken: 'tok' } });
    expect(await refusal(made)).toBe('VALIDATION_FAILED:');
  });

  it('moves a legacy plain callbackToken into sealed storage and out of the settings', async () => {
    const { db } = store();
    const now = Date.now();
    // As rows were written before migration 0120.
    for (const [name, settings] of [
      ['ali-legacy', { callbackToken: 'legacy-token', templateCode: 'SMS_1' }],
      ['ali-legacy-2', { callbackToken: 'legacy-token-2' }],
      ['ali-none', {}],
    ] as const) {
      await db
        .insertInto('sms_accounts')
        .values({ name, provider: 'aliyun', credentials_enc: secrets.seal('{"accessKeyId":"id","accessKeySecret":"s"}'), settings: JSON.stringify(settings), sender_id: null, signature: null, currency: 'CNY', time_zone: 'Asia/Shanghai', is_default: 0, created_at: now, updated_at: now })
        .execute();
    }
    // Never shown, even before the upgrade ran.
    expect(JSON.stringify(await getSmsAccount(db, secrets, 'ali-legacy'))).not.toContain('legacy-token');
    expect((await getSmsAccount(db, secrets, 'ali-legacy')).webhook).toEqual({ auth: 'token', tokenSet: false });

    // On use, before any start-up step: the old link keeps working and the plain copy is gone.
    expect(await refusal(authenticateSmsWebhook(db, secrets, 'ali-legacy', { url: '/x?token=legacy-token' }))).toBe('accepted');
    const settingsOf = async (name: string) => (await db.selectFrom('sms_accounts').select('settings').where('name', '=', name).executeTakeFirstOrThrow()).settings;
    expect(JSON.parse(await settingsOf('ali-legacy'))).toEqual({ templateCode: 'SMS_1' });

    // At start-up: every remaining one.
    expect(await upgradeSmsWebhookTokens(db, secrets)).toBe(1);
    expect(await settingsOf('ali-legacy-2')).toBe('{}');
    expect((await getSmsAccount(db, secrets, 'ali-legacy-2')).webhook.tokenSet).toBe(true);
    expect(JSON.stringify(await db.selectFrom('sms_account_webhook_tokens').selectAll().execute())).not.toContain('legacy-token');
    expect(await upgradeSmsWebhookTokens(db, secrets)).toBe(0);

    // No token at all: every call is refused until a link is made.
    expect(await refusal(authenticateSmsWebhook(db, secrets, 'ali-none', { url: '/x?token=' }))).toBe('SMS_WEBHOOK_UNAUTHENTICATED:no-token-stored');
    const { token } = await rotateSmsWebhookToken(db, secrets, 'ali-none');
    expect(await refusal(authenticateSmsWebhook(db, secrets, 'ali-none', { url: `/x?token=${token}` }))).toBe('accepted');
  });

  it('rotates only token accounts, and builds links with the token', async () => {
    const { db } = store();
    await createSmsAccount(db, secrets, { name: 'tw-x', provider: 'twilio', credentials: { accountSid: `AC${'a'.repeat(32)}`, authToken: 'auth' } });
    await createSmsAccount(db, secrets, { name: 'smpp-x', provider: 'smpp', credentials: { systemId: 's', password: 'p' }, settings: { host: 'smsc.example.test' } });
    expect((await getSmsAccount(db, secrets, 'tw-x')).webhook).toEqual({ auth: 'signature', tokenSet: false });
    expect(await refusal(rotateSmsWebhookToken(db, secrets, 'tw-x'))).toBe('SMS_WEBHOOK_TOKEN_UNSUPPORTED:');
    expect(await refusal(rotateSmsWebhookToken(db, secrets, 'smpp-x'))).toBe('SMS_WEBHOOK_TOKEN_UNSUPPORTED:');
    // No HTTP callbacks, and no such account: both refused like a wrong token, so names cannot be probed.
    expect(await refusal(authenticateSmsWebhook(db, secrets, 'smpp-x', { url: '/x' }))).toBe('SMS_WEBHOOK_UNAUTHENTICATED:no-callbacks');
    expect(await refusal(authenticateSmsWebhook(db, secrets, 'no-such-account', { url: '/x?token=abc' }))).toBe('SMS_WEBHOOK_UNAUTHENTICATED:unknown-account');
    expect(smsWebhookUrls('https://t.example/', 'ali 1', 'abc')).toEqual({
      status: 'https://t.example/webhooks/sms/ali%201/status?token=abc',
      inbound: 'https://t.example/webhooks/sms/ali%201/inbound?token=abc',
    });
  });
});

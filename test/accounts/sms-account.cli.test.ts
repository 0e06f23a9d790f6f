import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openAppStore } from '../../src/app/index.js';
import { runTidings } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'tidings-sms-cli-'));
const env = { DATABASE_URL: `sqlite:${join(dir, 't.db')}`, TIDINGS_DATA_DIR: dir, LOG_LEVEL: 'silent', BILLING_SMS_WEBHOOK_BASE_URL: 'https://tidings.example.test' };
const cli = (...argv: string[]) => runTidings(env, argv);

describe('tidings sms-account rotate-webhook-token', () => {
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints the new links once; show and list only say a token is set', async () => {
    const add = await runTidings(env, ['sms-account', 'add', '--name', 'ali', '--provider', 'aliyun', '--credentials-stdin'], JSON.stringify({ accessKeyId: 'id', accessKeySecret: 'secret' }));
    expect(add.code, add.err).toBe(0);
    expect(add.out).toContain('webhooks: token in the callback URL, token set');

    const rotated = await cli('sms-account', 'rotate-webhook-token', 'ali', '--json');
    expect(rotated.code, rotated.err).toBe(0);
    const { token, inboundUrl, statusUrl } = JSON.parse(rotated.out) as { token: string; inboundUrl: string; statusUrl: string };
    expect(Buffer.from(token, 'base64url').length).toBe(32);
    expect(inboundUrl).toBe(`https://tidings.example.test/webhooks/sms/ali/inbound?token=${token}`);
    expect(statusUrl).toBe(`https://tidings.example.test/webhooks/sms/ali/status?token=${token}`);

    for (const argv of [['sms-account', 'show', 'ali'], ['sms-account', 'show', 'ali', '--json'], ['sms-account', 'list', '--json']]) {
      const shown = await cli(...argv);
      expect(shown.code, shown.err).toBe(0);
      expect(shown.out, argv.join(' ')).not.toContain(token);
    }
    expect(JSON.parse((await cli('sms-account', 'show', 'ali', '--json')).out)).toMatchObject({ webhook: { auth: 'token', tokenSet: true } });

    const text = await cli('sms-account', 'rotate-webhook-token', 'ali');
    expect(text.out).toMatch(/shown only this once/);
    expect(text.out).not.toContain(token);

    const tw = await runTidings(env, ['sms-account', 'add', '--name', 'tw', '--provider', 'twilio', '--credentials-stdin'], JSON.stringify({ accountSid: `AC${'a'.repeat(32)}`, authToken: 'auth' }));
    expect(tw.code, tw.err).toBe(0);
    expect(await cli('sms-account', 'rotate-webhook-token', 'tw')).toMatchObject({ code: 1, err: expect.stringContaining('SMS_WEBHOOK_TOKEN_UNSUPPORTED') });
  });

  it('adds a Tencent Cloud account from stdin credentials; the secret key is never printed; its callback links carry a token', async () => {
    const secretKey = 'tencent-cli-secret-key-0123';
    const add = await runTidings(env, ['sms-account', 'add', '--name', 'tc', '--provider', 'tencent', '--signature', '某某公司', '--settings', '{"sdkAppId":"1400006666","templateId":"1234"}', '--credentials-stdin', '--json'], JSON.stringify({ secretId: 'AKIDcli', secretKey }));
    expect(add.code, add.err).toBe(0);
    expect(add.out).not.toContain(secretKey);
    expect(JSON.parse(add.out)).toMatchObject({ provider: 'tencent', credentials: { secretId: '••••', secretKey: '••••' }, settings: { sdkAppId: '1400006666' }, webhook: { auth: 'token', tokenSet: true } });
    for (const argv of [['sms-account', 'show', 'tc'], ['sms-account', 'list', '--json']]) expect((await cli(...argv)).out).not.toContain(secretKey);
    const rotated = await cli('sms-account', 'rotate-webhook-token', 'tc', '--json');
    expect(rotated.code, rotated.err).toBe(0);
    expect((JSON.parse(rotated.out) as { statusUrl: string }).statusUrl).toMatch(/^https:\/\/tidings\.example\.test\/webhooks\/sms\/tc\/status\?token=/);
    const noApp = await runTidings(env, ['sms-account', 'add', '--name', 'tc2', '--provider', 'tencent', '--credentials-stdin'], JSON.stringify({ secretId: 'AKIDcli', secretKey }));
    expect(noApp.code).toBe(1);
    expect(noApp.err).toContain('sdkAppId');
    expect(noApp.err).not.toContain(secretKey);
  });

  it('moves a plain callbackToken left by an older version into sealed storage at start-up', async () => {
    const store = await openAppStore({ target: { kind: 'sqlite', path: join(dir, 't.db') } });
    try {
      const { id } = await store.db.selectFrom('sms_accounts').select('id').where('name', '=', 'ali').executeTakeFirstOrThrow();
      await store.db.deleteFrom('sms_account_webhook_tokens').where('sms_account_id', '=', id).execute();
      await store.db.updateTable('sms_accounts').set({ settings: JSON.stringify({ callbackToken: 'legacy-plain-token' }) }).where('id', '=', id).execute();
    } finally {
      await store.close();
    }
    const shown = await cli('sms-account', 'list', '--json');
    expect(shown.code, shown.err).toBe(0);
    expect(shown.out).not.toContain('legacy-plain-token');
    const after = await openAppStore({ target: { kind: 'sqlite', path: join(dir, 't.db') } });
    try {
      const row = await after.db.selectFrom('sms_accounts').select(['id', 'settings']).where('name', '=', 'ali').executeTakeFirstOrThrow();
      expect(row.settings).toBe('{}');
      const sealed = await after.db.selectFrom('sms_account_webhook_tokens').selectAll().where('sms_account_id', '=', row.id).execute();
      expect(sealed.length).toBe(1);
      expect(JSON.stringify(sealed)).not.toContain('legacy-plain-token');
    } finally {
      await after.close();
    }
  });
});

import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeStoreContract } from '../../helpers/store-contract.js';
import { codeOf, routesHarness, type Caller, type RoutesHarness } from './routes.fixture.js';

const unique = () => randomBytes(4).toString('hex');
const SMTP_PASSWORD = `smtp-Secret-${unique()}`;
const IMAP_PASSWORD = `imap-Secret-${unique()}`;
const NEW_PASSWORD = `rotated-Secret-${unique()}`;
const ALIYUN_SECRET = `aliyunKeySecret${unique()}`;
const TWILIO_TOKEN = `twilioAuthToken${unique()}`;
const TENCENT_SECRET = `tencentSecretKey${unique()}`;
const SECRETS = [SMTP_PASSWORD, IMAP_PASSWORD, NEW_PASSWORD, ALIYUN_SECRET, TWILIO_TOKEN, TENCENT_SECRET];

type MailBody = { id: number; name: string; isDefault: boolean; smtp: { password: string | null; username: string | null }; incoming: { password: string | null } | null };

const mailAccount = (name: string) => ({
  name,
  email: `${name}@example.test`,
  displayName: 'Sales Li',
  incoming: { protocol: 'imap', host: 'imap.example.test', port: 993, security: 'tls', username: `${name}@example.test`, password: IMAP_PASSWORD },
  smtp: { host: 'smtp.example.test', port: 465, security: 'tls', password: SMTP_PASSWORD },
  limits: { perMinute: 30 },
});

describeStoreContract('account routes', (store) => {
  let h: RoutesHarness;
  let admin: Caller;
  let marketer: Caller;
  let sales: Caller;
  beforeAll(async () => {
    h = await routesHarness(store());
    [admin, marketer, sales] = await Promise.all([h.caller('admin'), h.caller('marketer'), h.caller('sales')]);
  });
  afterAll(() => h?.app.close());

  it('mail accounts: add, list, show, update (rotate a password), set default, delete; passwords masked', async () => {
    const first = await h.call(admin, 'POST', '/api/accounts', mailAccount(`li-${unique()}`));
    expect(first.statusCode, first.body).toBe(201);
    const a = first.json() as MailBody;
    expect(a).toMatchObject({ isDefault: true, smtp: { password: '••••' }, incoming: { password: '••••' } });
    const b = (await h.call(admin, 'POST', '/api/accounts', mailAccount(`wang-${unique()}`))).json() as MailBody;
    expect(b.isDefault).toBe(false);

    const list = (await h.call(marketer, 'GET', '/api/accounts')).json() as MailBody[];
    expect(list.map((x) => x.id)).toEqual([a.id, b.id]);
    expect((await h.call(marketer, 'GET', `/api/accounts/${b.id}`)).json()).toMatchObject({ id: b.id, limits: { perMinute: 30 } });

    const rotated = await h.call(admin, 'PATCH', `/api/accounts/${b.id}`, { smtp: { password: NEW_PASSWORD }, displayName: 'Wang' });
    expect(rotated.json()).toMatchObject({ displayName: 'Wang', smtp: { password: '••••' } });
    const dropped = await h.call(admin, 'PATCH', `/api/accounts/${b.id}`, { smtp: { password: null } });
    expect(dropped.json()).toMatchObject({ smtp: { password: null }, incoming: { password: '••••' } });

    expect((await h.call(admin, 'POST', `/api/accounts/${b.id}/default`)).json()).toMatchObject({ isDefault: true });
    expect((await h.call(admin, 'GET', `/api/accounts/${a.id}`)).json()).toMatchObject({ isDefault: false });
    expect((await h.call(admin, 'DELETE', `/api/accounts/${a.id}`)).statusCode).toBe(204);
    expect(codeOf(await h.call(admin, 'GET', `/api/accounts/${a.id}`))).toBe('NOT_FOUND');
  });

  it('SMS accounts: add, list, show, set default, delete; credentials masked', async () => {
    const aliyun = await h.call(admin, 'POST', '/api/sms-accounts', {
      provider: 'aliyun',
      name: `ali-${unique()}`,
      credentials: { accessKeyId: 'LTAI5tExampleKeyId', accessKeySecret: ALIYUN_SECRET },
      signature: '某某公司',
      settings: { region: 'cn-hangzhou' },
    });
    expect(aliyun.statusCode, aliyun.body).toBe(201);
    expect(aliyun.json()).toMatchObject({ provider: 'aliyun', signature: '【某某公司】', credentials: { accessKeyId: '••••', accessKeySecret: '••••' }, isDefault: true });
    const twilio = (await h.call(admin, 'POST', '/api/sms-accounts', {
      provider: 'twilio',
      name: `tw-${unique()}`,
      credentials: { accountSid: `AC${'0123456789abcdef'.repeat(2)}`, authToken: TWILIO_TOKEN },
      senderId: '+15005550006',
      currency: 'USD',
    })).json() as { id: number };
    const listed = (await h.call(marketer, 'GET', '/api/sms-accounts')).json() as { id: number }[];
    expect(listed.map((x) => x.id)).toContain(twilio.id);
    expect((await h.call(marketer, 'GET', `/api/sms-accounts/${twilio.id}`)).json()).toMatchObject({ credentials: { accountSid: '••••', authToken: '••••' } });
    expect((await h.call(admin, 'POST', `/api/sms-accounts/${twilio.id}/default`)).json()).toMatchObject({ isDefault: true });
    expect((await h.call(admin, 'DELETE', `/api/sms-accounts/${twilio.id}`)).statusCode).toBe(204);
  });

  it('Tencent Cloud SMS accounts: secretId and secretKey sealed and masked, sdkAppId required, settings edited without retyping the key, webhook link by token', async () => {
    const body = { provider: 'tencent', name: `tc-${unique()}`, credentials: { secretId: 'AKIDexampleTencent', secretKey: TENCENT_SECRET }, signature: '某某公司', settings: { sdkAppId: '1400006666', templateId: '1234' } };
    const missing = await h.call(admin, 'POST', '/api/sms-accounts', { ...body, settings: { templateId: '1234' } });
    expect([missing.statusCode, codeOf(missing)]).toEqual([400, 'VALIDATION_FAILED']);
    expect(missing.body).toContain('sdkAppId');
    const created = await h.call(admin, 'POST', '/api/sms-accounts', body);
    expect(created.statusCode, created.body).toBe(201);
    const account = created.json() as { id: number };
    expect(account).toMatchObject({ provider: 'tencent', signature: '【某某公司】', credentials: { secretId: '••••', secretKey: '••••' }, settings: { sdkAppId: '1400006666', templateId: '1234' }, webhook: { auth: 'token', tokenSet: true } });
    const edited = await h.call(admin, 'PATCH', `/api/sms-accounts/${account.id}`, { settings: { sdkAppId: '1400006666', templateId: '5678', region: 'ap-beijing' } });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json()).toMatchObject({ settings: { templateId: '5678', region: 'ap-beijing' }, credentials: { secretId: '••••', secretKey: '••••' } });
    const link = await h.call(admin, 'POST', `/api/sms-accounts/${account.id}/webhook-token`, {});
    expect(link.statusCode, link.body).toBe(200);
    expect((link.json() as { inboundUrl: string }).inboundUrl).toMatch(/\/inbound\?token=/);
    expect((await h.call(admin, 'DELETE', `/api/sms-accounts/${account.id}`)).statusCode).toBe(204);
  });

  it('detect: offline from the bundled table; a miss is 404 ACCOUNT_AUTODETECT_MISS', async () => {
    const found = await h.call(admin, 'POST', '/api/accounts/detect', { address: 'someone@qq.com', offline: true });
    expect(found.statusCode, found.body).toBe(200);
    expect(found.json()).toMatchObject({ address: 'someone@qq.com', source: 'table', smtp: { host: expect.stringContaining('qq.com') } });
    const miss = await h.call(admin, 'POST', '/api/accounts/detect', { address: `x@nowhere-${unique()}.example`, offline: true });
    expect([miss.statusCode, codeOf(miss)]).toEqual([404, 'ACCOUNT_AUTODETECT_MISS']);
  });

  it('denied roles and invalid bodies get 4xx with codes (no secret echoed)', async () => {
    // Marketers add shared mailboxes (accounts:write); a sales rep adds their own (accounts:own),
    // lists only that, and cannot touch anyone else's.
    const byMarketer = await h.call(marketer, 'POST', '/api/accounts', mailAccount(`m-${unique()}`));
    expect(byMarketer.statusCode, byMarketer.body).toBe(201);
    expect(byMarketer.json()).toMatchObject({ ownerUserId: null });
    const byRep = await h.call(sales, 'POST', '/api/accounts', mailAccount(`rep-${unique()}`));
    expect(byRep.statusCode, byRep.body).toBe(201);
    const repBox = byRep.json() as MailBody & { ownerUserId: number | null };
    expect(repBox.ownerUserId).toEqual(expect.any(Number));
    expect(((await h.call(sales, 'GET', '/api/accounts')).json() as MailBody[]).map((x) => x.id)).toEqual([repBox.id]);
    const shared = (byMarketer.json() as MailBody).id;
    expect(codeOf(await h.call(sales, 'POST', `/api/accounts/${shared}/verify`, {}))).toBe('AUTH_FORBIDDEN');
    expect(codeOf(await h.call(sales, 'PATCH', `/api/accounts/${shared}`, { displayName: 'Mine now' }))).toBe('AUTH_FORBIDDEN');
    expect(codeOf(await h.call(sales, 'POST', '/api/accounts', { ...mailAccount(`rep-${unique()}`), ownerUserId: 1 }))).toBe('AUTH_FORBIDDEN');
    const cases: [string, unknown, string][] = [
      ['/api/accounts', { ...mailAccount('bad port'), smtp: { host: 'smtp.example.test', port: 99999, security: 'tls', password: SMTP_PASSWORD } }, 'VALIDATION_FAILED'],
      ['/api/accounts', { ...mailAccount('typo'), smtp: { host: 'smtp.example.test', port: 465, security: 'tls', pasword: SMTP_PASSWORD } }, 'VALIDATION_FAILED'],
      ['/api/accounts', { ...mailAccount('extra'), admin: true }, 'VALIDATION_FAILED'],
      ['/api/accounts', { ...mailAccount('ok-name'), smtp: { host: 'evil\r\nhost', port: 465, security: 'tls', password: SMTP_PASSWORD } }, 'VALIDATION_FAILED'],
      ['/api/sms-accounts', { provider: 'twilio', name: 'tw', credentials: { accountSid: 'nope', authToken: TWILIO_TOKEN } }, 'VALIDATION_FAILED'],
      ['/api/sms-accounts', { provider: 'carrier-pigeon', name: 'cp', credentials: {} }, 'VALIDATION_FAILED'],
      ['/api/accounts/detect', { address: 'not an address' }, 'VALIDATION_FAILED'],
    ];
    for (const [url, body, code] of cases) {
      const response = await h.call(admin, 'POST', url, body);
      expect([response.statusCode, codeOf(response)], `${url} ${response.body.slice(0, 200)}`).toEqual([400, code]);
    }
    const name = `dup-${unique()}`;
    await h.call(admin, 'POST', '/api/accounts', mailAccount(name));
    const dup = await h.call(admin, 'POST', '/api/accounts', mailAccount(name));
    expect(dup.statusCode).toBe(409);
  });

  it('no response body of this file carried a password or credential (they are write-only)', () => {
    expect(h.bodies.length).toBeGreaterThan(25);
    expect(h.bodies.some((body) => body.includes('••••'))).toBe(true);
    for (const body of h.bodies) for (const secret of SECRETS) expect(body).not.toContain(secret);
  });
});

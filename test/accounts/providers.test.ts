import { describe, expect, it } from 'vitest';
import { allProviders, detect, providerByMxHost, providerByName } from '../../src/modules/accounts/index.js';

const providers = allProviders();
const byDomain = providers.flatMap((p) => p.domains.map((domain) => ({ name: `${domain} → ${p.key}`, domain, provider: p })));
const byAlias = providers.flatMap((p) => (p.aliases ?? []).map((alias) => ({ name: `"${alias}" → ${p.key}`, alias, key: p.key })));

describe('bundled provider table', () => {
  it('covers every provider the issue names', async () => {
    const required = [
      '163.com', '126.com', 'yeah.net', 'qq.com', 'foxmail.com', 'vip.qq.com', 'exmail.qq.com', 'sina.com', 'sina.cn',
      'sohu.com', '21cn.com', '139.com', '189.cn', 'aliyun.com', 'tom.com', 'gmail.com', 'outlook.com', 'hotmail.com',
      'live.com', 'yahoo.com', 'icloud.com', 'yandex.ru', 'mail.ru', 'zoho.com', 'gmx.net', 'aol.com', 'fastmail.com',
      'web.de', 't-online.de', 'naver.com', 'daum.net',
    ];
    for (const domain of required) expect(await detect(`x@${domain}`, { offline: true }), domain).toBeDefined();
  });

  it.each(byDomain)('detects $name offline', async ({ domain, provider }) => {
    const result = await detect(`li.ming@${domain}`, { offline: true });
    expect(result).toMatchObject({ address: `li.ming@${domain}`, provider: provider.key, source: 'table' });
    for (const protocol of ['imap', 'pop3', 'smtp'] as const) {
      const template = provider[protocol];
      if (!template) {
        expect(result?.[protocol]).toBeUndefined();
        continue;
      }
      expect(result?.[protocol]).toEqual({
        host: template.host,
        port: template.port,
        security: template.security,
        username: template.username === '%EMAILLOCALPART%' ? 'li.ming' : `li.ming@${domain}`,
      });
    }
    expect(result?.smtp).toBeDefined();
    expect(result?.imap ?? result?.pop3).toBeDefined();
  });

  it.each(byAlias)('finds $name by alias, in any case', ({ alias, key }) => {
    expect(providerByName(alias)?.key).toBe(key);
    expect(providerByName(alias.toUpperCase())?.key).toBe(key);
  });

  it.each([
    { name: 'upper-case address', input: 'WANG.FANG@QQ.COM', expected: { provider: 'qq', address: 'wang.fang@qq.com' } },
    { name: 'trailing dot domain', input: 'a@Gmail.com.', expected: { provider: 'gmail', address: 'a@gmail.com' } },
    { name: 'surrounding spaces', input: '  zhang@163.com ', expected: { provider: 'netease163', address: 'zhang@163.com' } },
  ])('normalises: $name', async ({ input, expected }) => {
    expect(await detect(input, { offline: true })).toMatchObject(expected);
  });

  it.each([
    { name: 'unknown domain', input: 'someone@unknown-company.example' },
    { name: 'not an address', input: 'no-at-sign' },
    { name: 'no domain dot', input: 'a@localhost' },
  ])('answers undefined offline for $name', async ({ input }) => {
    expect(await detect(input, { offline: true })).toBeUndefined();
  });

  it.each([
    { name: 'QQ', address: 'a@qq.com', needle: '授权码' },
    { name: '163', address: 'a@163.com', needle: 'IMAP ID' },
    { name: 'Sina', address: 'a@sina.com', needle: '授权码' },
    { name: '139', address: 'a@139.com', needle: '授权码' },
    { name: 'Gmail', address: 'a@gmail.com', needle: 'app password' },
    { name: 'iCloud', address: 'a@me.com', needle: 'app password' },
    { name: 'Outlook.com', address: 'a@hotmail.com', needle: 'OAuth2' },
    { name: 'Proton', address: 'a@proton.me', needle: 'Bridge' },
  ])('hints for $name mention "$needle"', async ({ address, needle }) => {
    const result = await detect(address, { offline: true });
    expect(result?.hints.join('\n')).toContain(needle);
  });

  it('uses the local part as IMAP user for iCloud but the full address for its SMTP', async () => {
    const result = await detect('tim@icloud.com', { offline: true });
    expect(result?.imap?.username).toBe('tim');
    expect(result?.smtp?.username).toBe('tim@icloud.com');
  });

  it.each([
    { name: 'Google Workspace', mx: 'aspmx.l.google.com', expected: 'gmail' },
    { name: 'Tencent Exmail', mx: 'mxbiz1.qq.com', expected: 'exmail' },
    { name: 'QQ personal', mx: 'mx3.qq.com', expected: 'qq' },
    { name: 'Microsoft 365', mx: 'contoso-com.mail.protection.outlook.com', expected: 'office365' },
    { name: 'Alibaba enterprise', mx: 'mxw.mxhichina.com', expected: 'aliyunqiye' },
    { name: 'unknown', mx: 'mx.example.net', expected: undefined },
  ])('maps MX host $mx to $name', ({ mx, expected }) => {
    expect(providerByMxHost(mx)?.key).toBe(expected);
  });
});

import { describe, expect, it } from 'vitest';
import { parseIspdbXml } from '../../src/modules/accounts/index.js';

const DOC = `<?xml version="1.0" encoding="UTF-8"?>
<!-- served by the provider -->
<clientConfig version="1.1">
  <emailProvider id="example.cn">
    <domain>example.cn</domain>
    <displayName>Example &amp; Co</displayName>
    <incomingServer type="imap">
      <hostname>imap.%EMAILDOMAIN%</hostname>
      <port>143</port>
      <socketType>STARTTLS</socketType>
      <authentication>password-cleartext</authentication>
      <username>%EMAILLOCALPART%</username>
    </incomingServer>
    <incomingServer type="imap">
      <hostname>imap.example.cn</hostname>
      <port>993</port>
      <socketType>SSL</socketType>
      <authentication>password-cleartext</authentication>
      <username>%EMAILADDRESS%</username>
    </incomingServer>
    <incomingServer type="pop3">
      <hostname>pop.example.cn</hostname>
      <port>995</port>
      <socketType>SSL</socketType>
      <authentication>OAuth2</authentication>
      <username>%EMAILADDRESS%</username>
    </incomingServer>
    <outgoingServer type="smtp">
      <hostname><![CDATA[smtp.example.cn]]></hostname>
      <port>465</port>
      <socketType>SSL</socketType>
      <authentication>password-cleartext</authentication>
      <username>%EMAILADDRESS%</username>
    </outgoingServer>
    <documentation url="https://help.example.cn/mail"><descr lang="en">Setup</descr></documentation>
    <documentation url="javascript:alert(1)"/>
  </emailProvider>
</clientConfig>`;

describe('ISPDB XML parser', () => {
  it('reads servers, prefers implicit TLS, skips OAuth2-only servers, keeps placeholders', () => {
    expect(parseIspdbXml(DOC)).toEqual({
      provider: 'example.cn',
      imap: { host: 'imap.example.cn', port: 993, security: 'tls', username: '%EMAILADDRESS%' },
      pop3: undefined,
      smtp: { host: 'smtp.example.cn', port: 465, security: 'tls', username: '%EMAILADDRESS%' },
      hints: ['Provider instructions: https://help.example.cn/mail'],
    });
  });

  it('keeps a STARTTLS server with a local-part user name when it is the only one', () => {
    const doc = DOC.replace(/<incomingServer type="imap">\s*<hostname>imap.example.cn[\s\S]*?<\/incomingServer>/, '');
    expect(parseIspdbXml(doc)?.imap).toEqual({ host: 'imap.%EMAILDOMAIN%', port: 143, security: 'starttls', username: '%EMAILLOCALPART%' });
  });

  it.each([
    { name: 'empty', input: '' },
    { name: 'HTML page', input: '<html><body>Not found</body></html>' },
    { name: 'unclosed tag', input: '<clientConfig><emailProvider id="x">' },
    { name: 'mismatched tags', input: '<clientConfig><emailProvider></clientConfig></emailProvider>' },
    { name: 'no servers', input: '<clientConfig><emailProvider id="x"><domain>x</domain></emailProvider></clientConfig>' },
    { name: 'bad port', input: DOC.replaceAll('<port>465</port>', '<port>99999</port>').replace(/<incomingServer[\s\S]*<\/incomingServer>/, '') },
    { name: 'plain text', input: 'imap.example.cn:993' },
  ])('refuses $name', ({ input }) => {
    expect(parseIspdbXml(input)).toBeUndefined();
  });

  it('does not expand DOCTYPE entities', () => {
    const doc = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">]><clientConfig><emailProvider id="&lol;"><outgoingServer type="smtp"><hostname>smtp.x.cn</hostname><port>587</port><socketType>STARTTLS</socketType></outgoingServer></emailProvider></clientConfig>`;
    expect(parseIspdbXml(doc)).toMatchObject({ provider: '&lol;', smtp: { host: 'smtp.x.cn', security: 'starttls' } });
  });
});

// Provider recognition (issue "recognition"): a few hundred addresses at the other domains of
// well-known providers → the servers their help pages give, offline; wildcard families such as
// Microsoft 365's *.onmicrosoft.com; hosted domains recognised by their MX hosts with a fake DNS
// resolver (no network: autoconfig and ISPDB answer "not there", nothing is probed). The expected
// servers are written here from the providers' documentation, not read back from the table.
import { describe, expect, it } from 'vitest';
import { detect, type DnsResolver, type HttpGet, type ServerProbe } from '../../src/modules/accounts/index.js';
import { runTidings } from '../helpers/cli.js';

type Sec = 'tls' | 'starttls';
interface Expected {
  readonly provider: string;
  readonly imap?: readonly [string, number, Sec];
  readonly smtp: readonly [string, number, Sec];
  /** The IMAP user name is the local part (Apple, Naver, Yahoo! JAPAN…), else the address. */
  readonly localUser?: boolean;
}

const GMAIL: Expected = { provider: 'gmail', imap: ['imap.gmail.com', 993, 'tls'], smtp: ['smtp.gmail.com', 465, 'tls'] };
const OUTLOOK: Expected = { provider: 'outlook', imap: ['outlook.office365.com', 993, 'tls'], smtp: ['smtp-mail.outlook.com', 587, 'starttls'] };
const M365: Expected = { provider: 'office365', imap: ['outlook.office365.com', 993, 'tls'], smtp: ['smtp.office365.com', 587, 'starttls'] };
const YAHOO: Expected = { provider: 'yahoo', imap: ['imap.mail.yahoo.com', 993, 'tls'], smtp: ['smtp.mail.yahoo.com', 465, 'tls'] };
const AOL: Expected = { provider: 'aol', imap: ['imap.aol.com', 993, 'tls'], smtp: ['smtp.aol.com', 465, 'tls'] };
const ICLOUD: Expected = { provider: 'icloud', imap: ['imap.mail.me.com', 993, 'tls'], smtp: ['smtp.mail.me.com', 587, 'starttls'], localUser: true };
const FASTMAIL: Expected = { provider: 'fastmail', imap: ['imap.fastmail.com', 993, 'tls'], smtp: ['smtp.fastmail.com', 465, 'tls'] };
const GMX_DE: Expected = { provider: 'gmx', imap: ['imap.gmx.net', 993, 'tls'], smtp: ['mail.gmx.net', 587, 'starttls'] };
const GMX_COM: Expected = { provider: 'gmxcom', imap: ['imap.gmx.com', 993, 'tls'], smtp: ['mail.gmx.com', 587, 'starttls'] };
const MAILCOM: Expected = { provider: 'mailcom', imap: ['imap.mail.com', 993, 'tls'], smtp: ['smtp.mail.com', 587, 'starttls'] };
const YANDEX: Expected = { provider: 'yandex', imap: ['imap.yandex.com', 993, 'tls'], smtp: ['smtp.yandex.com', 465, 'tls'] };
const MAILRU: Expected = { provider: 'mailru', imap: ['imap.mail.ru', 993, 'tls'], smtp: ['smtp.mail.ru', 465, 'tls'] };
const same = (provider: string, base: string): Expected => ({ provider, imap: [`imap.${base}`, 993, 'tls'], smtp: [`smtp.${base}`, 465, 'tls'] });

const tlds = (name: string, list: string): string[] => list.split(' ').map((tld) => `${name}.${tld}`);

/** Domain → what a user of that domain must be told. */
const CASES: [readonly string[], Expected][] = [
  [['gmail.com', 'googlemail.com', 'google.com'], GMAIL],
  [
    [
      'outlook.com', 'hotmail.com', 'live.com', 'msn.com', 'passport.com', 'windowslive.com',
      ...tlds('outlook', 'at be cl co.uk com.au com.br cz de dk es fr hu ie in it jp kr pt sa sg sk'),
      ...tlds('hotmail', 'be ca ch co.jp co.uk com.ar com.au com.br com.hk com.tw de es fi fr gr it nl no se'),
      ...tlds('live', 'at be ca cn co.uk com.au com.mx de dk fi fr hk ie in it jp nl no ru se'),
    ],
    OUTLOOK,
  ],
  [
    [
      'yahoo.com', 'ymail.com', 'rocketmail.com', 'myyahoo.com',
      ...tlds('yahoo', 'co.th co.za com.co com.pe com.tr hu co.id at be ch co.in co.nz co.uk com.ar com.au com.br com.hk com.mx com.my com.ph com.sg com.tw com.vn de dk es fi fr gr ie in it nl no pl pt ro se'),
    ],
    YAHOO,
  ],
  [['aol.com', 'aim.com', 'netscape.net', 'netscape.com', 'cs.com', 'wmconnect.com', 'love.com', 'games.com', 'wow.com', ...tlds('aol', 'co.uk de fr it es se nl at be ch jp com.au com.br com.mx')], AOL],
  [['verizon.net'], { ...AOL, provider: 'verizon' }],
  [['icloud.com', 'me.com', 'mac.com'], ICLOUD],
  [
    [
      'fastmail.com', 'fastmail.fm', 'fastmail.net', 'fastmail.org', 'fastmail.to', 'fastmail.us', 'fastmail.co.uk', 'fastmail.de',
      'fastmail.jp', 'fastmail.in', 'sent.com', '123mail.org', 'airpost.net', 'eml.cc', 'fmail.co.uk', 'imap.cc', 'mailbolt.com',
      'mailcan.com', 'mm.st', 'myfastmail.com', 'proinbox.com', 'rushpost.com', 'speedymail.org', 'warpmail.net', 'xsmail.com',
      'ftml.net', 'fastem.com', 'mailhaven.com', 'ml1.net', 'postinbox.com',
    ],
    FASTMAIL,
  ],
  [['gmx.de', 'gmx.net', 'gmx.at', 'gmx.ch', 'gmx.li', 'gmx.eu'], GMX_DE],
  [['gmx.com', 'gmx.us', 'gmx.co.uk', 'gmx.fr', 'gmx.es', 'gmx.it', 'gmx.ca'], GMX_COM],
  [['web.de'], { provider: 'webde', imap: ['imap.web.de', 993, 'tls'], smtp: ['smtp.web.de', 587, 'starttls'] }],
  [['mail.com', 'email.com', 'usa.com', 'consultant.com', 'engineer.com', 'post.com', 'myself.com', 'europe.com', 'asia.com', 'dr.com', 'cheerful.com', 'accountant.com', 'techie.com', 'writeme.com', 'iname.com', 'musician.org', 'workmail.com', 'doctor.com', 'lawyer.com', 'linuxmail.org', 'activist.com', 'chemist.com', 'journalist.com', 'programmer.net', 'teachers.org'], MAILCOM],
  [['yandex.ru', 'yandex.com', 'yandex.net', 'ya.ru', 'yandex.by', 'yandex.kz', 'yandex.ua', 'yandex.com.tr', 'narod.ru'], YANDEX],
  [['mail.ru', 'inbox.ru', 'list.ru', 'bk.ru', 'internet.ru'], MAILRU],
  [['zoho.com', 'zohomail.com'], { provider: 'zoho', imap: ['imap.zoho.com', 993, 'tls'], smtp: ['smtp.zoho.com', 465, 'tls'] }],
  [['zohomail.eu'], { provider: 'zohoeu', imap: ['imap.zoho.eu', 993, 'tls'], smtp: ['smtp.zoho.eu', 465, 'tls'] }],
  [['proton.me', 'protonmail.com', 'protonmail.ch', 'pm.me'], { provider: 'proton', imap: ['127.0.0.1', 1143, 'starttls'], smtp: ['127.0.0.1', 1025, 'starttls'] }],
  [['qq.com', 'foxmail.com', 'vip.qq.com'], same('qq', 'qq.com')],
  [['exmail.qq.com'], same('exmail', 'exmail.qq.com')],
  [['163.com'], same('netease163', '163.com')],
  [['126.com'], same('netease126', '126.com')],
  [['yeah.net'], same('neteaseyeah', 'yeah.net')],
  [['188.com'], same('netease188', '188.com')],
  [['vip.163.com'], same('neteasevip163', 'vip.163.com')],
  [['sina.com'], same('sina', 'sina.com')],
  [['sina.cn'], same('sinacn', 'sina.cn')],
  [['sohu.com'], same('sohu', 'sohu.com')],
  [['aliyun.com'], same('aliyun', 'aliyun.com')],
  [['139.com'], same('139', '139.com')],
  [['189.cn'], same('189', '189.cn')],
  [['wo.cn'], same('wo', 'wo.cn')],
  [['naver.com'], { ...same('naver', 'naver.com'), localUser: true }],
  [['daum.net', 'hanmail.net'], { ...same('daum', 'daum.net'), localUser: true }],
  [['kakao.com'], same('kakao', 'kakao.com')],
  [['nate.com'], { provider: 'nate', imap: ['imap.nate.com', 993, 'tls'], smtp: ['smtp.mail.nate.com', 465, 'tls'], localUser: true }],
  [['yahoo.co.jp', 'ymail.ne.jp'], { provider: 'yahoojp', imap: ['imap.mail.yahoo.co.jp', 993, 'tls'], smtp: ['smtp.mail.yahoo.co.jp', 465, 'tls'], localUser: true }],
  [['docomo.ne.jp'], { provider: 'docomo', imap: ['imap.spmode.ne.jp', 993, 'tls'], smtp: ['smtp.spmode.ne.jp', 465, 'tls'] }],
  [['au.com', 'ezweb.ne.jp'], same('au', 'au.com')],
  [['i.softbank.jp'], same('softbank', 'softbank.jp')],
  [['orange.fr', 'wanadoo.fr'], same('orange', 'orange.fr')],
  [['free.fr'], same('free', 'free.fr')],
  [['sfr.fr', 'neuf.fr'], same('sfr', 'sfr.fr')],
  [['laposte.net'], same('laposte', 'laposte.net')],
  [['t-online.de', 'magenta.de'], { provider: 'tonline', imap: ['secureimap.t-online.de', 993, 'tls'], smtp: ['securesmtp.t-online.de', 465, 'tls'] }],
  [['freenet.de'], { provider: 'freenet', imap: ['mx.freenet.de', 993, 'tls'], smtp: ['mx.freenet.de', 587, 'starttls'] }],
  [['libero.it', 'inwind.it', 'iol.it', 'blu.it'], { provider: 'libero', imap: ['imapmail.libero.it', 993, 'tls'], smtp: ['smtp.libero.it', 465, 'tls'] }],
  [['virgilio.it'], { provider: 'virgilio', imap: ['imap.virgilio.it', 993, 'tls'], smtp: ['out.virgilio.it', 465, 'tls'] }],
  [['seznam.cz', 'email.cz', 'post.cz'], same('seznam', 'seznam.cz')],
  [['interia.pl', 'poczta.fm', 'interia.eu'], { provider: 'interia', imap: ['poczta.interia.pl', 993, 'tls'], smtp: ['poczta.interia.pl', 465, 'tls'] }],
  [['wp.pl'], same('wp', 'wp.pl')],
  [['o2.pl', 'tlen.pl', 'go2.pl'], { provider: 'o2pl', imap: ['poczta.o2.pl', 993, 'tls'], smtp: ['poczta.o2.pl', 465, 'tls'] }],
  [['comcast.net'], { provider: 'comcast', imap: ['imap.comcast.net', 993, 'tls'], smtp: ['smtp.comcast.net', 587, 'starttls'] }],
  [['att.net', 'sbcglobal.net', 'bellsouth.net', 'pacbell.net', 'flash.net', 'prodigy.net', 'swbell.net', 'snet.net', 'ameritech.net'], { provider: 'att', imap: ['imap.mail.att.net', 993, 'tls'], smtp: ['smtp.mail.att.net', 465, 'tls'] }],
  [['cox.net'], same('cox', 'cox.net')],
  [['shaw.ca'], same('shaw', 'shaw.ca')],
  [['bigpond.com', 'bigpond.net.au', 'telstra.com'], { provider: 'telstra', imap: ['imap.telstra.com', 993, 'tls'], smtp: ['smtp.telstra.com', 465, 'tls'] }],
  [['btinternet.com', 'btopenworld.com', 'talk21.com'], { provider: 'bt', imap: ['mail.btinternet.com', 993, 'tls'], smtp: ['mail.btinternet.com', 465, 'tls'] }],
  [['rambler.ru', 'lenta.ru', 'ro.ru'], same('rambler', 'rambler.ru')],
  [['posteo.de', 'posteo.net', 'posteo.at'], { provider: 'posteo', imap: ['posteo.de', 993, 'tls'], smtp: ['posteo.de', 587, 'starttls'] }],
  [['mailbox.org'], same('mailboxorg', 'mailbox.org')],
];

const ROWS = CASES.flatMap(([domains, expected]) => domains.map((domain) => ({ address: `li.wei@${domain}`, domain, expected })));

describe('provider table: every domain of each provider, offline', () => {
  it('covers a few hundred addresses', () => {
    expect(ROWS.length).toBeGreaterThanOrEqual(300);
  });

  it.each(ROWS)('$address → $expected.provider', async ({ address, expected }) => {
    const result = await detect(address, { offline: true });
    expect(result, address).toBeDefined();
    expect(result).toMatchObject({ provider: expected.provider, source: 'table' });
    expect(result?.reason).toMatch(/bundled provider table/);
    if (expected.imap) {
      const [host, port, security] = expected.imap;
      expect(result?.imap).toEqual({ host, port, security, username: expected.localUser ? 'li.wei' : address });
    }
    const [host, port, security] = expected.smtp;
    expect(result?.smtp).toMatchObject({ host, port, security });
  });
});

describe('wildcard families', () => {
  it.each([
    ['ops@contoso.onmicrosoft.com', M365, 'onmicrosoft.com'],
    ['ops@contoso.mail.onmicrosoft.com', M365, 'onmicrosoft.com'],
    ['ops@fabrikam.partner.onmschina.cn', { provider: 'office365cn', imap: ['partner.outlook.cn', 993, 'tls'], smtp: ['smtp.partner.outlook.cn', 587, 'starttls'] } as Expected, 'partner.onmschina.cn'],
  ] as const)('%s → %s', async (address, expected, suffix) => {
    const result = await detect(address, { offline: true });
    expect(result).toMatchObject({ provider: expected.provider, source: 'wildcard', imap: { host: expected.imap?.[0], username: address }, smtp: { host: expected.smtp[0], port: expected.smtp[1] } });
    expect(result?.reason).toContain(`*.${suffix}`);
  });

  it('the suffix itself and look-alikes are not members', async () => {
    expect(await detect('x@onmicrosoft.com', { offline: true })).toBeUndefined();
    expect(await detect('x@notonmicrosoft.com', { offline: true })).toBeUndefined();
  });
});

/** DNS answers by domain; everything else does not exist. */
function fakeResolver(mx: Record<string, string[]>): DnsResolver & { asked: string[] } {
  const asked: string[] = [];
  const nx = (name: string) => Object.assign(new Error(`ENOTFOUND ${name}`), { code: 'ENOTFOUND' });
  return {
    asked,
    resolveMx: async (domain) => {
      asked.push(domain);
      const hosts = mx[domain];
      if (!hosts) throw nx(domain);
      return hosts.map((exchange, i) => ({ exchange, priority: (i + 1) * 10 }));
    },
    resolveSrv: async (name) => {
      throw nx(name);
    },
  };
}
const nothingThere: HttpGet = async () => undefined;
const noProbe: ServerProbe = async () => false;

describe('hosted domains by MX (fake resolver, no network)', () => {
  const MX: [string, string[], Expected][] = [
    ['workspace.test', ['aspmx.l.google.com.', 'alt1.aspmx.l.google.com.'], GMAIL],
    ['oldworkspace.test', ['aspmx2.googlemail.com'], GMAIL],
    ['newworkspace.test', ['smtp.google.com'], GMAIL],
    ['tenant.test', ['tenant-test.mail.protection.outlook.com'], M365],
    ['exmail.test', ['mxbiz1.qq.com', 'mxbiz2.qq.com'], same('exmail', 'exmail.qq.com')],
    ['qiye163.test', ['qiye163mx01.mxmail.netease.com'], same('neteaseqiye', 'qiye.163.com')],
    ['hichina.test', ['mxw.mxhichina.com', 'mxn.mxhichina.com'], same('aliyunqiye', 'qiye.aliyun.com')],
    ['zoho.test', ['mx.zoho.com', 'mx2.zoho.com'], { provider: 'zoho', imap: ['imap.zoho.com', 993, 'tls'], smtp: ['smtp.zoho.com', 465, 'tls'] }],
    ['zohoeu.test', ['mx.zoho.eu'], { provider: 'zohoeu', imap: ['imap.zoho.eu', 993, 'tls'], smtp: ['smtp.zoho.eu', 465, 'tls'] }],
    ['zohoin.test', ['mx.zoho.in'], { provider: 'zohoin', imap: ['imap.zoho.in', 993, 'tls'], smtp: ['smtp.zoho.in', 465, 'tls'] }],
    ['y360.test', ['mx.yandex.net'], YANDEX],
    ['fm.test', ['in1-smtp.messagingengine.com', 'in2-smtp.messagingengine.com'], FASTMAIL],
    ['vianet.test', ['vianet-test.mail.protection.partner.outlook.cn'], { provider: 'office365cn', imap: ['partner.outlook.cn', 993, 'tls'], smtp: ['smtp.partner.outlook.cn', 587, 'starttls'] }],
  ];

  it.each(MX)('%s (MX %j) → servers of its host', async (domain, mx, expected) => {
    const resolver = fakeResolver({ [domain]: mx });
    const result = await detect(`boss@${domain}`, { resolver, httpGet: nothingThere, probe: noProbe, timeoutMs: 30_000 });
    expect(result).toMatchObject({ provider: expected.provider, source: 'mx', imap: { host: expected.imap?.[0], username: `boss@${domain}` }, smtp: { host: expected.smtp[0], port: expected.smtp[1], security: expected.smtp[2] } });
    expect(result?.reason).toContain(mx[0]!.replace(/\.$/, ''));
    expect(resolver.asked).toContain(domain);
  });

  it('offline, a hosted domain is not guessed and DNS is not asked', async () => {
    const resolver = fakeResolver({ 'workspace.test': ['aspmx.l.google.com'] });
    expect(await detect('boss@workspace.test', { offline: true, resolver })).toBeUndefined();
    expect(resolver.asked).toEqual([]);
  });

  it('an unknown MX host is a miss, not a wrong answer', async () => {
    const resolver = fakeResolver({ 'own.test': ['mail.own.test'] });
    expect(await detect('boss@own.test', { resolver, httpGet: nothingThere, probe: noProbe, timeoutMs: 30_000 })).toBeUndefined();
  });
});

describe('tidings account detect explains which step matched', () => {
  // Detection needs no store: only the configuration.
  const env = { LOG_LEVEL: 'warn' };

  it('table and wildcard, in words and in --json', async () => {
    const table = await runTidings(env, ['account', 'detect', 'li@netscape.net', '--offline']);
    expect(table.code).toBe(0);
    expect(table.out).toMatch(/matched:\s+table — netscape\.net is one of AOL Mail's domains/);
    const wildcard = await runTidings(env, ['account', 'detect', 'ops@contoso.onmicrosoft.com', '--offline', '--json']);
    expect(wildcard.code).toBe(0);
    expect(JSON.parse(wildcard.out)).toMatchObject({ provider: 'office365', source: 'wildcard', reason: expect.stringContaining('*.onmicrosoft.com'), smtp: { host: 'smtp.office365.com', port: 587 } });
  });
});

import type { HintKey } from './hints.js';
import type { ServerTemplate } from './server.types.js';

/**
 * One well-known mail provider. Compiled by hand from the providers' own help pages (网易/QQ/新浪
 * 帮助中心, Google/Microsoft/Apple/Yahoo support articles, …); not copied from any other table.
 */
export interface ProviderEntry {
  /** Display name. */
  readonly name: string;
  /** Every email domain the provider hands out (lower case). */
  readonly domains: readonly string[];
  /** Other names people call the service by ("Google Mail", "QQ邮箱"), matched case-insensitively. */
  readonly aliases?: readonly string[];
  /**
   * MX host suffixes that mean a custom domain is hosted here (Google Workspace, Tencent Exmail…).
   * Matched against the MX host name, longest suffix first.
   */
  readonly mx?: readonly string[];
  readonly imap?: ServerTemplate;
  readonly pop3?: ServerTemplate;
  readonly smtp?: ServerTemplate;
  readonly hints?: readonly HintKey[];
  /** Delivers user+tag@domain to user@domain. */
  readonly plusAddressing?: boolean;
}

const ADDRESS = '%EMAILADDRESS%';
const LOCAL = '%EMAILLOCALPART%';
const tls = (host: string, port: number, username = ADDRESS): ServerTemplate => ({ host, port, security: 'tls', username });
const starttls = (host: string, port: number, username = ADDRESS): ServerTemplate => ({
  host,
  port,
  security: 'starttls',
  username,
});
/** The common layout imap.X:993, pop.X:995, smtp.X:465, all implicit TLS, full address as user. */
const standard = (base: string, pop = `pop.${base}`) => ({
  imap: tls(`imap.${base}`, 993),
  pop3: tls(pop, 995),
  smtp: tls(`smtp.${base}`, 465),
});

const NETEASE_HINTS: readonly HintKey[] = ['authcode', 'enable-access', 'netease-id'];
const CN_HINTS: readonly HintKey[] = ['authcode', 'enable-access'];

/** The bundled table, keyed by provider key (what `provider` in results and accounts holds). */
export const PROVIDERS: Readonly<Record<string, ProviderEntry>> = {
  netease163: { name: 'NetEase 163', domains: ['163.com'], aliases: ['163', '网易邮箱', '163邮箱'], ...standard('163.com'), hints: NETEASE_HINTS },
  netease126: { name: 'NetEase 126', domains: ['126.com'], aliases: ['126', '126邮箱'], ...standard('126.com'), hints: NETEASE_HINTS },
  neteaseyeah: { name: 'NetEase yeah.net', domains: ['yeah.net'], aliases: ['yeah'], ...standard('yeah.net'), hints: NETEASE_HINTS },
  netease188: { name: 'NetEase 188', domains: ['188.com'], aliases: ['188财富邮'], ...standard('188.com'), hints: NETEASE_HINTS },
  neteasevip163: { name: 'NetEase VIP 163', domains: ['vip.163.com'], aliases: ['163 VIP'], ...standard('vip.163.com'), hints: NETEASE_HINTS },
  neteasevip126: { name: 'NetEase VIP 126', domains: ['vip.126.com'], aliases: ['126 VIP'], ...standard('vip.126.com'), hints: NETEASE_HINTS },
  neteaseqiye: {
    name: 'NetEase Enterprise Mail',
    domains: ['qiye.163.com'],
    aliases: ['网易企业邮箱', 'NetEase Qiye'],
    mx: ['qiye.163.com', 'mxmail.netease.com', 'qiye163mx01.mxmail.netease.com'],
    ...standard('qiye.163.com'),
    hints: ['enable-access', 'netease-id'],
  },
  qq: {
    name: 'QQ Mail',
    domains: ['qq.com', 'foxmail.com', 'vip.qq.com'],
    aliases: ['QQ', 'QQ邮箱', 'Foxmail'],
    mx: ['mx1.qq.com', 'mx2.qq.com', 'mx3.qq.com'],
    ...standard('qq.com'),
    hints: CN_HINTS,
  },
  exmail: {
    name: 'Tencent Exmail',
    domains: ['exmail.qq.com'],
    aliases: ['腾讯企业邮箱', 'Tencent Exmail', 'WeCom Mail'],
    mx: ['mxbiz1.qq.com', 'mxbiz2.qq.com'],
    ...standard('exmail.qq.com'),
    hints: ['exmail-client-password'],
  },
  sina: { name: 'Sina Mail', domains: ['sina.com'], aliases: ['新浪邮箱', 'Sina'], ...standard('sina.com'), hints: CN_HINTS },
  sinacn: { name: 'Sina Mail (sina.cn)', domains: ['sina.cn'], aliases: ['sina.cn'], ...standard('sina.cn'), hints: CN_HINTS },
  sinavip: {
    name: 'Sina VIP Mail',
    domains: ['vip.sina.com', 'vip.sina.cn'],
    aliases: ['新浪VIP邮箱'],
    ...standard('vip.sina.com', 'pop3.vip.sina.com'),
    hints: CN_HINTS,
  },
  sohu: { name: 'Sohu Mail', domains: ['sohu.com'], aliases: ['搜狐邮箱', 'Sohu'], ...standard('sohu.com', 'pop3.sohu.com'), hints: ['sohu-password', 'enable-access'] },
  '21cn': { name: '21CN Mail', domains: ['21cn.com'], aliases: ['21CN', '21CN邮箱'], ...standard('21cn.com'), hints: CN_HINTS },
  '139': { name: 'China Mobile 139 Mail', domains: ['139.com'], aliases: ['139邮箱', '中国移动139邮箱'], ...standard('139.com'), hints: CN_HINTS },
  '189': { name: 'China Telecom 189 Mail', domains: ['189.cn'], aliases: ['189邮箱', '天翼邮箱'], ...standard('189.cn'), hints: CN_HINTS },
  wo: { name: 'China Unicom Wo Mail', domains: ['wo.cn'], aliases: ['沃邮箱'], ...standard('wo.cn'), hints: CN_HINTS },
  aliyun: { name: 'Aliyun Mail', domains: ['aliyun.com'], aliases: ['阿里邮箱', 'Alibaba Mail'], ...standard('aliyun.com', 'pop3.aliyun.com'), hints: ['enable-access'] },
  aliyunqiye: {
    name: 'Alibaba Enterprise Mail',
    domains: ['qiye.aliyun.com'],
    aliases: ['阿里企业邮箱', 'Alibaba Cloud Enterprise Mail'],
    mx: ['qiye.aliyun.com', 'mxhichina.com'],
    ...standard('qiye.aliyun.com'),
    hints: ['enable-access'],
  },
  tom: { name: 'TOM Mail', domains: ['tom.com'], aliases: ['TOM', 'TOM邮箱'], ...standard('tom.com'), hints: CN_HINTS },
  gmail: {
    name: 'Gmail',
    domains: ['gmail.com', 'googlemail.com'],
    aliases: ['Google Mail', 'Google Workspace', 'G Suite'],
    mx: ['google.com', 'googlemail.com'],
    imap: tls('imap.gmail.com', 993),
    pop3: tls('pop.gmail.com', 995),
    smtp: tls('smtp.gmail.com', 465),
    hints: ['app-password'],
    plusAddressing: true,
  },
  outlook: {
    name: 'Outlook.com',
    domains: [
      'outlook.com', 'hotmail.com', 'live.com', 'msn.com', 'passport.com', 'windowslive.com',
      'outlook.de', 'outlook.fr', 'outlook.es', 'outlook.it', 'outlook.jp', 'outlook.kr', 'outlook.com.au', 'outlook.co.uk',
      'hotmail.co.uk', 'hotmail.fr', 'hotmail.de', 'hotmail.it', 'hotmail.es', 'hotmail.co.jp', 'hotmail.com.br',
      'live.cn', 'live.co.uk', 'live.fr', 'live.de', 'live.it', 'live.jp', 'live.ca', 'live.com.au',
    ],
    aliases: ['Hotmail', 'Windows Live', 'Microsoft Outlook', 'MSN'],
    imap: tls('outlook.office365.com', 993),
    pop3: tls('outlook.office365.com', 995),
    smtp: starttls('smtp-mail.outlook.com', 587),
    hints: ['oauth-only'],
    plusAddressing: true,
  },
  office365: {
    name: 'Microsoft 365',
    domains: [],
    aliases: ['Office 365', 'Exchange Online'],
    mx: ['mail.protection.outlook.com', 'mail.protection.partner.outlook.cn'],
    imap: tls('outlook.office365.com', 993),
    pop3: tls('outlook.office365.com', 995),
    smtp: starttls('smtp.office365.com', 587),
    hints: ['office365-auth'],
    plusAddressing: true,
  },
  yahoo: {
    name: 'Yahoo Mail',
    domains: [
      'yahoo.com', 'ymail.com', 'rocketmail.com', 'yahoo.co.uk', 'yahoo.fr', 'yahoo.de', 'yahoo.it', 'yahoo.es',
      'yahoo.ca', 'yahoo.com.au', 'yahoo.co.in', 'yahoo.com.hk', 'yahoo.com.tw', 'yahoo.com.sg', 'yahoo.com.br',
    ],
    aliases: ['Yahoo', 'Yahoo!'],
    mx: ['yahoodns.net'],
    imap: tls('imap.mail.yahoo.com', 993),
    pop3: tls('pop.mail.yahoo.com', 995),
    smtp: tls('smtp.mail.yahoo.com', 465),
    hints: ['app-password'],
  },
  icloud: {
    name: 'iCloud Mail',
    domains: ['icloud.com', 'me.com', 'mac.com'],
    aliases: ['iCloud', 'Apple Mail', 'MobileMe'],
    mx: ['mail.icloud.com'],
    // Apple's help: the IMAP user is the name part of the address; SMTP wants the full address.
    imap: tls('imap.mail.me.com', 993, LOCAL),
    smtp: starttls('smtp.mail.me.com', 587),
    hints: ['app-password'],
    plusAddressing: true,
  },
  yandex: {
    name: 'Yandex Mail',
    domains: ['yandex.ru', 'yandex.com', 'ya.ru', 'yandex.by', 'yandex.kz', 'yandex.ua', 'yandex.com.tr', 'narod.ru'],
    aliases: ['Yandex', 'Яндекс Почта', 'Yandex 360'],
    mx: ['yandex.net', 'yandex.ru'],
    imap: tls('imap.yandex.com', 993),
    pop3: tls('pop.yandex.com', 995),
    smtp: tls('smtp.yandex.com', 465),
    hints: ['app-password', 'enable-access'],
    plusAddressing: true,
  },
  mailru: {
    name: 'Mail.ru',
    domains: ['mail.ru', 'inbox.ru', 'list.ru', 'bk.ru', 'internet.ru', 'mail.ua'],
    aliases: ['Mail.Ru', 'Почта Mail.ru'],
    mx: ['mxs.mail.ru'],
    imap: tls('imap.mail.ru', 993),
    pop3: tls('pop.mail.ru', 995),
    smtp: tls('smtp.mail.ru', 465),
    hints: ['app-password'],
  },
  zoho: {
    name: 'Zoho Mail',
    domains: ['zoho.com', 'zohomail.com'],
    aliases: ['Zoho'],
    mx: ['zoho.com', 'zohomail.com'],
    imap: tls('imap.zoho.com', 993),
    pop3: tls('pop.zoho.com', 995),
    smtp: tls('smtp.zoho.com', 465),
    hints: ['enable-access', 'app-password'],
  },
  zohoeu: {
    name: 'Zoho Mail (EU)',
    domains: ['zohomail.eu'],
    aliases: ['Zoho EU'],
    mx: ['zoho.eu', 'zohomail.eu'],
    imap: tls('imap.zoho.eu', 993),
    pop3: tls('pop.zoho.eu', 995),
    smtp: tls('smtp.zoho.eu', 465),
    hints: ['enable-access', 'app-password'],
  },
  gmx: {
    name: 'GMX (Germany)',
    domains: ['gmx.de', 'gmx.net', 'gmx.at', 'gmx.ch'],
    aliases: ['GMX', 'GMX FreeMail'],
    mx: ['gmx.net'],
    imap: tls('imap.gmx.net', 993),
    pop3: tls('pop.gmx.net', 995),
    smtp: starttls('mail.gmx.net', 587),
    hints: ['enable-access'],
  },
  gmxcom: {
    name: 'GMX (international)',
    domains: ['gmx.com', 'gmx.us', 'gmx.co.uk', 'gmx.fr', 'gmx.es', 'gmx.it', 'gmx.ca'],
    aliases: ['GMX.com', 'GMX Mail'],
    mx: ['gmx.com'],
    imap: tls('imap.gmx.com', 993),
    pop3: tls('pop.gmx.com', 995),
    smtp: starttls('mail.gmx.com', 587),
    hints: ['enable-access'],
  },
  aol: {
    name: 'AOL Mail',
    domains: ['aol.com', 'aim.com', 'aol.co.uk', 'aol.de', 'aol.fr', 'love.com', 'games.com', 'wow.com'],
    aliases: ['AOL', 'America Online'],
    imap: tls('imap.aol.com', 993),
    pop3: tls('pop.aol.com', 995),
    smtp: tls('smtp.aol.com', 465),
    hints: ['app-password'],
  },
  fastmail: {
    name: 'Fastmail',
    domains: [
      'fastmail.com', 'fastmail.fm', 'fastmail.cn', 'fastmail.net', 'fastmail.org', 'fastmail.to', 'fastmail.us',
      'fastmail.in', 'fastmail.co.uk', 'fastmail.de', 'fastmail.jp', 'fastmail.mx', 'fastmail.se', 'fastmail.es',
      'messagingengine.com', 'sent.com', 'fastem.com',
    ],
    aliases: ['FastMail', 'Fastmail.fm'],
    mx: ['messagingengine.com'],
    imap: tls('imap.fastmail.com', 993),
    pop3: tls('pop.fastmail.com', 995),
    smtp: tls('smtp.fastmail.com', 465),
    hints: ['app-password'],
    plusAddressing: true,
  },
  webde: {
    name: 'WEB.DE',
    domains: ['web.de'],
    aliases: ['WEB.DE FreeMail', 'webde'],
    mx: ['web.de'],
    imap: tls('imap.web.de', 993),
    pop3: tls('pop3.web.de', 995),
    smtp: starttls('smtp.web.de', 587),
    hints: ['enable-access'],
  },
  tonline: {
    name: 'Telekom t-online.de',
    domains: ['t-online.de', 'magenta.de'],
    aliases: ['T-Online', 'Telekom Mail'],
    mx: ['t-online.de'],
    imap: tls('secureimap.t-online.de', 993),
    pop3: tls('securepop.t-online.de', 995),
    smtp: tls('securesmtp.t-online.de', 465),
    hints: ['tonline-password'],
  },
  naver: {
    name: 'Naver Mail',
    domains: ['naver.com'],
    aliases: ['Naver', '네이버 메일'],
    imap: tls('imap.naver.com', 993, LOCAL),
    pop3: tls('pop.naver.com', 995, LOCAL),
    smtp: tls('smtp.naver.com', 465, LOCAL),
    hints: ['enable-access', 'app-password'],
  },
  daum: {
    name: 'Daum Mail',
    domains: ['daum.net', 'hanmail.net'],
    aliases: ['Daum', 'Hanmail', '다음 메일'],
    imap: tls('imap.daum.net', 993, LOCAL),
    pop3: tls('pop.daum.net', 995, LOCAL),
    smtp: tls('smtp.daum.net', 465, LOCAL),
    hints: ['enable-access', 'app-password'],
  },
  proton: {
    name: 'Proton Mail',
    domains: ['proton.me', 'protonmail.com', 'protonmail.ch', 'pm.me'],
    aliases: ['ProtonMail', 'Proton'],
    mx: ['protonmail.ch'],
    // Proton has no public IMAP/SMTP: its Bridge app serves them on loopback with its own password.
    imap: starttls('127.0.0.1', 1143),
    smtp: starttls('127.0.0.1', 1025),
    hints: ['proton-bridge'],
    plusAddressing: true,
  },
};

/**
 * Why a delivery failed, in a fixed vocabulary shared by the inbox (bounces that come back as
 * mail) and sending (rejections the SMTP server gives while we talk to it). It sits in the
 * adapters layer because both modules read it and neither owns the other.
 *
 * The answer comes from the server's words first, then the RFC 3463 enhanced status, then the
 * basic SMTP reply code: servers put the precise reason in the text and reuse generic codes
 * (550 5.7.1 for spam, policy and blocklists alike; 550 5.0.0 for everything).
 */

/** Every reason a bounce or rejection can be filed under, most specific first. */
export const BOUNCE_REASONS = [
  'user-unknown',
  'mailbox-full',
  'host-unknown',
  'policy',
  'spam',
  'too-large',
  'expired',
  'rate-limited',
  'auth-failure',
  'other',
] as const;

/** One of {@link BOUNCE_REASONS}. */
export type BounceReason = (typeof BOUNCE_REASONS)[number];

/** What a bounce or an SMTP reply says; any field may be missing. */
export interface BounceEvidence {
  /** RFC 3463 enhanced status such as `5.1.1` (anything else is ignored). */
  readonly status?: string | null | undefined;
  /** Basic SMTP reply code such as 550. */
  readonly smtpCode?: number | null | undefined;
  /** The diagnostic text (the server's reply or the MTA's explanation), any language. */
  readonly text?: string | null | undefined;
}

/*
 * Phrases per reason, tried in this order; the first hit wins. The order settles overlaps:
 * "sending quota" is a rate limit, not a full mailbox; "user unknown … rejected" is an unknown
 * user, not a policy; "mailbox unavailable" (Outlook.com's wording for a missing user) is tried
 * only after spam and policy, because blocks also say "unavailable".
 */
const TEXT_RULES: ReadonlyArray<readonly [BounceReason, RegExp]> = [
  [
    'rate-limited',
    /(rate.?limit|(sending|daily|hourly|send(ing)?|outgoing) (quota|limit)|too many (connections|messages|mails|emails|sessions|concurrent|recipients from)|connection limit|throttl|slow down|too fast|mail flood|excessive (volume|mail)|frequen(cy|tly)|发送频率|频率(过高|过快|太快|限制)|过于频繁|发信(过快|频率|数量)|超过.{0,8}(发送|发信)(限制|上限)|送信.{0,6}(制限|過多)|短時間|발송.{0,6}제한|слишком (много|часто))/i,
  ],
  [
    'too-large',
    /(too (large|big)|size (limit|exceed)|exceeds? (the )?(maximum|max|size|message size)|message (size|length) (exceeds|limit)|message is larger|maximum (message )?size|message too long|邮件(大小|尺寸|体积)?(过大|太大|超(过|出)?(大小|限制|上限))|信件(过大|太大)|附件(过大|太大)|超过.{0,10}(大小|尺寸)限制|サイズ.{0,10}(超|オーバー|大き)|メールが大きすぎ|크기.{0,6}초과|слишком (большое|большой)|размер.{0,20}превыша|nachricht (ist )?zu gro)/i,
  ],
  [
    'mailbox-full',
    /(mail ?box (is )?(full|over|exceed)|mailbox.{0,20}(full|over ?quota|exceeded)|over ?quota|quota (exceeded|exceed|full|limit)|exceeded (storage|the storage|his|her|their) |exceeds? (his|her|their|the user'?s?) (quota|storage)|insufficient (system )?(storage|disk|space)|storage (allocation|space|quota)|disk (quota|full|space)|not enough (storage|space|disk)|user is over|full mailbox|\bquota\b|邮箱(容量|空间)|(容量|空间)(已满|不足|超)|(邮箱|信箱|邮件箱)(已满|满了|已经满)|超出.{0,6}(容量|空间)|容量(オーバー|超過|不足)|メールボックス.{0,10}(一杯|いっぱい|満杯|容量)|사서함.{0,10}(가득|용량|꽉)|용량.{0,6}초과|ящик (переполнен|полон)|превыш.{0,20}(квот|объ[её]м)|postfach (ist )?voll|bo[iî]te.{0,20}pleine|buz[oó]n.{0,20}lleno|caixa.{0,20}cheia|casella.{0,20}piena)/i,
  ],
  [
    'user-unknown',
    /(user ?unknown|unknown (user|recipient|mailbox|local.?part|address)|recipient (name )?(is )?(not recognized|unknown)|no such (user|mailbox|recipient|address|account|person)|(user|recipient|mailbox|address|account|e-?mail|addressee)( address)?( \S+)? (does ?n[o']t|did not|not) exist|(user|recipient|mailbox|address|account)s? not (found|exist|listed|valid)|invalid (recipient|mailbox|user|address|account)|not a (valid|known) (user|recipient|mailbox)|recipient address rejected: (user unknown|access denied|undeliverable)|mailbox (not found|does not exist|unknown|name not allowed|disabled|inactive)|account (has been |is )?(disabled|deleted|closed|suspended|deactivated|inactive|expired|terminated)|(account|mailbox)\b[^.\n]{0,40}\b(is|has been) (disabled|deactivated|closed|suspended)|address (not found|unknown|no longer)|(e-?mail address|recipient|mailbox|user|address)[^.\n]{0,40}(couldn't|could not|can't|cannot) be found|(wasn't|was not) found at|not listed in (the )?(domino |public )?(directory|address book)|unknown or illegal alias|not our customer|no mailbox here|bad (destination|recipient)|no longer (active|valid|in use|available)|user (doesn't|does not) have an? .{0,20}account|(the )?email account that you tried to reach (does not exist|is disabled)|unrouteable address|用户不存在|(收件人|收信人|邮箱|地址|帐号|账号|账户|帐户|用户名?)(地址)?(不存在|无效|未找到|已(被)?(注销|冻结|停用|禁用))|查无此人|此用户不存在|无此用户|該用戶不存在|使用者不存在|(宛先|あて先|アドレス|ユーザ|ユーザー|アカウント)が?(存在しません|見つかりません|不明)|存在しない(アドレス|ユーザ)|(수신자|사용자|계정|주소).{0,6}(존재하지|없습니다|찾을 수 없)|없는 (사용자|계정|주소)|(пользовател|адрес|ящик|получател).{0,20}(не существует|не найден|неизвест)|(benutzer|empf[aä]nger|adresse|postfach).{0,20}(unbekannt|existiert nicht|nicht gefunden)|utilisateur (inconnu|inexistant)|adresse.{0,10}(inconnue|inexistante|n'existe pas)|(usuario|destinatario).{0,10}(desconocido|no existe)|(usu[aá]rio|destinat[aá]rio).{0,10}(desconhecido|n[aã]o existe)|utente (sconosciuto|inesistente))/i,
  ],
  [
    'host-unknown',
    /(host (or domain name )?(not found|unknown)|unknown (host|domain)|domain (name )?(not found|does not exist|unknown|doesn't exist)|no such (domain|host)|no (mx|mail exchanger|valid mx)|nxdomain|name or service not known|unrouteable (mail )?domain|host not found|host (is )?(not reachable|unreachable)|cannot resolve|could not resolve|dns (error|failure)|(域名|主机)(不存在|无效|解析失败|未找到)|ドメイン.{0,10}(存在しません|見つかりません)|도메인.{0,10}(존재하지|없습니다)|домен.{0,20}(не существует|не найден))/i,
  ],
  [
    'expired',
    /(expired|too long in (the )?queue|retry (time|timeout|period) (was )?exceeded|delivery time expired|queue ?time|message timed out|could not be delivered (within|for|in) \d+|has been delayed for|giving up|unable to deliver.{0,40}(after|within) \d+|超时未能投递|投递超时|(重试|重发).{0,10}(失败|超时)|期限切れ|配信.{0,10}タイムアウト|시간.{0,6}초과|срок.{0,20}истек)/i,
  ],
  [
    'auth-failure',
    /(\bspf\b|\bdkim\b|\bdmarc\b|sender policy framework|authenticat(ion|ed)? (failed|failure|required|credentials invalid)|not authenticated|unauthenticated|auth(entication)? (is )?required|must authenticate|authentication unsuccessful|invalid credentials|username and password not accepted|(发件人|发信人)?(认证|验证|身份验证)(失败|未通过)|未经认证|認証(に失敗|エラー|失敗)|인증.{0,6}실패|аутентификац.{0,20}(ошибк|не пройден))/i,
  ],
  [
    'spam',
    /(spam|junk|bulk mail|black ?list|block ?list|denylist|\brbl\b|\bdnsbl\b|blocked using|listed (at|in|on|by)|spamhaus|spamcop|sorbs|barracudacentral|reputation|content (filter|rejected|policy)|message content|virus|malware|phish|suspicious|unsolicited|(垃圾|广告)邮件|反垃圾|垃圾信|疑似垃圾|被识别为垃圾|迷惑メール|スパム|스팸|спам|нежелательн)/i,
  ],
  [
    'policy',
    /(polic(y|ies)|(outbound|outgoing|relay(ing)?) (mail )?(is )?disabled|not (a )?member|members? only|not allowed|not permitted|relay(ing)? (access )?(denied|not permitted|prohibited)|relay not|access denied|administrativ(e|ely) prohibit|prohibited|forbidden|rejected by|blocked|refused|denied|greylist|graylist|whitelist|restricted|not authorized|unauthorized|(拒绝|拒收|被拒)|安全策略|策略|ポリシー|拒否|受信拒否|차단|거부|отклонен|запрещ)/i,
  ],
  [
    'user-unknown',
    /(mailbox (unavailable|not available)|mailbox.{0,20}unavailable|recipient.{0,10}(rejected|not accepted)|address rejected|no such|undeliverable address)/i,
  ],
];

/** Reasons by RFC 3463 status (`class.subject.detail`, class ignored), for when the text says nothing. */
const STATUS_REASON: Readonly<Record<string, BounceReason>> = {
  '1.1': 'user-unknown',
  '1.2': 'host-unknown',
  '1.3': 'user-unknown',
  '1.6': 'user-unknown',
  '1.7': 'policy',
  '1.8': 'policy',
  '1.10': 'user-unknown',
  '2.1': 'user-unknown',
  '2.2': 'mailbox-full',
  '2.3': 'too-large',
  '3.4': 'too-large',
  '4.4': 'host-unknown',
  '4.7': 'expired',
  '5.3': 'rate-limited',
  '7.0': 'policy',
  '7.1': 'policy',
  '7.13': 'user-unknown',
  '7.14': 'policy',
  '7.8': 'auth-failure',
  '7.9': 'auth-failure',
  '7.23': 'auth-failure',
  '7.24': 'auth-failure',
  '7.25': 'auth-failure',
  '7.26': 'auth-failure',
  '7.27': 'auth-failure',
  '7.28': 'rate-limited',
  '7.509': 'auth-failure',
  '7.515': 'auth-failure',
  '7.606': 'spam',
  '7.705': 'spam',
  '7.708': 'spam',
};

/** Reasons by basic SMTP reply code (RFC 5321 §4.2.3), the last resort. */
const CODE_REASON: Readonly<Record<number, BounceReason>> = {
  421: 'rate-limited',
  452: 'mailbox-full',
  530: 'auth-failure',
  534: 'auth-failure',
  535: 'auth-failure',
  551: 'user-unknown',
  552: 'mailbox-full',
  553: 'user-unknown',
};

const STATUS = /^([245])\.(\d{1,3})\.(\d{1,3})$/;

/** The reason of one bounce or SMTP rejection, from its words, its enhanced status or its reply code. */
export function bounceReasonOf(evidence: BounceEvidence): BounceReason {
  const text = (evidence.text ?? '').slice(0, 8000);
  if (text) {
    for (const [reason, pattern] of TEXT_RULES) if (pattern.test(text)) return reason;
  }
  const status = STATUS.exec(evidence.status?.trim() ?? '');
  if (status) {
    const reason = STATUS_REASON[`${status[2]}.${status[3]}`];
    if (reason) return reason;
  }
  const code = evidence.smtpCode ?? codeIn(text);
  return (code !== undefined && CODE_REASON[code]) || 'other';
}

/** Reasons that say the address itself will never work. */
const DEAD_ADDRESS: ReadonlySet<BounceReason> = new Set(['user-unknown', 'host-unknown']);
/** Reasons that say nothing about the address: the mailbox, the message or the sender is the problem. */
const NOT_THE_ADDRESS: ReadonlySet<BounceReason> = new Set(['mailbox-full', 'too-large', 'expired', 'rate-limited', 'spam', 'policy', 'auth-failure']);

/**
 * True when the failure means "this address will never work" (suppress it now). Anything
 * temporary (a 4.x.x status or 4xx code) is soft whatever it says; an unknown user or host is
 * hard; a full mailbox, a spam or policy block, a size limit, an expiry or a rate limit is soft
 * (they say nothing about the address); any other permanent failure is hard.
 */
export function isHardBounce(evidence: BounceEvidence): boolean {
  const status = STATUS.exec(evidence.status?.trim() ?? '');
  const code = evidence.smtpCode ?? codeIn(evidence.text ?? '');
  if (status?.[1] === '4' || (!status && code !== undefined && code >= 400 && code < 500)) return false;
  const reason = bounceReasonOf(evidence);
  if (DEAD_ADDRESS.has(reason)) return true;
  if (NOT_THE_ADDRESS.has(reason)) return false;
  if (status?.[1] === '5' || (code !== undefined && code >= 500 && code < 600)) return true;
  return /permanent|fatal|failed permanently|永久|恒久的/i.test(evidence.text ?? '');
}

/**
 * An RFC 3463 status for a bounce that gave none, from its reason: the code a standards-minded
 * MTA would have sent for the same words (`5.1.1` for an unknown user, `4.2.2` for a full
 * mailbox when soft).
 */
export function statusForReason(reason: BounceReason, hard: boolean): string {
  const cls = hard ? '5' : reason === 'mailbox-full' || reason === 'rate-limited' || reason === 'expired' || reason === 'other' ? '4' : '5';
  switch (reason) {
    case 'user-unknown':
      return `${cls}.1.1`;
    case 'host-unknown':
      return `${cls}.1.2`;
    case 'mailbox-full':
      return `${cls}.2.2`;
    case 'too-large':
      return `${cls}.3.4`;
    case 'expired':
      return `${cls}.4.7`;
    case 'rate-limited':
      return `${cls}.7.28`;
    case 'spam':
      return `${cls}.7.1`;
    case 'policy':
      return `${cls}.7.1`;
    case 'auth-failure':
      return `${cls}.7.26`;
    default:
      return `${cls}.0.0`;
  }
}

/** The basic reply code at the start of the text or of a line ("550 …", "550-…"). */
function codeIn(text: string): number | undefined {
  const match = /(?:^|\n|\s|:)([245]\d\d)(?=[\s,;\]-]|$)/.exec(text.slice(0, 2000));
  return match?.[1] ? Number(match[1]) : undefined;
}

import { bounceReasonOf, type BounceReason } from '../../../adapters/mail/bounce-reason.js';
import type { InboundMessage } from './message.parser.js';

/** What a bounce says about the failed delivery. */
export interface BounceInfo {
  /** `hard`: the address is dead (suppress now); `soft`: try again later (suppress after N). */
  readonly type: 'hard' | 'soft';
  readonly recipient: string | null;
  /** Enhanced status code (RFC 3463) such as 5.1.1, or derived from the SMTP reply code. */
  readonly status: string | null;
  readonly diagnostic: string | null;
  /** Why it failed, in the fixed vocabulary shared with sending (see adapters/mail/bounce-reason). */
  readonly reason: BounceReason;
}

const DAEMON_LOCAL = /^(mailer-daemon|mailer_daemon|mailerdaemon|mail-daemon|postmaster|mdaemon|mail\.?delivery|bounces?|nobody-bounce)$/i;
const DAEMON_NAME = /(mail delivery (system|subsystem|service)|mailer[- ]daemon|postmaster|系统退信|退信服务|邮件投递|delivery status notification|microsoft outlook)/i;
/** Subjects MTAs give their non-delivery reports, in the languages our users meet. */
const BOUNCE_SUBJECT = new RegExp(
  [
    'undelivered mail',
    'undeliverable',
    'undelivered message',
    'delivery status notification \\((failure|delay)\\)',
    'delivery (status notification|failure|has failed|failed|notification)',
    'mail delivery failed',
    'failure notice',
    'returned mail',
    'returned to sender',
    'could not send message',
    'message not delivered',
    'non.?delivery',
    'mail system error',
    'delivery problem',
    'not delivered',
    'warning: message .* delayed',
    'delayed mail',
    '退信',
    '投递失败',
    '发送失败',
    '无法投递',
    '未送达',
    '邮件投递',
    '递送失败',
    '無法傳遞',
    'zustellung fehlgeschlagen',
    'unzustellbar',
    'non remis',
    'non recapitabile',
  ].join('|'),
  'i',
);

/** True when the message looks like a non-delivery report (standard DSN or an MTA's own format). */
export function looksLikeBounce(message: InboundMessage): boolean {
  if (message.contentType === 'multipart/report' && message.reportType === 'delivery-status') return true;
  if (header(message, 'x-failed-recipients')) return true;
  const subject = message.subject ?? '';
  const fromLocal = message.from?.address.split('@')[0] ?? '';
  const fromDaemon = DAEMON_LOCAL.test(fromLocal) || DAEMON_NAME.test(message.from?.name ?? '');
  const subjectSays = BOUNCE_SUBJECT.test(subject);
  if (fromDaemon && (subjectSays || message.returned.length > 0 || /\b[45]\d\d[ -][245]\.\d/.test(message.text))) return true;
  // Some bounces come from an ordinary-looking sender (QQ, Exchange on behalf of a person):
  // trust the subject only together with an empty Return-Path or a returned message.
  const nullSender = /^<?\s*>?$/.test(header(message, 'return-path') ?? 'x');
  return subjectSays && (nullSender || message.returned.length > 0 || fromDaemon);
}

/** Extracts recipient, status and diagnostic; call only when {@link looksLikeBounce}. */
export function extractBounce(message: InboundMessage): BounceInfo {
  const text = `${message.text}\n${message.returned}`;
  const dsn = parseDeliveryStatus(text);
  const failed = dsn.find((r) => r.action === 'failed') ?? dsn.find((r) => r.action === 'delayed') ?? dsn[0];
  const recipient =
    failed?.recipient ??
    firstAddress(header(message, 'x-failed-recipients') ?? '') ??
    recipientFromBody(message.text) ??
    returnedRecipient(message) ??
    null;
  const diagnostic = failed?.diagnostic ?? diagnosticFromBody(message.text, recipient);
  const status = failed?.status ?? statusFrom(diagnostic ?? '') ?? statusFrom(message.text);
  const type = bounceType(status, diagnostic ?? message.text.slice(0, 4000), failed?.action, message.subject ?? '');
  const reason = bounceReasonOf({ status, text: diagnostic ?? message.text.slice(0, 4000) });
  return { type, recipient, status, diagnostic: diagnostic ? diagnostic.slice(0, 1000) : null, reason };
}

interface DsnRecipient {
  recipient: string | null;
  action: string | null;
  status: string | null;
  diagnostic: string | null;
}

/** Per-recipient fields of an RFC 3464 delivery-status body found anywhere in `text`. */
export function parseDeliveryStatus(text: string): DsnRecipient[] {
  const out: DsnRecipient[] = [];
  const unfolded = text.replace(/\r\n/g, '\n').replace(/\n[ \t]+/g, ' ');
  const blocks = unfolded.split(/\n\s*\n/);
  for (const block of blocks) {
    const field = (name: string) => new RegExp(`^${name}:[ \\t]*(.*)$`, 'im').exec(block)?.[1]?.trim() ?? null;
    const final = field('Final-Recipient') ?? field('Original-Recipient');
    if (!final) continue;
    out.push({
      recipient: firstAddress(final.replace(/^[a-z0-9-]+\s*;\s*/i, '')),
      action: field('Action')?.toLowerCase().split(/\s/)[0] ?? null,
      status: /([245]\.\d{1,3}\.\d{1,3})/.exec(field('Status') ?? '')?.[1] ?? null,
      diagnostic: field('Diagnostic-Code')?.replace(/^[a-z0-9-]+\s*;\s*/i, '') ?? null,
    });
    if (out.length >= 50) break;
  }
  return out;
}

/*
 * Where the failed address sits in the MTAs' own report formats. Each pattern's group 1 is the
 * address; they are tried in order and the first hit wins.
 */
const BODY_RECIPIENT: readonly RegExp[] = [
  // Postfix, qmail: "<user@host>: reason" / "<user@host> (expanded from <x>): reason"
  /^<([^<>\s]+@[^<>\s]+)>(?: \(expanded from [^)]*\))?:/m,
  // Exim: "following address(es) failed:\n\n  user@host\n    reason"
  /following address(?:\(es\)|es)? failed:\s*\n\s*\n?\s*<?([^\s<>]+@[^\s<>]+?)>?\s*$/im,
  // Sendmail: "----- The following addresses had permanent fatal errors -----\n<user@host>"
  /following addresses had (?:permanent fatal errors|transient non-fatal errors)\s*-*\s*\n\s*<?([^\s<>]+@[^\s<>]+?)>?\s/i,
  // Gmail: "Your message wasn't delivered to user@host because" / older "failed permanently:\n\n  user@host"
  /(?:wasn't|was not|couldn't be|could not be) delivered to\s+<?([^\s<>]+@[^\s<>]+?)>?[\s.,]/i,
  /delivery to the following recipients? (?:failed|has been delayed)[^\n]*\n\s*\n?\s*<?([^\s<>]+@[^\s<>]+?)>?\s/i,
  // Exchange / Office 365: "Your message to user@host couldn't be delivered." / "Delivery has failed to these recipients"
  /your message to\s+<?([^\s<>]+@[^\s<>]+?)>?\s+couldn't be delivered/i,
  /delivery has failed to these recipients or (?:groups|distribution lists):\s*\n\s*\n?\s*(?:[^\n<]*<)?(?:mailto:)?([^\s<>()]+@[^\s<>()]+?)>?[\s(]/i,
  // Yahoo: "unable to deliver your message to the following address.\n\n<user@host>:"
  /unable to deliver (?:your )?message to the following address(?:es)?\.?\s*\n\s*\n?\s*<?([^\s<>]+@[^\s<>]+?)>?[\s:]/i,
  // QQ / 163 / Sina / Aliyun: "收件人：user@host", "收信人地址: user@host", "无法发送到 user@host"
  /(?:收件人|收信人|收件地址|收件人地址|收信地址|原收件人)\s*(?:地址)?\s*[:：]?\s*<?([^\s<>：:]+@[^\s<>，。]+?)>?[\s，。,]/,
  /(?:无法发送到|无法投递到|发送到|投递到|不能发送到)\s*<?([^\s<>]+@[^\s<>，。]+?)>?[\s，。,]/,
  // Exchange 5.5–2003: "did not reach the following recipient(s):\n\nuser@host on <date>"
  /did not reach the following recipient(?:\(s\)|s)?:\s*\n\s*\n?\s*<?([^\s<>]+@[^\s<>]+?)>?\s/i,
  // Generic "RCPT TO:<user@host>" in a transcript.
  /RCPT TO:\s*<([^\s<>]+@[^\s<>]+)>/i,
  // Generic: the first "<user@host>" on its own line.
  /^\s*<([^\s<>]+@[^\s<>]+)>\s*$/m,
];

function recipientFromBody(text: string): string | null {
  const head = text.slice(0, 20_000);
  for (const pattern of BODY_RECIPIENT) {
    const match = pattern.exec(head);
    const address = match?.[1] ? cleanAddress(match[1]) : null;
    if (address) return address;
  }
  return null;
}

/** Last resort: the To of the message that came back (attached, or inline after a marker line). */
function returnedRecipient(message: InboundMessage): string | null {
  const marker = /(unsent message follows|copy of (?:the|your) message|original message|below this line|returned message)/i.exec(message.text);
  const inline = marker ? message.text.slice(marker.index, marker.index + 20_000) : '';
  for (const part of [message.returned, inline]) {
    const to = /^To:[ \t]*(.+)$/im.exec(part)?.[1];
    const address = to ? firstAddress(to) : null;
    if (address) return address;
  }
  return null;
}

/** The reason the MTA gave: the line after (or with) the recipient, or a line with an SMTP code. */
function diagnosticFromBody(text: string, recipient: string | null): string | null {
  const head = text.slice(0, 20_000);
  if (recipient) {
    const at = head.toLowerCase().indexOf(recipient);
    if (at >= 0) {
      const after = head.slice(at + recipient.length, at + recipient.length + 600).replace(/^[>:\s]+/, '');
      const reason = after.split(/\n\s*\n/)[0]?.replace(/\s+/g, ' ').trim();
      if (reason && /\d{3}|user|mailbox|unknown|exist|quota|reject|denied|用户|邮箱|不存在|满/i.test(reason)) return reason;
    }
  }
  const line = /^.*\b[45]\d\d[ -](?:[245]\.\d{1,3}\.\d{1,3})?.*$/m.exec(head)?.[0];
  return line ? line.trim() : null;
}

function statusFrom(text: string): string | null {
  const enhanced = /\b([245]\.\d{1,3}\.\d{1,3})\b/.exec(text)?.[1];
  if (enhanced) return enhanced;
  const basic = /\b([45])(\d)\d[ -]/.exec(text);
  return basic ? `${basic[1]}.0.0` : null;
}

const HARD_TEXT =
  /(user unknown|unknown user|unknown recipient|recipient name is not recognized|no such (user|mailbox|recipient|address)|does ?n[o']t exist|not exist|invalid (recipient|mailbox|address)|recipient (address )?rejected|address rejected|mailbox (unavailable|not found|does not exist)|account (has been )?(disabled|deleted|closed)|(account|mailbox)\b[^.\n]{0,40}\b(is|has been) (disabled|deactivated|closed)|user not found|address not found|unrouteable|bad destination|用户不存在|收件人不存在|地址不存在|帐号不存在|账号不存在|账户不存在|帐户不存在|邮箱不存在|查无此人|用户名不存在)/i;
const SOFT_TEXT =
  /(quota|mailbox (is )?full|over ?quota|insufficient (storage|space)|temporar|try again|deferred|delayed|greylist|rate limit|too many|空间不足|容量已满|邮箱已满|满了|稍后重试|频率)/i;

/**
 * Hard means "this address will never work": status class 5 except the ones about the mailbox
 * being full or the message itself (5.2.x, 5.3.4) and policy blocks (5.7.x — a spam filter
 * refusing us says nothing about the address), unless the text says the user is unknown.
 */
function bounceType(status: string | null, diagnostic: string, action: string | null | undefined, subject: string): 'hard' | 'soft' {
  if (action === 'delayed' || /delay/i.test(subject)) return 'soft';
  if (HARD_TEXT.test(diagnostic)) return 'hard';
  if (status?.startsWith('4.')) return 'soft';
  if (status?.startsWith('5.')) {
    if (/^5\.(2\.\d+|3\.4|4\.[4-7]|7\.\d+)$/.test(status)) return 'soft';
    return 'hard';
  }
  if (SOFT_TEXT.test(diagnostic)) return 'soft';
  // A failure report without a code: permanent unless it says otherwise (Gmail "failed permanently").
  return /permanent|fatal|failed permanently/i.test(diagnostic) || action === 'failed' ? 'hard' : 'soft';
}

function header(message: InboundMessage, name: string): string | undefined {
  return message.headers.get(name)?.[0];
}

function firstAddress(text: string): string | null {
  const match = /<?([^\s<>,;"'()]+@[^\s<>,;"'()]+)>?/.exec(text);
  return match?.[1] ? cleanAddress(match[1]) : null;
}

function cleanAddress(value: string): string | null {
  const address = value.trim().replace(/^mailto:/i, '').replace(/[.,;:)]+$/, '').toLowerCase();
  return /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/.test(address) ? address : null;
}

import { bounceReasonOf, isHardBounce, statusForReason, type BounceReason } from '../../../adapters/mail/bounce-reason.js';
import { BODY_RECIPIENT, familyMarker, sesBounce } from './bounce.families.js';
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

// Only names MTAs use for their reports: "system@" or "returns@" also send shops' parcel notices.
const DAEMON_LOCAL =
  /^(mailer-daemon|mailer_daemon|mailerdaemon|mail-daemon|maildaemon|postmaster|post_master|mdaemon|mail\.?delivery|mail-delivery|bounces?|bounce-notification|nobody-bounce|ndr|dsn)$/i;
const DAEMON_NAME =
  /(mail deliver(y)? (system|subsystem|service)|mailer[- ]daemon|postmaster|mail administrator|system administrator|系统退信|退信服务|邮件投递|邮件系统|系统管理员|delivery status notification|microsoft outlook|メール配信|메일 ?(전송|발송) ?시스템|почтовая система|служба доставки)/i;
/** Subjects MTAs give their non-delivery reports, in the languages our users meet. */
const BOUNCE_SUBJECT = new RegExp(
  [
    'undelivered mail',
    'undeliverable',
    'undelivered message',
    'undeliverable mail',
    'delivery status notification \\((failure|delay)\\)',
    'delivery (status notification|failure|has failed|failed|notification|problem|error)',
    'failure delivery',
    'failed delivery',
    'mail delivery failed',
    'email delivery failure',
    'failure notice',
    'returned mail',
    'return(ed)? to sender',
    'could not send message',
    'message not delivered',
    'non.?delivery',
    'mail system error',
    'not delivered',
    'there was an error sending your mail',
    'warning: message .* delayed',
    'delayed mail',
    'delivery delayed',
    '^\\s*\\[bounce\\]\\s*$',
    '退信',
    '投递失败',
    '发送失败',
    '无法投递',
    '未送达',
    '邮件投递',
    '递送失败',
    '系统退回',
    '無法傳遞',
    '郵件退回',
    '配信エラー',
    '配信失敗',
    '送信エラー',
    '送信できませんでした',
    '届きませんでした',
    '메일 ?(발송|전송|배달) ?실패',
    '반송',
    '전달 ?실패',
    'недоставленное сообщение',
    'не удалось доставить',
    'не доставлено',
    'mail failure',
    'zustellung fehlgeschlagen',
    'unzustellbar',
    'nicht zustellbar',
    'non remis',
    'échec de (la )?(remise|distribution)',
    'non recapitabile',
    'no se puede entregar',
    'no entregado',
    'error (en la|de) entrega',
    'não (é possível|foi possível) entregar',
    'não entregue',
    'falha na entrega',
  ].join('|'),
  'i',
);
/** A person's answer or forward about a bounce is not a bounce: "Re: Undeliverable …". */
const REPLY_PREFIX = /^\s*(re|aw|sv|antw|fw|fwd|wg|tr|rv|答复|回复|回覆|转发|轉寄)\s*[:：]/i;

/** True when the message looks like a non-delivery report (standard DSN or an MTA's own format). */
export function looksLikeBounce(message: InboundMessage): boolean {
  if (message.contentType === 'multipart/report' && /^(delivery-status|global-delivery-status)$/.test(message.reportType ?? '')) return true;
  if (header(message, 'x-failed-recipients')) return true;
  const subject = message.subject ?? '';
  const fromLocal = message.from?.address.split('@')[0] ?? '';
  const fromDaemon = DAEMON_LOCAL.test(fromLocal) || DAEMON_NAME.test(message.from?.name ?? '');
  const nullSender = /^<?\s*>?$/.test(header(message, 'return-path') ?? 'x');
  // A provider's own format, when its recipient line is there too (a marker alone can be forged by accident).
  const family = familyMarker(message);
  if (family && (family === 'amazon-ses' ? sesBounce(message.text) !== null : recipientFromBody(message.text) !== null)) return true;
  if (REPLY_PREFIX.test(subject) && !fromDaemon && !nullSender) return false;
  const subjectSays = BOUNCE_SUBJECT.test(subject);
  // A delivery report attached to something else (a relay's wrapper, a text/plain DSN body).
  const dsnInside = /^Final-Recipient:/im.test(message.returned) || (/^Final-Recipient:/im.test(message.text) && /^(Action|Status):/im.test(message.text));
  if ((fromDaemon || nullSender) && dsnInside) return true;
  if (fromDaemon && (subjectSays || message.returned.length > 0 || /\b[45]\d\d[ -]+(?:[245]\.\d|requested action|mailbox|user|recipient|no such|<)/i.test(message.text))) return true;
  // Some bounces come from an ordinary-looking sender (QQ, Exchange on behalf of a person):
  // trust the subject only together with an empty Return-Path or a returned message.
  return subjectSays && (nullSender || message.returned.length > 0 || fromDaemon);
}

/** Extracts recipient, status, reason and diagnostic; call only when {@link looksLikeBounce}. */
export function extractBounce(message: InboundMessage): BounceInfo {
  const ses = sesBounce(message.text);
  const text = `${message.text}\n${message.returned}`;
  const dsn = parseDeliveryStatus(text);
  const failed = dsn.find((r) => r.action === 'failed' && r.recipient) ?? dsn.find((r) => r.action === 'delayed' && r.recipient) ?? dsn.find((r) => r.recipient) ?? dsn[0];
  const recipient =
    cleanAddress(ses?.recipient ?? '') ??
    failed?.recipient ??
    firstAddress(header(message, 'x-failed-recipients') ?? '') ??
    recipientFromBody(message.text) ??
    returnedRecipient(message) ??
    null;
  const diagnostic = ses?.diagnostic ?? failed?.diagnostic ?? diagnosticFromBody(message.text, recipient);
  const reasonText = diagnostic ?? message.text.slice(0, 4000);
  const delayed = failed?.action === 'delayed' || /delay|延迟|遅延|지연|задерж|verzögert|retard/i.test(message.subject ?? '');
  const explicit = ses?.status ?? failed?.status ?? statusFrom(diagnostic ?? '') ?? statusFrom(message.text);
  const hard = delayed ? false : ses?.hard ?? bounceIsHard(explicit, reasonText, failed?.action);
  const reason = bounceReasonOf({ status: explicit, text: reasonText });
  // No code at all: the one a standard MTA would have sent for these words (class 4 while delayed).
  const status = explicit ?? (delayed ? statusForReason(reason, false).replace(/^5\./, '4.') : statusForReason(reason, hard));
  return { type: hard ? 'hard' : 'soft', recipient, status, diagnostic: diagnostic ? diagnostic.slice(0, 1000) : null, reason };
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
    const final = field('Final-Recipient');
    const original = field('Original-Recipient');
    if (!final && !original) continue;
    const address = (value: string | null) => (value ? firstAddress(value.replace(/^[a-z0-9-]+\s*;\s*/i, '')) : null);
    out.push({
      // A local-only Final-Recipient ("LOCAL; user") names no address: fall back to the original one.
      recipient: address(final) ?? address(original) ?? address(field('X-Actual-Recipient')),
      action: field('Action')?.toLowerCase().split(/\s/)[0] ?? null,
      status: /([245]\.\d{1,3}\.\d{1,3})/.exec(field('Status') ?? '')?.[1] ?? null,
      diagnostic: field('Diagnostic-Code')?.replace(/^[a-z0-9-]+\s*;\s*/i, '') ?? null,
    });
    if (out.length >= 50) break;
  }
  return out;
}

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

/**
 * The reason the MTA gave: of the paragraph after the recipient, the line naming it, the first
 * line with an SMTP code and an "Error:" line, the first that reads as a reason (else the first
 * with a reply code).
 */
function diagnosticFromBody(text: string, recipient: string | null): string | null {
  const head = text.slice(0, 20_000);
  const candidates: string[] = [];
  if (recipient) {
    const at = head.toLowerCase().indexOf(recipient);
    if (at >= 0) {
      const after = head.slice(at + recipient.length, at + recipient.length + 800).replace(/^[>:\s\])]+/, '');
      // The paragraph after the address; Domino and others put "because:" in between.
      const paragraph = after
        .split(/\n\s*\n/)
        .map((p) => p.replace(/\s+/g, ' ').trim())
        .find((p) => p !== '' && !/^(because|reason|原因|理由)\s*[:：]?$/i.test(p));
      if (paragraph) candidates.push(paragraph);
      const lineStart = head.lastIndexOf('\n', at) + 1;
      const lineEnd = head.indexOf('\n', at);
      candidates.push(head.slice(lineStart, lineEnd < 0 ? undefined : lineEnd).trim());
    }
  }
  const codeLine = /^.*\b[45]\d\d[ -](?:[245]\.\d{1,3}\.\d{1,3})?.*$/m.exec(head)?.[0];
  if (codeLine) candidates.push(codeLine.trim());
  const errorLine = /^\s*(?:error|reason|diagnostic|原因|退信原因|失败原因|사유|실패 사유|причина)\s*[:：].+$/im.exec(head)?.[0];
  if (errorLine) candidates.push(errorLine.trim());
  const usable = candidates.filter((c) => c !== '' && c.length < 2000);
  return usable.find((c) => bounceReasonOf({ text: c }) !== 'other') ?? usable.find((c) => /\b[45]\d\d\b/.test(c)) ?? null;
}

function statusFrom(text: string): string | null {
  const enhanced = /\b([245]\.\d{1,3}\.\d{1,3})\b/.exec(text)?.[1];
  if (enhanced) return enhanced;
  const basic = /\b([45])(\d)\d(?=[ ,;\]-])/.exec(text);
  return basic ? `${basic[1]}.0.0` : null;
}

/**
 * Hard means "this address will never work" (see isHardBounce): an unknown user or domain, or a
 * permanent failure that names no other cause. A full mailbox, a spam or policy block, a size
 * limit or a rate limit says nothing about the address and stays soft.
 */
function bounceIsHard(status: string | null, diagnostic: string, action: string | null | undefined): boolean {
  if (status) return isHardBounce({ status, text: diagnostic });
  if (isHardBounce({ text: diagnostic })) return true;
  // A failure report without any code: permanent unless it says otherwise.
  return action === 'failed' && bounceReasonOf({ text: diagnostic }) === 'other';
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

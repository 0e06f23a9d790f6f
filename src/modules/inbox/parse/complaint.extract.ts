import { sesComplaint } from './bounce.families.js';
import type { InboundMessage } from './message.parser.js';

/** What a feedback-loop report says: who complained about which message, and how. */
export interface ComplaintInfo {
  /** The address that complained (the one we sent to), or null when the provider redacts it. */
  readonly recipient: string | null;
  /** RFC 5965 Feedback-Type (`abuse`, `fraud`, `not-spam`, `virus`, `other`), lower-cased. */
  readonly feedbackType: string;
  /** The reporter's User-Agent field, or the provider's name for reports that are not ARF. */
  readonly userAgent: string | null;
  /** When the provider received the original message, ISO 8601, or null. */
  readonly arrivalDate: string | null;
}

/*
 * Feedback loops. RFC 5965 ARF (Yahoo, AOL, Mail.ru, Comcast, Fastmail, Zoho …) is a
 * multipart/report with report-type=feedback-report; some relays re-wrap it as multipart/mixed
 * but keep the message/feedback-report part. Microsoft's JMRP/SNDS reports are not ARF: the
 * original comes back as message/rfc822 with the recipient in X-HmXmrOriginalRecipient. Yandex
 * marks its reports with X-Yandex-FBL.
 */
const JMRP_RECIPIENT = /^X-HmXmrOriginalRecipient:[ \t]*(.+)$/im;
const JMRP_SENDER = /@(?:[a-z0-9-]+\.)*(?:hotmail|outlook|live|msn)\.com$/i;

/** True when the message is a feedback-loop complaint report (ARF or a provider's own format). */
export function looksLikeComplaint(message: InboundMessage): boolean {
  if (message.contentType === 'multipart/report' && message.reportType === 'feedback-report') return true;
  if (message.feedbackReport && /^Feedback-Type:/im.test(message.feedbackReport)) return true;
  if (JMRP_RECIPIENT.test(message.returned) && (JMRP_SENDER.test(message.from?.address ?? '') || /complaint|jmrp/i.test(message.subject ?? ''))) return true;
  if (header(message, 'x-yandex-fbl') !== undefined && (message.returned !== '' || /^Feedback-Type:/im.test(message.text))) return true;
  return sesComplaint(message.text) !== null;
}

/** Extracts who complained and how; call only when {@link looksLikeComplaint}. */
export function extractComplaint(message: InboundMessage): ComplaintInfo {
  const ses = sesComplaint(message.text);
  if (ses) return fromSes(ses);
  // The ARF fields: the feedback-report part, or (plain-text relays) the body itself.
  const report = message.feedbackReport || (/^Feedback-Type:/im.test(message.text) ? message.text : '');
  const field = (name: string) => new RegExp(`^${name}:[ \\t]*(.+)$`, 'im').exec(unfold(report))?.[1]?.trim() ?? null;
  const isJmrp = JMRP_RECIPIENT.test(message.returned);
  const isYandex = header(message, 'x-yandex-fbl') !== undefined;
  const originalHeaders = headerBlock(message.returned);
  const recipient =
    address(field('Original-Rcpt-To')) ??
    address(field('Removal-Recipient')) ??
    address(JMRP_RECIPIENT.exec(message.returned)?.[1] ?? null) ??
    address(/^To:[ \t]*(.+)$/im.exec(originalHeaders)?.[1] ?? null) ??
    null;
  const feedbackType = (field('Feedback-Type') ?? 'abuse').toLowerCase().split(/[\s;]/)[0] || 'abuse';
  const userAgent = field('User-Agent') ?? (isJmrp ? 'Microsoft JMRP' : isYandex ? 'Yandex FBL' : null);
  const arrival = field('Arrival-Date') ?? field('Received-Date') ?? /^Date:[ \t]*(.+)$/im.exec(originalHeaders)?.[1] ?? null;
  return { recipient, feedbackType, userAgent, arrivalDate: isoDate(arrival) };
}

/** Amazon SES complaint notification: `complaint.complainedRecipients`, `complaintFeedbackType` … */
function fromSes(doc: Record<string, unknown>): ComplaintInfo {
  const complaint = (doc['complaint'] ?? {}) as Record<string, unknown>;
  const str = (value: unknown) => (typeof value === 'string' && value ? value : null);
  const first = (Array.isArray(complaint['complainedRecipients']) ? complaint['complainedRecipients'][0] : undefined) as Record<string, unknown> | undefined;
  return {
    recipient: address(str(first?.['emailAddress'])),
    feedbackType: (str(complaint['complaintFeedbackType']) ?? 'abuse').toLowerCase(),
    userAgent: str(complaint['userAgent']) ?? 'Amazon SES',
    arrivalDate: isoDate(str(complaint['arrivalDate']) ?? str(complaint['timestamp'])),
  };
}

function header(message: InboundMessage, name: string): string | undefined {
  return message.headers.get(name)?.[0];
}

function unfold(text: string): string {
  return text.replace(/\r\n/g, '\n').replace(/\n[ \t]+/g, ' ');
}

/** The header section of the first returned message (its body may quote other headers). */
function headerBlock(returned: string): string {
  const text = unfold(returned);
  const end = text.search(/\n\s*\n/);
  return end >= 0 ? text.slice(0, end) : text;
}

/** The address in a field, or null when absent or redacted ("redacted@aol.com", "xxx@…", "***"). */
function address(value: string | null): string | null {
  if (!value) return null;
  const match = /<?([^\s<>,;"'()]+@[^\s<>,;"'()]+)>?/.exec(value.replace(/^rfc822\s*;\s*/i, ''));
  const found = match?.[1]?.toLowerCase().replace(/[.,;:]+$/, '');
  if (!found || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(found)) return null;
  const local = found.split('@')[0] ?? '';
  if (/^(redacted|x+|\*+|removed|hidden|anonymous)$/i.test(local) || /\*{2,}|redacted/i.test(found)) return null;
  return found;
}

function isoDate(value: string | null): string | null {
  if (!value) return null;
  const ms = Date.parse(value.replace(/\s*\([^)]*\)\s*$/, ''));
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

import { createHash } from 'node:crypto';
import type { AddressObject, ParsedMail } from 'mailparser';
import { sanitizeHtml } from './html.sanitizer.js';

/** Metadata of one attachment (the bytes stay in the raw source). */
export interface AttachmentMeta {
  readonly filename: string | null;
  readonly contentType: string;
  readonly size: number;
  readonly contentId: string | null;
}

/** What the inbox needs from a message, parsed once; every field tolerates hostile input. */
export interface InboundMessage {
  /** Message-ID with angle brackets, or null. */
  readonly messageId: string | null;
  readonly inReplyTo: string | null;
  /** References as a list of ids with angle brackets. */
  readonly references: readonly string[];
  readonly from: { readonly address: string; readonly name: string | null } | null;
  /** Lower-cased addresses from To and Cc. */
  readonly to: readonly string[];
  /** Lower-cased Delivered-To / X-Original-To / Envelope-To addresses (where the MTA put it). */
  readonly deliveredTo: readonly string[];
  readonly subject: string | null;
  /** Date header in epoch ms, or null when missing or nonsense. */
  readonly date: number | null;
  /** Lower-cased header name → values (each unfolded). */
  readonly headers: ReadonlyMap<string, readonly string[]>;
  /** Media type of the top-level part, lower-cased, and its report-type parameter. */
  readonly contentType: string;
  readonly reportType: string | null;
  readonly text: string;
  /** Sanitised HTML, or null. */
  readonly html: string | null;
  readonly attachments: readonly AttachmentMeta[];
  /**
   * Text of the parts that return an original message (message/rfc822, text/rfc822-headers,
   * message/delivery-status when it came as an attachment): where bounces quote our headers.
   */
  readonly returned: string;
  /**
   * Text of the message/feedback-report parts (RFC 5965 ARF: Feedback-Type, User-Agent,
   * Original-Rcpt-To …), or '' when there is none: where complaint reports keep their fields.
   */
  readonly feedbackReport: string;
  /** Message-ID, or sha256 of the source when there is none: the dedupe key. */
  readonly key: string;
}

const RETURNED_TYPES = /^(message\/(rfc822|global|rfc822-headers|global-headers|delivery-status|global-delivery-status)|text\/(rfc822-headers|plain-headers))/i;
/** Text beyond this is cut before classification: no pattern needs more, and regexes stay cheap. */
const TEXT_LIMIT = 512 * 1024;

/**
 * Parses a raw message with mailparser. Never throws: broken MIME, bad encodings or plain binary
 * garbage give a message with whatever could be read (at worst only the dedupe key).
 */
export async function parseMessage(raw: Buffer): Promise<InboundMessage> {
  const key = `sha256:${createHash('sha256').update(raw).digest('hex')}`;
  let mail: ParsedMail | undefined;
  try {
    // mailparser is loaded with the first message parsed, not by every process that sends.
    const { simpleParser } = await import('mailparser');
    mail = await simpleParser(raw, { skipImageLinks: true, skipTextToHtml: true, maxHtmlLengthToParse: 2 * 1024 * 1024 });
  } catch {
    mail = undefined;
  }
  if (!mail) return emptyMessage(key);

  const headers = new Map<string, string[]>();
  for (const line of mail.headerLines ?? []) {
    const name = line.key.toLowerCase();
    const value = line.line.slice(line.line.indexOf(':') + 1).replace(/\r?\n[ \t]+/g, ' ').trim();
    const list = headers.get(name) ?? [];
    if (list.length < 100) list.push(value);
    headers.set(name, list);
  }
  const contentTypeHeader = mail.headers.get('content-type') as { value?: string; params?: Record<string, string> } | string | undefined;
  const contentType = (typeof contentTypeHeader === 'string' ? contentTypeHeader : contentTypeHeader?.value ?? 'text/plain').toLowerCase();
  const reportType = typeof contentTypeHeader === 'object' ? (contentTypeHeader?.params?.['report-type']?.toLowerCase() ?? null) : null;

  const attachments = (mail.attachments ?? []).slice(0, 500);
  const returned = attachments
    .filter((a) => RETURNED_TYPES.test(a.contentType ?? ''))
    .map((a) => a.content.subarray(0, TEXT_LIMIT).toString('utf8'))
    .join('\n');
  const feedbackReport = attachments
    .filter((a) => /^message\/feedback-report/i.test(a.contentType ?? ''))
    .map((a) => a.content.subarray(0, 64 * 1024).toString('utf8'))
    .join('\n');
  const fromValue = firstAddress(mail.from);
  const messageId = cleanId(mail.messageId);
  const references = (Array.isArray(mail.references) ? mail.references : mail.references ? [mail.references] : [])
    .flatMap((r) => String(r).match(/<[^<>\s]{1,400}>/g) ?? [])
    .slice(0, 200);
  const date = mail.date && !Number.isNaN(mail.date.getTime()) ? mail.date.getTime() : null;
  return {
    messageId,
    inReplyTo: cleanId(mail.inReplyTo),
    references,
    from: fromValue,
    to: [...addresses(mail.to), ...addresses(mail.cc)],
    deliveredTo: ['delivered-to', 'x-original-to', 'envelope-to', 'x-envelope-to']
      .flatMap((h) => headers.get(h) ?? [])
      .flatMap((v) => v.match(/[^\s<>,;"]+@[^\s<>,;"]+/g) ?? [])
      .map((a) => a.toLowerCase()),
    subject: mail.subject?.slice(0, 2000) ?? null,
    date,
    headers,
    contentType,
    reportType,
    text: (mail.text ?? '').slice(0, TEXT_LIMIT),
    html: typeof mail.html === 'string' ? sanitizeHtml(mail.html) : null,
    attachments: attachments.map((a) => ({
      filename: a.filename ?? null,
      contentType: a.contentType ?? 'application/octet-stream',
      size: a.size ?? a.content.length,
      contentId: a.contentId ?? null,
    })),
    returned,
    feedbackReport,
    key: messageId ?? key,
  };
}

function emptyMessage(key: string): InboundMessage {
  return {
    messageId: null,
    inReplyTo: null,
    references: [],
    from: null,
    to: [],
    deliveredTo: [],
    subject: null,
    date: null,
    headers: new Map(),
    contentType: 'application/octet-stream',
    reportType: null,
    text: '',
    html: null,
    attachments: [],
    returned: '',
    feedbackReport: '',
    key,
  };
}

/** A Message-ID as `<…>`, or null when absent or malformed (an id is at most 400 characters here). */
function cleanId(value: string | undefined): string | null {
  if (!value) return null;
  const match = /<[^<>\s]{1,400}>/.exec(value);
  if (match) return match[0];
  const bare = value.trim();
  return /^[^<>\s]{1,400}$/.test(bare) ? `<${bare}>` : null;
}

function addresses(value: AddressObject | AddressObject[] | undefined): string[] {
  const list = Array.isArray(value) ? value : value ? [value] : [];
  const out: string[] = [];
  const walk = (entries: AddressObject['value']) => {
    for (const entry of entries) {
      if (entry.address) out.push(entry.address.toLowerCase());
      if (entry.group) walk(entry.group);
    }
  };
  for (const item of list) walk(item.value);
  return out.slice(0, 500);
}

function firstAddress(value: AddressObject | AddressObject[] | undefined): InboundMessage['from'] {
  const first = (Array.isArray(value) ? value[0] : value)?.value.find((v) => v.address);
  return first?.address ? { address: first.address.toLowerCase(), name: first.name || null } : null;
}

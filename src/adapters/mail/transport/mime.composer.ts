import { randomBytes } from 'node:crypto';
import { buildHeaderValue, detectMimeType, encodeWords, foldLines } from 'nodemailer/lib/mime-funcs/index.js';
import MimeNode from 'nodemailer/lib/mime-node/index.js';
import type { ComposedAttachment } from './account.types.js';
import type { OutgoingEmail } from './email.transport.js';
import { systemClock } from '../../../platform/clock/index.js';

const CRLF = '\r\n';
// Headers whose value nodemailer's encoder treats as structured (addresses, ids, dates).
const STRUCTURED = new Set(['from', 'sender', 'to', 'cc', 'bcc', 'reply-to', 'message-id', 'in-reply-to', 'content-id', 'references', 'date', 'otp-token', 'content-type', 'content-disposition']);
// An unstructured value nodemailer's encoder leaves as it is: printable ASCII, no quote, no encoded-word.
const PLAIN_TEXT = /^[\x20\x21\x23-\x7e]*$/;
// Characters that can not go out unencoded in a 7bit text part.
const CONTROL = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/;
const LONG_LINE = /[^\r\n]{999}/;
const NON_ASCII = /[^\x00-\x7f]/;
// A bare address nodemailer's encoder writes back unchanged: a dot-atom local part and an ASCII
// domain already in lower case (it lower-cases domains).
const PLAIN_ADDRESS = /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)*$/;
const PLAIN_ADDRESS_HEADERS = new Set(['to', 'cc', 'reply-to']);
// A Message-ID nodemailer's encoder writes back unchanged: angle brackets around printable ASCII.
const PLAIN_MESSAGE_ID = /^<[\x21-\x3b\x3d\x3f-\x7e]+>$/;

/**
 * A piece of the message as {@link assemble} writes it: a string (UTF-8), finished bytes, or
 * base64 text still to be broken into lines of 76 — written straight into the message, so the
 * encoded text never exists as a Buffer of its own.
 */
type Chunk = string | Buffer | Base64Text;

/** Base64 without line breaks; {@link assemble} writes it in lines of 76 (RFC 2045). */
class Base64Text {
  constructor(readonly encoded: string) {}
}

/** An encoded MIME body part: its header block (no final CRLF) and its encoded content, as chunks. */
interface EncodedPart {
  readonly headers: string;
  readonly body: readonly Chunk[];
  /** The 7bit (unencoded) texts inside, which a boundary must not occur in. */
  readonly plain: readonly string[];
}

/**
 * Builds the RFC 5322 message for an {@link OutgoingEmail} in one pass, for handing to nodemailer
 * as `raw`. nodemailer's own MIME tree (streams per node, quoted-printable in JavaScript, a scan
 * of every text to choose its encoding) was the largest single cost of a bulk send; here:
 *
 * - header values are encoded with nodemailer's own `MimeNode.encodeHeaderValue` (RFC 2047 words
 *   for non-ASCII names and subjects, punycode, angle brackets), so they read exactly as before,
 *   and the encoded line is cached, since most headers repeat for every recipient of a campaign;
 * - a text part that is plain ASCII with lines of at most 998 characters goes out as 7bit, any
 *   other part as base64 (Node's native encoder) in lines of 76 — UTF-8 text in base64 is what
 *   spam filters expect of CJK mail (SpamAssassin's MIME_BASE64_TEXT exempts UTF-8);
 * - an attachment's encoding is cached by its content Buffer, so a template's static file is
 *   encoded once per process, not once per recipient.
 *
 * The structure is nodemailer's: text only → text/plain; text + HTML → multipart/alternative;
 * attachments → multipart/mixed around that. Line ends are CRLF throughout (DKIM signs what is sent).
 */
export class MimeComposer {
  private readonly encoder = new MimeNode(false, {});
  /** The last value and encoded line per header name: most repeat for a whole campaign (From, Subject, Precedence…). */
  private readonly headerLines = new Map<string, { readonly value: string; readonly line: string }>();
  private readonly attachmentBodies = new WeakMap<Buffer, Buffer>();
  private readonly cleanKeys = new Map<string, string>();
  private readonly boundaryBase = randomBytes(9).toString('base64url');
  private boundaries = 0;
  private dateSecond = -1;
  private dateValue = '';

  /** The whole message, CRLF line ends, ready for SMTP DATA. `now` dates it unless `message.headers` has a Date. */
  compose(message: OutgoingEmail, now: Date = systemClock.date()): Buffer {
    const fields = new Map<string, string>();
    // The template's and pipeline's extra headers first, so the fields below win on a clash.
    for (const key in message.headers) {
      const value = message.headers[key];
      if (value === undefined || !Object.hasOwn(message.headers, key)) continue;
      const clean = this.cleanKey(key);
      if (clean) fields.set(clean.toLowerCase(), this.headerLine(clean, value));
    }
    fields.set('from', this.headerLine('From', message.from));
    fields.set('to', this.headerLine('To', message.to));
    if (message.replyTo) fields.set('reply-to', this.headerLine('Reply-To', message.replyTo));
    fields.set('subject', this.headerLine('Subject', message.subject));
    fields.set('message-id', this.headerLine('Message-ID', message.messageId));
    if (!fields.has('date')) fields.set('date', this.headerLine('Date', this.date(now)));
    fields.set('mime-version', this.headerLine('MIME-Version', '1.0'));
    fields.delete('content-type');
    fields.delete('content-transfer-encoding');

    const body = this.body(message);
    return assemble([[...fields.values(), body.headers].join(CRLF) + CRLF + CRLF, ...body.body, CRLF]);
  }

  private body(message: OutgoingEmail): EncodedPart {
    const text = textPart(message.text, 'text/plain');
    const content = message.html ? this.multipart('alternative', [text, textPart(message.html, 'text/html')]) : text;
    const attachments = message.attachments ?? [];
    if (attachments.length === 0) return content;
    return this.multipart('mixed', [content, ...attachments.map((a) => this.attachmentPart(a))]);
  }

  private multipart(subtype: 'alternative' | 'mixed', parts: readonly EncodedPart[]): EncodedPart {
    // base64 has no '_', so no encoded part can hold the boundary; a 7bit part could in theory,
    // which is checked.
    const plain = parts.flatMap((p) => p.plain);
    let boundary = this.boundary();
    while (plain.some((text) => text.includes(boundary))) boundary = this.boundary();
    const body: Chunk[] = [];
    for (const [i, part] of parts.entries()) {
      body.push(`${i === 0 ? '' : CRLF}--${boundary}${CRLF}${part.headers}${CRLF}${CRLF}`, ...part.body);
    }
    body.push(`${CRLF}--${boundary}--`);
    return { headers: foldLines(`Content-Type: multipart/${subtype}; boundary="${boundary}"`, 76), body, plain };
  }

  private attachmentPart(attachment: ComposedAttachment): EncodedPart {
    const { filename } = attachment;
    const type = (attachment.contentType ?? detectMimeType(filename)).replace(/[\r\n]/g, '');
    // Like nodemailer: RFC 2231 filename in the disposition, and an encoded-word name in the
    // content type for clients (QQ webmail) that only read that one.
    let name = encodeWords(filename, textEncodingOf(filename), 52, true);
    if (name !== filename || /[\s'"\\;:/=(),<>@[\]?]|^-/.test(name)) name = JSON.stringify(name);
    const headers = [
      foldLines(`Content-Type: ${type}; name=${name}`, 76),
      'Content-Transfer-Encoding: base64',
      foldLines(`Content-Disposition: ${buildHeaderValue({ value: 'attachment', params: { filename } })}`, 76),
    ].join(CRLF);
    return { headers, body: [this.attachmentBody(attachment.content)], plain: [] };
  }

  private attachmentBody(content: Buffer | string): Chunk {
    if (typeof content === 'string') return base64Of(content);
    let body = this.attachmentBodies.get(content);
    if (body === undefined) {
      body = assemble([new Base64Text(content.toString('base64'))]);
      this.attachmentBodies.set(content, body);
    }
    return body;
  }

  /** A header name without the characters a field name can not hold (as nodemailer strips them); the same few names repeat. */
  private cleanKey(key: string): string {
    let clean = this.cleanKeys.get(key);
    if (clean === undefined) {
      clean = key.replace(/[\s\x00-\x20\x7f:]/g, '');
      if (this.cleanKeys.size >= 1000) this.cleanKeys.clear();
      this.cleanKeys.set(key, clean);
    }
    return clean;
  }

  /** `Key: value` encoded as nodemailer encodes it, folded at 76; the last line per header name is kept. */
  private headerLine(key: string, value: string | { readonly name: string; readonly address: string }): string {
    const memo = typeof value === 'string' ? value : `${value.name}\n${value.address}`;
    const hit = this.headerLines.get(key);
    if (hit && hit.value === memo) return hit.line;
    let line: string;
    if (typeof value === 'string' && isPlainValue(key.toLowerCase(), value, value.length + key.length < 74)) {
      // What encodeHeaderValue (and foldLines) would return for it, without the encoder's work
      // (the recipient, Message-ID, Reply-To and unsubscribe link change with every message, so
      // the cache above never helps them).
      line = value.length + key.length < 74 ? `${key}: ${value}` : foldLines(`${key}: ${value}`, 76);
    } else {
      const encoded = this.encoder.encodeHeaderValue(key, typeof value === 'string' ? value : { name: value.name, address: value.address });
      line = foldLines(`${key}: ${encoded}`, 76);
    }
    this.headerLines.set(key, { value: memo, line });
    return line;
  }

  private boundary(): string {
    this.boundaries = (this.boundaries + 1) % 1_000_000_000;
    return `--_TdG-${this.boundaryBase}-${this.boundaries.toString(36)}`;
  }

  /** RFC 5322 date as nodemailer writes it, computed once per second. */
  private date(now: Date): string {
    const second = Math.floor(now.getTime() / 1000);
    if (second !== this.dateSecond) {
      this.dateSecond = second;
      this.dateValue = now.toUTCString().replace(/GMT/, '+0000');
    }
    return this.dateValue;
  }
}

/**
 * True when nodemailer's encoder would write `value` for header `name` (lower case) as it is.
 * Addresses and Message-IDs only when `short` (the line needs no folding); an unstructured
 * text of any length (folding it is foldLines' work either way).
 */
function isPlainValue(name: string, value: string, short: boolean): boolean {
  if (PLAIN_ADDRESS_HEADERS.has(name)) return short && PLAIN_ADDRESS.test(value);
  if (name === 'message-id') return short && PLAIN_MESSAGE_ID.test(value);
  return PLAIN_TEXT.test(value) && !value.includes('=?') && !STRUCTURED.has(name);
}

/**
 * A text/plain or text/html part: 7bit when it is ASCII with lines of at most 998 characters,
 * else base64. Line ends become CRLF (text's canonical form, RFC 2046 4.1.1), except in base64
 * HTML, where nodemailer leaves them too and a browser does not care: that saves a pass over
 * the largest string of the message.
 */
function textPart(content: string, type: 'text/plain' | 'text/html'): EncodedPart {
  const canonical = (value: string) => value.replace(/\r\n|\r|\n/g, CRLF);
  // A regular expression, not Buffer.byteLength: it flattens the merged text (a deep rope of
  // Handlebars' pieces) in one pass, where the UTF-8 length walks the rope piece by piece.
  if (!NON_ASCII.test(content) && !CONTROL.test(content) && !LONG_LINE.test(content)) {
    const text = canonical(content);
    return { headers: `Content-Type: ${type}; charset=utf-8${CRLF}Content-Transfer-Encoding: 7bit`, body: [text], plain: [text] };
  }
  const encoded = base64Of(type === 'text/plain' ? canonical(content) : content);
  return { headers: `Content-Type: ${type}; charset=utf-8${CRLF}Content-Transfer-Encoding: base64`, body: [encoded], plain: [] };
}

/** Texts up to this many UTF-16 units are encoded through the shared scratch buffer (3 bytes per unit at most). */
const SCRATCH_UNITS = 256 * 1024;
let scratch = Buffer.allocUnsafeSlow(0);

/**
 * The base64 of `text`'s UTF-8 bytes. The bytes go through one scratch buffer kept for the
 * process (composing is synchronous), not a new Buffer per message part.
 */
function base64Of(text: string): Base64Text {
  if (text.length > SCRATCH_UNITS) return new Base64Text(Buffer.from(text, 'utf8').toString('base64'));
  if (scratch.length < text.length * 3) scratch = Buffer.allocUnsafeSlow(Math.max(text.length * 3, 64 * 1024));
  const length = scratch.write(text, 0, 'utf8');
  return new Base64Text(scratch.toString('base64', 0, length));
}

/** Bytes {@link assemble} writes for a chunk. */
function chunkLength(chunk: Chunk): number {
  if (typeof chunk === 'string') return Buffer.byteLength(chunk, 'utf8');
  if (Buffer.isBuffer(chunk)) return chunk.length;
  const length = chunk.encoded.length;
  return length === 0 ? 0 : length + 2 * Math.floor((length - 1) / 76);
}

/**
 * Writes the chunks into one Buffer of the exact size: the only copy of the message. Base64 is
 * written in one piece at the end of its slot and its lines are then moved forward into place
 * (copyWithin, a memmove), with CRLF between them: line i moves 2 × (lines left) bytes, never
 * over a line not yet moved.
 */
function assemble(chunks: readonly Chunk[]): Buffer {
  let total = 0;
  for (const chunk of chunks) total += chunkLength(chunk);
  const out = Buffer.allocUnsafe(total);
  let at = 0;
  for (const chunk of chunks) {
    if (typeof chunk === 'string') {
      at += out.write(chunk, at, 'utf8');
    } else if (Buffer.isBuffer(chunk)) {
      at += chunk.copy(out, at);
    } else {
      const { encoded } = chunk;
      if (encoded.length === 0) continue;
      const breaks = Math.floor((encoded.length - 1) / 76);
      const start = at + 2 * breaks;
      out.write(encoded, start, 'latin1');
      for (let line = 0; line < breaks; line++) {
        const to = at + 78 * line;
        const from = start + 76 * line;
        out.copyWithin(to, from, from + 76);
        out[to + 76] = 13;
        out[to + 77] = 10;
      }
      at = start + encoded.length;
    }
  }
  return out;
}

/** nodemailer's choice of RFC 2047 encoding: Q for mostly-Latin text, B otherwise. */
function textEncodingOf(value: string): 'Q' | 'B' {
  let nonLatin = 0;
  let latin = 0;
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code >= 0x80 || (code <= 0x1f && code !== 0x09 && code !== 0x0a && code !== 0x0d)) nonLatin++;
    else if ((code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a)) latin++;
  }
  return nonLatin < latin ? 'Q' : 'B';
}

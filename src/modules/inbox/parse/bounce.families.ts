import type { InboundMessage } from './message.parser.js';

/*
 * Where each MTA family puts the failed address when it does not write an RFC 3464 report (or
 * writes one we cannot read). Written from the public descriptions of those formats; each
 * pattern's group 1 is the address, and the first hit wins, so the specific ones come first and
 * the guesses ("the first <address> on a line of its own") last.
 */

const ADDR = String.raw`[^\s<>()\[\]"',;:]+@[^\s<>()\[\]"',;:]+`;
const re = (source: string, flags = 'im') => new RegExp(source.replaceAll('ADDR', ADDR), flags);

/** Patterns tried on the human-readable part of a bounce (its text, not the returned message). */
export const BODY_RECIPIENT: readonly RegExp[] = [
  // DragonFly Mail Agent (dma, also behind Daum's relays): "There was an error delivering your mail to <x>."
  re(String.raw`error delivering your mail to\s*<(ADDR)>`),
  // MailFoundry: "Unable to deliver message to: <x>"
  re(String.raw`unable to deliver message to:\s*<?(ADDR)>?`),
  // KDDI / au: "    Could not be delivered to: <x>"
  re(String.raw`could not be delivered to:\s*<?(ADDR)>?`),
  // MailMarshal: "The following recipients were affected:\n    x"
  re(String.raw`following recipients were affected:\s*\n\s*<?(ADDR)>?`),
  // X6-style: "SMTP Server <mx> rejected recipient <x>" / "returned permanent errors: x."
  re(String.raw`rejected recipient\s*<(ADDR)>`),
  re(String.raw`returned permanent errors:\s*<?(ADDR)>?`),
  // Zoho: "x Invalid Address, ERROR_CODE :550" / "[Status: Error, Address: <x>, ResponseCode 421"
  re(String.raw`^\s*<?(ADDR)>?\s+[^\n]{0,80}ERROR_CODE\s*:`),
  re(String.raw`\[Status:\s*\w+,\s*Address:\s*<(ADDR)>`),
  // Mimecast: "-- x" under "could not be delivered"
  re(String.raw`^--\s+<?(ADDR)>?\s*$`),
  // IMail: "Unknown user: x" / "undeliverable to x"
  re(String.raw`^(?:unknown user|user unknown|invalid final delivery userid|unknown host|mailbox full|user mailbox exceeds allowed size)[^:\n]{0,30}:\s*<?(ADDR)>?`),
  re(String.raw`^undeliverable to\s+<?(ADDR)>?`),
  // mFILTER: "以下のメールアドレスへの送信に失敗しました。\nx"
  re(String.raw`送信に失敗しました。?\s*\n\s*<?(ADDR)>?\s*$`),
  // X1-style: "x [User unknown]" under "---The following addresses had delivery errors---"
  re(String.raw`addresses had delivery (?:errors|problems)\s*-*\s*\n\s*\n?\s*<?(ADDR)>?`),
  // FML list servers: "You are not a member of this mailing list <x>."
  re(String.raw`not (?:a )?member[^<\n]{0,60}<(ADDR)>`),
  // Postfix, qmail, X2, Courier: "<x>: reason" / "<x> (expanded from <y>): reason"
  re(String.raw`^<(ADDR)>(?: \(expanded from [^)]*\))?:`),
  // OpenSMTPD: "x: 550 5.1.1 …" after "the following list of recipients:"
  re(String.raw`following list of recipients:\s*\n\s*\n?\s*<?(ADDR)>?:`),
  // Exim: "following address(es) failed:\n\n  x\n    reason"
  // (GMX and 1&1 wrap the sentence and quote the address: "The following address\nfailed:\n\n\"x\":")
  re(String.raw`following\s+address(?:\(es\)|es)?\s+failed:\s*\n\s*\n?\s*["<]?(ADDR)[">]?:?(?:\s|$)`),
  // Sendmail: "----- The following addresses had permanent fatal errors -----\n<x>"
  re(String.raw`following addresses had (?:permanent fatal errors|transient non-fatal errors)\s*-*\s*\n\s*<?(ADDR)>?\s`),
  // Gmail and others: "wasn't delivered to x because" / "Delivery to the following recipient failed"
  re(String.raw`(?:wasn't|was not|couldn't be|could not be|cannot be) delivered to\s*:?\s*\n?\s*<?(ADDR)>?[\s.,]`),
  re(String.raw`delivery to the following recipients? (?:failed|has been delayed)[^\n]*\n\s*\n?\s*<?(ADDR)>?\s`),
  // Exchange 2007+ / Office 365
  re(String.raw`your message to\s+<?(ADDR)>?\s+couldn't be delivered`),
  re(String.raw`delivery has failed to these recipients or (?:groups|distribution lists):\s*\n\s*\n?\s*(?:[^\n@]*?[<(\[]|mailto:)?(ADDR)`),
  // Exchange 2003: "The following recipient(s) cannot be reached:\n\n      x on 1/2/2010"
  re(String.raw`following recipient\(?s?\)? (?:cannot|could not) be reached:\s*\n\s*\n?\s*(?:[^\n<]*<)?(ADDR)>?\s`),
  re(String.raw`did not reach the following recipient(?:\(s\)|s)?:\s*\n\s*\n?\s*<?(ADDR)>?\s`),
  // Domino: "was not delivered to:\n\n  x\n\nbecause:"
  re(String.raw`was not delivered to:\s*\n\s*\n?\s*<?(ADDR)>?`),
  // Oracle / Sun Messaging Server: "Recipient address: x" (and "Original address: x")
  re(String.raw`^\s*recipient address:\s*<?(ADDR)>?`),
  // Yahoo: "unable to deliver your message to the following address.\n\n<x>:"
  re(String.raw`unable to deliver (?:your )?message to the following address(?:\(es\)|es)?\.?\s*\n\s*\n?\s*<?(ADDR)>?[\s:]`),
  // iCloud and others: "Your message could not be delivered to x"
  // QQ / 163 / Sina / Sohu / Aliyun: "收件人：x", "收信人地址: x", "无法发送到 x"
  re(String.raw`(?:收件人|收信人|收件地址|收件人地址|收信地址|原收件人|接收者|接收人)\s*(?:地址)?\s*[:：]?\s*[(（]?<?(ADDR)>?`, 'm'),
  re(String.raw`(?:无法发送到|无法投递到|发送到|投递到|不能发送到|发往)\s*<?(ADDR)>?`, 'm'),
  // Naver / Daum / Korean relays: "받는 사람 : x", "수신자: x"
  re(String.raw`(?:받는\s*사람|받는\s*이|수신자|수신인)\s*[:：]?\s*<?(ADDR)>?`, 'm'),
  // Japanese relays: "宛先: x", "送信先: x"
  re(String.raw`(?:宛先|あて先|送信先)(?:アドレス)?\s*[:：]\s*<?(ADDR)>?`, 'm'),
  // mail.ru / Yandex in Russian: "по адресу: x", "адресату x"
  re(String.raw`(?:по адресу|адресату|получателю|получатель)\s*:?\s*<?(ADDR)>?`),
  // German, French, Spanish, Portuguese wordings of "could not be delivered to"
  re(String.raw`(?:konnte nicht (?:an|zugestellt werden an)|n'a pas pu être remis à|no se pudo entregar a|não pôde ser entregue a|não foi possível entregar a)\s*:?\s*<?(ADDR)>?`),
  // Apache James: "Failed recipient(s):\nx"
  re(String.raw`failed recipient\(?s?\)?:\s*\n?\s*<?(ADDR)>?`),
  // Apache James, Verizon, a transcript: "RCPT TO: x" / ">>> RCPT To:<x>"
  re(String.raw`RCPT TO:\s*<?(ADDR)>?`),
  // Generic: the first "<x>" on a line of its own.
  re(String.raw`^\s*<(ADDR)>\s*$`),
  // Generic (FML's "Duplicated Message-ID in <x>."): a sentence ending with "<x>", not a header line.
  re(String.raw`^(?![\w-]+:\s)[^\n<>]{0,80}<(ADDR)>\.?\s*$`),
];

/** A recipient and diagnostic read from a provider's machine-readable notification. */
export interface FamilyHit {
  readonly recipient: string | null;
  readonly status: string | null;
  readonly diagnostic: string | null;
  /** Permanent/transient when the notification says it. */
  readonly hard: boolean | null;
}

/**
 * Amazon SES notifications delivered by email (SNS): a JSON document with
 * `"notificationType":"Bounce"` and `bounce.bouncedRecipients`. Null when the text is not one.
 */
export function sesBounce(text: string): FamilyHit | null {
  if (!/notificationType\\?"\s*:\s*\\?"Bounce/.test(text)) return null;
  const doc = sesDocument(text);
  const bounce = (doc?.['bounce'] ?? null) as { bounceType?: string; bouncedRecipients?: Array<Record<string, unknown>> } | null;
  const first = bounce?.bouncedRecipients?.[0];
  if (!first) return null;
  const str = (value: unknown) => (typeof value === 'string' && value ? value : null);
  return {
    recipient: str(first['emailAddress']),
    status: str(first['status']),
    diagnostic: str(first['diagnosticCode'])?.replace(/^smtp;\s*/i, '') ?? null,
    hard: bounce?.bounceType === 'Permanent' ? true : bounce?.bounceType === 'Transient' ? false : null,
  };
}

/** Amazon SES complaint notifications (`"notificationType":"Complaint"`), as a parsed document. */
export function sesComplaint(text: string): Record<string, unknown> | null {
  if (!/notificationType\\?"\s*:\s*\\?"Complaint/.test(text)) return null;
  const doc = sesDocument(text);
  return doc && typeof doc['complaint'] === 'object' ? doc : null;
}

/** The SES document: the body itself, or the SNS envelope's "Message" string. */
function sesDocument(text: string): Record<string, unknown> | null {
  // SNS e-mail notifications wrap long lines ("!\n "); the JSON is whole once they are joined.
  for (const candidate of [text, text.replace(/!\r?\n /g, '')]) {
    const start = candidate.indexOf('{');
    const end = candidate.lastIndexOf('}');
    if (start < 0 || end <= start) continue;
    try {
      let doc = JSON.parse(candidate.slice(start, end + 1)) as Record<string, unknown>;
      if (typeof doc['Message'] === 'string') doc = JSON.parse(doc['Message']) as Record<string, unknown>;
      return doc;
    } catch {
      // Not JSON as a whole: fall back to reading the fields one by one.
    }
  }
  return sesFields(text.replace(/!\r?\n /g, '').replace(/\\"/g, '"'));
}

/** The fields of a notification whose JSON does not parse (cut, re-wrapped, quoted). */
function sesFields(text: string): Record<string, unknown> | null {
  const field = (name: string) => new RegExp(`"${name}"\\s*:\\s*"([^"]*)"`).exec(text)?.[1];
  const email = field('emailAddress');
  if (!email) return null;
  const type = field('notificationType');
  if (type === 'Complaint') {
    return { notificationType: type, complaint: { complainedRecipients: [{ emailAddress: email }], complaintFeedbackType: field('complaintFeedbackType'), userAgent: field('userAgent'), arrivalDate: field('arrivalDate') ?? field('timestamp') } };
  }
  return { notificationType: type, bounce: { bounceType: field('bounceType'), bouncedRecipients: [{ emailAddress: email, status: field('status'), diagnosticCode: field('diagnosticCode') }] } };
}

/** Headers and senders that mark a message as an MTA's report whatever its subject says. */
export function familyMarker(message: InboundMessage): string | null {
  const h = (name: string) => message.headers.get(name)?.[0] ?? '';
  const received = (message.headers.get('received') ?? []).join('\n');
  const from = message.from?.address ?? '';
  const subject = message.subject ?? '';
  if (/DragonFly Mail Agent/i.test(received) || /This is the DragonFly Mail Agent/.test(message.text)) return 'dragonfly';
  if (subject.trim() === '[BOUNCE]' || /JAMES SMTP Server/i.test(received) || (/\.JavaMail\./.test(h('message-id')) && /^Message details:/m.test(message.text))) return 'apache-james';
  if (h('x-mlserver') && /-admin@/i.test(from) && /\.FML/i.test(h('message-id'))) return 'fml';
  if (/\(MAILFOUNDRY\) id/i.test(received)) return 'mailfoundry';
  if (/^Undeliverable Mail: "/.test(subject)) return 'mailmarshal';
  if (/Email Delivery Failure/i.test(subject) || /\.mimecast\.lan>$/i.test(h('message-id'))) return 'mimecast';
  if (/^There was an error sending your mail/i.test(subject)) return 'x6';
  if (h('x-zohomail') && /ERROR_CODE\s*:|\[Status:\s*\w+,\s*Address:/i.test(message.text)) return 'zoho';
  if (/^m-FILTER/i.test(h('x-mailer'))) return 'mfilter';
  if (/^<SMTP32 v/i.test(h('x-mailer'))) return 'imail';
  if (/post_master@vtext\.|sysadmin@[\w.-]*\.vzwpix\.com/i.test(from)) return 'verizon';
  if ((/\.dion\.ne\.jp$/i.test(from) || /ezweb\.ne\.jp \(|\.au\.com \(/.test(received)) && /Could not be delivered to:/i.test(message.text)) return 'kddi';
  if (/notificationType\\?"\s*:\s*\\?"Bounce/.test(message.text) && /amazonses|aws|sns/i.test(`${from} ${message.text.slice(0, 4000)}`)) return 'amazon-ses';
  return null;
}

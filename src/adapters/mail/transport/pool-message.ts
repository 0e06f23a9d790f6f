import type { Readable } from 'node:stream';
import type DKIM from 'nodemailer/lib/dkim/index.js';
import MimeNode from 'nodemailer/lib/mime-node/index.js';
import type MailMessage from 'nodemailer/lib/mailer/mail-message.js';

/** An SMTP envelope: the MAIL FROM and RCPT TO addresses. */
export interface Envelope {
  readonly from: string;
  readonly to: readonly string[];
}

// A plain ASCII address needs no normalisation (no IDN domain to punycode, nothing to strip).
const PLAIN_ADDRESS = /^[\x21-\x7e]+$/;

/**
 * The envelope as nodemailer's Mailer would normalise it: punycoded IDN domains, stray characters
 * removed. Plain ASCII addresses (nearly all) skip the address parser.
 */
export function normalizeEnvelope(envelope: Envelope): Envelope {
  if (PLAIN_ADDRESS.test(envelope.from) && envelope.to.every((a) => PLAIN_ADDRESS.test(a))) return envelope;
  const normalized = new MimeNode(false, {}).setEnvelope({ from: envelope.from, to: [...envelope.to] }).getEnvelope();
  return { from: normalized.from || envelope.from, to: normalized.to };
}

/**
 * What nodemailer's SMTP pool reads of a message it is given (`SMTPPool.send(mail, callback)`):
 * `mail.data` (signal, dsn, requireTLS options — none here) and `mail.message`'s envelope, id,
 * header and content stream. Handing the pool this instead of going through `Mailer.sendMail`
 * skips building a MailMessage and a MimeNode tree around bytes that are already final: the
 * content is the finished message, which the connection writes in one piece (or the DKIM
 * signer's stream when the account signs). The pool's own behaviour — connection reuse,
 * `maxRequeues: 0`, errors — is unchanged; the fault-injection tests cover it.
 */
export function poolMessage<Info>(raw: Buffer, envelope: Envelope, messageId: string, dkim?: DKIM): MailMessage<Info> {
  return { data: {}, message: new PoolMessage(raw, envelope, messageId, dkim) } as unknown as MailMessage<Info>;
}

/** The `mail.message` of {@link poolMessage}: a class, so a message costs one object, not four closures. */
class PoolMessage {
  constructor(
    private readonly raw: Buffer,
    private readonly envelope: Envelope,
    private readonly id: string,
    private readonly dkim: DKIM | undefined,
  ) {}

  getEnvelope(): { from: string; to: string[] } {
    return { from: this.envelope.from, to: [...this.envelope.to] };
  }

  messageId(): string {
    return this.id.replace(/[<>\s]/g, '');
  }

  getHeader(key: string): string | undefined {
    return key.toLowerCase() === 'message-id' ? this.id : undefined;
  }

  /** SMTPConnection.send writes a Buffer as it is; a stream (the signer's) is piped. */
  createReadStream(): Readable | Buffer {
    return this.dkim ? this.dkim.sign(this.raw) : this.raw;
  }
}

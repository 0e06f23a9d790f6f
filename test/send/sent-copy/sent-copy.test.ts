import type { ListResponse } from 'imapflow';
import { describe, expect, it } from 'vitest';
import type { Campaign } from '../../../src/modules/sending/index.js';
import { copiesToSent, pickSentFolder, SentCopyTransport, type SentFolderAppender } from '../../../src/modules/sending/sent-copy/index.js';
import { SendFailure, type EmailTransport, type OutgoingEmail, type SendReceipt } from '../../../src/adapters/mail/transport/email.transport.js';

const folder = (path: string, extra: Partial<ListResponse> = {}): ListResponse => {
  const parts = path.split(/[./]/);
  return {
    path,
    pathAsListed: path,
    name: parts.at(-1)!,
    delimiter: path.includes('/') ? '/' : '.',
    parent: parts.slice(0, -1),
    parentPath: parts.slice(0, -1).join('.'),
    flags: new Set(),
    listed: true,
    subscribed: true,
    ...extra,
  };
};

describe('pickSentFolder', () => {
  it('prefers the folder the server flags \\Sent, then common names, then imapflow guesses', () => {
    expect(pickSentFolder([folder('INBOX'), folder('Sent'), folder('Gesendet', { specialUse: '\\Sent', specialUseSource: 'extension' })])).toBe('Gesendet');
    expect(pickSentFolder([folder('INBOX'), folder('Sent Items'), folder('Sent Messages')])).toBe('Sent Messages');
    expect(pickSentFolder([folder('INBOX'), folder('已发送')])).toBe('已发送');
    expect(pickSentFolder([folder('INBOX'), folder('INBOX.Sent')])).toBe('INBOX.Sent');
    expect(pickSentFolder([folder('INBOX'), folder('Archive.Sent')])).toBeUndefined();
    expect(pickSentFolder([folder('INBOX'), folder('Envoyés', { specialUse: '\\Sent', specialUseSource: 'name' })])).toBe('Envoyés');
    expect(pickSentFolder([folder('INBOX'), folder('Drafts')])).toBeUndefined();
  });
});

describe('copiesToSent', () => {
  const campaign = (kind: 'bulk' | 'oneoff', copy_to_sent?: number | null) => ({ kind, ...(copy_to_sent === undefined ? {} : { copy_to_sent }) }) as unknown as Campaign;
  it('is on for one-offs and off for bulk unless the campaign says otherwise', () => {
    expect(copiesToSent(campaign('oneoff'))).toBe(true);
    expect(copiesToSent(campaign('bulk', null))).toBe(false);
    expect(copiesToSent(campaign('bulk', 1))).toBe(true);
    expect(copiesToSent(campaign('oneoff', 0))).toBe(false);
  });
});

const email = (extra: Partial<OutgoingEmail> = {}): OutgoingEmail => ({
  from: { name: 'Li Sales', address: 'li@example.test' },
  to: 'customer@example.test',
  subject: 'Your quote',
  text: 'Hello, here is the quote.',
  messageId: '<tid.abc@example.test>',
  headers: { 'X-Tidings-Trace': 'abc' },
  ...extra,
});

/** A transport that records what it was given, and an appender that records or refuses. */
function harness(options: { sendFails?: boolean; appendFails?: boolean } = {}) {
  const sent: OutgoingEmail[] = [];
  const appended: Buffer[] = [];
  const inner: EmailTransport = {
    async send(message): Promise<SendReceipt> {
      if (options.sendFails) throw new SendFailure('permanent', '550 no such user', 550);
      sent.push(message);
      return { messageId: message.messageId, response: '250 ok' };
    },
    async close() {},
  };
  const appender = {
    async append(raw: Buffer) {
      if (options.appendFails) throw new Error('NO [OVERQUOTA] Quota exceeded');
      appended.push(raw);
      return { folder: 'Sent' };
    },
    async close() {},
  } as unknown as SentFolderAppender;
  return { sent, appended, transport: new SentCopyTransport(inner, appender, { accountKey: 'mail:1' }) };
}

describe('SentCopyTransport', () => {
  it('appends the sent message, with the Date it was sent with, only when asked', async () => {
    const h = harness();
    await h.transport.send(email());
    await h.transport.flush();
    expect(h.appended).toHaveLength(0);
    expect(h.sent[0]!.headers).not.toHaveProperty('Date');

    await h.transport.send(email({ copyToSent: true }));
    await h.transport.flush();
    expect(h.appended).toHaveLength(1);
    const date = h.sent[1]!.headers['Date'];
    expect(date).toMatch(/^\w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} \+0000$/);
    const raw = h.appended[0]!.toString('utf8');
    expect(raw).toMatch(/^Message-ID: <tid\.abc@example\.test>\r$/m);
    expect(raw).toContain(`Date: ${date}\r\n`);
    expect(raw).toMatch(/^X-Tidings-Trace: abc\r$/m);
    expect(h.transport.counts).toEqual({ appended: 1, failed: 0 });
  });

  it('a failed append leaves the send successful and is counted; a failed send is not copied', async () => {
    const failing = harness({ appendFails: true });
    await expect(failing.transport.send(email({ copyToSent: true }))).resolves.toMatchObject({ response: '250 ok' });
    await failing.transport.flush();
    expect(failing.sent).toHaveLength(1);
    expect(failing.transport.counts).toEqual({ appended: 0, failed: 1 });

    const refused = harness({ sendFails: true });
    await expect(refused.transport.send(email({ copyToSent: true }))).rejects.toBeInstanceOf(SendFailure);
    await refused.transport.flush();
    expect(refused.appended).toHaveLength(0);
  });
});

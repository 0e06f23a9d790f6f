import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import { simpleParser, type AddressObject } from 'mailparser';
import { describe, expect, it, vi } from 'vitest';
import type { OutgoingEmail } from '../../../src/adapters/mail/transport/email.transport.js';
import { MimeComposer } from '../../../src/adapters/mail/transport/mime.composer.js';

const html = `<!doctype html><html><body><h1>新春快乐，张先生！</h1>${'<p>春节特惠：全场八折，欢迎选购。Spring sale, 20% off everything.</p>\n'.repeat(60)}<a href="https://tidings.example.test/u/tok">退订</a></body></html>`;

const email = (overrides: Partial<OutgoingEmail> = {}): OutgoingEmail => ({
  from: { name: '李经理 (Tidings 销售部)', address: 'sales@example.test' },
  to: 'zhang.wei@example.test',
  replyTo: 'sales+tok123@example.test',
  subject: '新春快乐！Spring Festival offer 2027',
  text: '张先生，您好：\n\n春节特惠，全场八折。\n退订：https://tidings.example.test/u/tok',
  html,
  messageId: '<tok123@example.test>',
  headers: {
    'X-Tidings-Trace': 'tok123',
    'List-Unsubscribe': '<https://tidings.example.test/u/tok123>, <mailto:sales@example.test?subject=unsubscribe%20tok123>',
    'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    Precedence: 'bulk',
  },
  ...overrides,
});

const addresses = (value: AddressObject | AddressObject[] | undefined) => [value ?? []].flat().flatMap((a) => a.value);

/** The header block of a raw message, unfolded, as `name: value` lines. */
const headerBlock = (raw: Buffer) => raw.toString('latin1').split('\r\n\r\n')[0]!.replace(/\r\n[ \t]+/g, ' ');

describe('MimeComposer', () => {
  it('builds a multipart/alternative message mailparser reads back: Chinese subject and sender name, text, HTML, every header', async () => {
    const raw = new MimeComposer().compose(email(), new Date('2027-01-28T02:03:04Z'));
    const parsed = await simpleParser(raw);
    expect(parsed.subject).toBe('新春快乐！Spring Festival offer 2027');
    expect(addresses(parsed.from)).toEqual([{ name: '李经理 (Tidings 销售部)', address: 'sales@example.test' }]);
    expect(addresses(parsed.to).map((a) => a.address)).toEqual(['zhang.wei@example.test']);
    expect(addresses(parsed.replyTo).map((a) => a.address)).toEqual(['sales+tok123@example.test']);
    expect(parsed.messageId).toBe('<tok123@example.test>');
    expect(parsed.date?.toISOString()).toBe('2027-01-28T02:03:04.000Z');
    expect(parsed.html).toBe(html);
    expect(parsed.text?.replace(/\r\n/g, '\n').trim()).toBe(email().text);
    expect(parsed.headers.get('x-tidings-trace')).toBe('tok123');
    expect(parsed.headers.get('precedence')).toBe('bulk');
    expect(parsed.headers.get('list')).toEqual({
      unsubscribe: { url: 'https://tidings.example.test/u/tok123', mail: 'sales@example.test?subject=unsubscribe%20tok123' },
      'unsubscribe-post': { name: 'List-Unsubscribe=One-Click' },
    });
    expect(parsed.headers.get('mime-version')).toBe('1.0');
    expect((parsed.headers.get('content-type') as { value: string }).value).toBe('multipart/alternative');
    expect(parsed.attachments).toEqual([]);
  });

  it('writes headers as nodemailer does (RFC 2047 words only where needed), 7-bit and CRLF-only on the wire, lines of at most 78', () => {
    const raw = new MimeComposer().compose(email());
    const text = raw.toString('latin1');
    expect([...raw].every((byte) => byte < 0x80)).toBe(true);
    expect(text).not.toMatch(/[^\r]\n/);
    expect(text.split('\r\n').every((line) => line.length <= 78)).toBe(true);
    const headers = headerBlock(raw);
    expect(headers).toMatch(/^From: =\?UTF-8\?[BQ]\?.+\?= <sales@example\.test>$/m);
    expect(headers).toMatch(/^To: zhang\.wei@example\.test$/m);
    expect(headers).toMatch(/^Subject: =\?UTF-8\?[BQ]\?/m);
    expect(headers).toMatch(/^Date: \w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} \+0000$/m);
    expect(headers).toContain('List-Unsubscribe: <https://tidings.example.test/u/tok123>, <mailto:sales@example.test?subject=unsubscribe%20tok123>');
    // Plain ASCII text needs no encoded word (SpamAssassin scores an unneeded one).
    const ascii = headerBlock(new MimeComposer().compose(email({ from: { name: 'Sales Team', address: 'sales@example.test' }, subject: 'Spring offer' })));
    expect(ascii).toMatch(/^From: Sales Team <sales@example\.test>$/m);
    expect(ascii).toMatch(/^Subject: Spring offer$/m);
  });

  it('writes the same header lines as nodemailer’s MailComposer for the same message', async () => {
    const cases: OutgoingEmail[] = [
      email(),
      email({ from: { name: 'Sales', address: 'sales@example.test' }, subject: 'Plain "quoted" subject', to: 'wang@例子.测试', replyTo: undefined }),
      email({ headers: { 'X-Long': `${'word '.repeat(30)}end`, 'X-Encoded': '=?UTF-8?B?abc?= looks encoded', 'X-Tab': 'a\tb', 'X-Cjk': '中文 value' } }),
      // Bare addresses and Message-IDs take a short cut: it must write what nodemailer writes.
      email({ to: "O'Brien.Li+vip_2027@Mail-1.Example.test", replyTo: 'sales+t-abcdefghijklmnopqrst@example.test', messageId: '<tid.abcdefghijklmnopqrst@example.test>' }),
      email({ to: 'first.last@sub.example.test', messageId: '<a.b-c_d$e@[127.0.0.1]>' }),
      email({ to: '"quoted local"@example.test', messageId: 'no-brackets@example.test' }),
      email({ to: 'Wang Wei <wang@example.test>', replyTo: 'a@b.test, c@d.test' }),
    ];
    const composer = new MimeComposer();
    for (const message of cases) {
      // Folded as written: one entry per header field, its continuation lines included.
      const fields = (raw: Buffer) => raw.toString('latin1').split('\r\n\r\n')[0]!.split(/\r\n(?![ \t])/);
      const ours = fields(composer.compose(message));
      const theirs = fields(
        await new MailComposer({
          from: message.from,
          to: message.to,
          ...(message.replyTo ? { replyTo: message.replyTo } : {}),
          subject: message.subject,
          text: message.text,
          ...(message.html ? { html: message.html } : {}),
          messageId: message.messageId,
          headers: { ...message.headers },
        })
          .compile()
          .build(),
      );
      const comparable = (lines: string[]) => lines.filter((l) => !/^(Date|Content-Type|Content-Transfer-Encoding):/i.test(l)).sort();
      expect(comparable(ours)).toEqual(comparable(theirs));
    }
  });

  it('adds attachments under multipart/mixed with RFC 2231 file names, the same bytes back, each Buffer encoded once', async () => {
    const pdf = Buffer.from(`%PDF-1.4\n${'x'.repeat(5000)}\n%%EOF`, 'latin1');
    const composer = new MimeComposer();
    const message = email({ attachments: [{ filename: '2027 春节报价单.pdf', content: pdf, contentType: 'application/pdf' }, { filename: 'notes.txt', content: '备注 notes' }] });
    const encode = vi.spyOn(pdf, 'toString');
    const rawFirst = composer.compose(message);
    const rawSecond = composer.compose({ ...message, to: 'li.na@example.test' });
    expect(encode).toHaveBeenCalledTimes(1);
    encode.mockRestore();
    const first = await simpleParser(rawFirst);
    const second = await simpleParser(rawSecond);
    for (const parsed of [first, second]) {
      expect((parsed.headers.get('content-type') as { value: string }).value).toBe('multipart/mixed');
      expect(parsed.html).toBe(html);
      expect(parsed.attachments.map((a) => [a.filename, a.contentType])).toEqual([
        ['2027 春节报价单.pdf', 'application/pdf'],
        ['notes.txt', 'text/plain'],
      ]);
      expect(parsed.attachments[0]!.content.equals(pdf)).toBe(true);
      expect(parsed.attachments[1]!.content.toString('utf8')).toBe('备注 notes');
    }
    expect(addresses(second.to).map((a) => a.address)).toEqual(['li.na@example.test']);
  });

  it('sends short-lined ASCII text as 7bit and anything else as base64; text only is a single part', async () => {
    const composer = new MimeComposer();
    const plain = composer.compose(email({ html: undefined, text: 'Hello Alex,\n.a line starting with a dot\nBye' }));
    expect(plain.toString('latin1')).toContain('Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 7bit\r\n\r\nHello Alex,\r\n.a line');
    // The message's final CRLF belongs to the (single) body.
    expect((await simpleParser(plain)).text).toBe('Hello Alex,\n.a line starting with a dot\nBye\n');
    const long = composer.compose(email({ html: undefined, text: 'x'.repeat(1200) }));
    expect(long.toString('latin1')).toContain('Content-Transfer-Encoding: base64');
    expect((await simpleParser(long)).text).toBe('x'.repeat(1200));
  });

  it('writes base64 parts in lines of exactly 76 with CRLF between, for every length around a line end', () => {
    const composer = new MimeComposer();
    const expected = (text: string) => Buffer.from(text, 'utf8').toString('base64').replace(/.{76}(?=.)/g, '$&\r\n');
    for (const length of [1, 18, 19, 20, 56, 57, 58, 76, 114, 1000, 40_000]) {
      const text = '春'.repeat(length);
      const raw = composer.compose(email({ html: undefined, text })).toString('latin1');
      const body = raw.slice(raw.indexOf('\r\n\r\n') + 4);
      expect(body, `length ${length}`).toBe(`${expected(text)}\r\n`);
    }
    // A long unstructured header is folded as nodemailer folds it, also when its value changes per message.
    const unsubscribe = `<https://tidings.example.test/u/${'t'.repeat(40)}>, <mailto:sales@example.test?subject=unsubscribe%20${'t'.repeat(40)}>`;
    const folded = headerBlock(composer.compose(email({ headers: { 'List-Unsubscribe': unsubscribe } })));
    expect(folded).toContain(`List-Unsubscribe: ${unsubscribe}`);
  });

  it('lets the pipeline fields win over template headers of the same name, and keeps a Date it is given', async () => {
    const raw = new MimeComposer().compose(
      email({ headers: { Subject: 'from the template', 'message-id': '<other@x>', Date: 'Thu, 28 Jan 2027 10:00:00 +0000', 'X-Campaign': 'spring' } }),
    );
    const headers = headerBlock(raw);
    expect(headers.match(/^Subject:/gim)).toHaveLength(1);
    expect(headers.match(/^Message-ID:/gim)).toHaveLength(1);
    const parsed = await simpleParser(raw);
    expect(parsed.subject).toBe('新春快乐！Spring Festival offer 2027');
    expect(parsed.messageId).toBe('<tok123@example.test>');
    expect(parsed.date?.toISOString()).toBe('2027-01-28T10:00:00.000Z');
    expect(parsed.headers.get('x-campaign')).toBe('spring');
  });

  it('never lets a header value break out of its line', () => {
    const raw = new MimeComposer().compose(email({ headers: { 'X-Note': 'one\r\nBcc: victim@example.test', 'Bad Key:\r\n': 'x' } }));
    const headers = headerBlock(raw);
    expect(headers).not.toMatch(/^Bcc:/m);
    expect(headers).toMatch(/^X-Note: one +Bcc: victim@example\.test$/m);
    expect(headers).toMatch(/^BadKey: x$/m);
  });
});

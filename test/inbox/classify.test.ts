import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { classifyMessage, parseMessage, traceTokens } from '../../src/modules/inbox/index.js';

const FIXTURES = join(import.meta.dirname, '../fixtures/inbox');
const load = (name: string) => readFileSync(join(FIXTURES, name));

interface Case {
  name: string;
  file: string;
  kind: 'reply' | 'bounce' | 'auto-reply' | 'unsubscribe' | 'other';
  bounce?: { type: 'hard' | 'soft'; recipient: string | null; status?: string | null };
}

const cases: Case[] = [
  { name: 'Postfix DSN (sisimai)', file: 'sisimai/postfix-04.eml', kind: 'bounce', bounce: { type: 'hard', recipient: 'kijitora@example.co.jp', status: '5.1.1' } },
  { name: 'qmail failure notice (sisimai)', file: 'sisimai/qmail-02.eml', kind: 'bounce', bounce: { type: 'hard', recipient: 'userunknown@example.jp', status: '5.1.1' } },
  { name: 'Exim X-Failed-Recipients, policy 5.7.0 (sisimai)', file: 'sisimai/exim-01.eml', kind: 'bounce', bounce: { type: 'soft', recipient: 'kijitora@example.ed.jp', status: '5.7.0' } },
  { name: 'Exchange 5.5 NDR, mbox From_ line on top (sisimai)', file: 'sisimai/exchange-02.eml', kind: 'bounce', bounce: { type: 'hard', recipient: 'kijitora@example.co.jp' } },
  { name: 'Sendmail relaying a Google Apps 5.2.1 disabled account (sisimai)', file: 'sisimai/google-apps-01.eml', kind: 'bounce', bounce: { type: 'hard', recipient: 'shironeko@example.ne.jp', status: '5.2.1' } },
  { name: 'old Sendmail, 421 expired after 4 days (sisimai)', file: 'sisimai/v5sendmail-01.eml', kind: 'bounce', bounce: { type: 'soft', recipient: 'kijitora@example.com', status: '4.0.0' } },
  { name: 'Office 365 NDR', file: 'samples/office365-ndr.eml', kind: 'bounce', bounce: { type: 'hard', recipient: 'li.wei@contoso.com', status: '5.1.10' } },
  { name: 'Gmail address not found', file: 'samples/gmail-ndr.eml', kind: 'bounce', bounce: { type: 'hard', recipient: 'nobody.here@gmail.com', status: '5.1.1' } },
  { name: 'QQ 退信', file: 'samples/qq-ndr.eml', kind: 'bounce', bounce: { type: 'hard', recipient: '12345678@qq.com' } },
  { name: '163 系统退信 in GBK base64', file: 'samples/163-ndr.eml', kind: 'bounce', bounce: { type: 'hard', recipient: 'wang.fang@163.com', status: '5.0.0' } },
  { name: 'Yahoo failure notice', file: 'samples/yahoo-ndr.eml', kind: 'bounce', bounce: { type: 'hard', recipient: 'gone.user@yahoo.com' } },
  { name: 'mailbox full 5.2.2 is soft', file: 'samples/mailbox-full-soft.eml', kind: 'bounce', bounce: { type: 'soft', recipient: 'full.box@example.org', status: '5.2.2' } },
  { name: 'RFC 3834 Auto-Submitted', file: 'samples/autoreply-rfc3834.eml', kind: 'auto-reply' },
  { name: '自动回复 subject', file: 'samples/autoreply-chinese-subject.eml', kind: 'auto-reply' },
  { name: 'Outlook Automatic reply', file: 'samples/autoreply-outlook-oof.eml', kind: 'auto-reply' },
  { name: 'Precedence: auto_reply', file: 'samples/autoreply-precedence.eml', kind: 'auto-reply' },
  { name: 'reply with In-Reply-To', file: 'samples/reply-plain.eml', kind: 'reply' },
  { name: 'subject 退订', file: 'samples/unsubscribe-subject.eml', kind: 'unsubscribe' },
  { name: 'sent to the unsubscribe address', file: 'samples/unsubscribe-address.eml', kind: 'unsubscribe' },
  { name: 'a newsletter is other', file: 'samples/other-newsletter.eml', kind: 'other' },
];

describe('classification of real and sample messages', () => {
  it.each(cases)('$name', async ({ file, kind, bounce }) => {
    const message = await parseMessage(load(file));
    const result = classifyMessage(message);
    expect(result.kind).toBe(kind);
    if (bounce) {
      expect(result.bounce?.type).toBe(bounce.type);
      expect(result.bounce?.recipient).toBe(bounce.recipient);
      if (bounce.status !== undefined) expect(result.bounce?.status).toBe(bounce.status);
      expect(result.bounce?.diagnostic ?? '').not.toBe('');
    }
  });

  it('finds our trace in a bounce’s returned headers (text/rfc822-headers and message/rfc822)', async () => {
    const o365 = await parseMessage(load('samples/office365-ndr.eml'));
    expect(traceTokens(o365, classifyMessage(o365)).trace).toEqual(['abcdefghijklmnopqrst']);
    const gmail = await parseMessage(load('samples/gmail-ndr.eml'));
    expect(traceTokens(gmail, classifyMessage(gmail)).trace).toEqual(['bbbbbbbbbbbbbbbbbbbb']);
    const qq = await parseMessage(load('samples/qq-ndr.eml'));
    expect(traceTokens(qq, classifyMessage(qq)).trace).toEqual(['cccccccccccccccccccc']);
  });

  it('finds our trace in a complaint report’s returned message (ARF and JMRP)', async () => {
    const yahoo = await parseMessage(readFileSync(join(FIXTURES, '../bounces/arf/yahoo-abuse.eml')));
    expect(classifyMessage(yahoo).kind).toBe('complaint');
    expect(traceTokens(yahoo, classifyMessage(yahoo)).trace).toEqual(['yahooaaaaaaaaaaaaaaa']);
    const jmrp = await parseMessage(readFileSync(join(FIXTURES, '../bounces/arf/microsoft-jmrp.eml')));
    expect(traceTokens(jmrp, classifyMessage(jmrp)).trace).toEqual(['jmrpcccccccccccccccc']);
  });

  it('reads the token of a reply from In-Reply-To and sanitises its HTML', async () => {
    const message = await parseMessage(load('samples/reply-plain.eml'));
    expect(traceTokens(message, classifyMessage(message)).token).toEqual(['eeeeeeeeeeeeeeeeeeee']);
    expect(message.html).not.toMatch(/script|onclick| src="https:/);
    expect(message.html).toContain('data-src="https://track.example/p.gif"');
  });
});

describe('hostile input never crashes', () => {
  const hostile: Array<{ name: string; raw: Buffer }> = [
    { name: 'empty', raw: Buffer.alloc(0) },
    { name: 'binary garbage', raw: Buffer.from(Array.from({ length: 65536 }, (_, i) => (i * 7919) % 256)) },
    { name: 'no From, no headers', raw: Buffer.from('just a body\r\n') },
    { name: 'huge header', raw: Buffer.from(`Subject: ${'A'.repeat(2_000_000)}\r\nFrom: a@b.c\r\n\r\nbody`) },
    { name: 'thousands of References', raw: Buffer.from(`From: a@b.c\r\nReferences: ${'<x@y> '.repeat(50_000)}\r\n\r\nbody`) },
    { name: 'broken MIME boundary', raw: Buffer.from('From: a@b.c\r\nContent-Type: multipart/mixed; boundary="zz"\r\n\r\n--zz\r\nContent-Type: text/plain\r\n\r\nunterminated') },
    { name: 'unknown charset and bad base64', raw: Buffer.from('From: =?x-nonsense?B?!!!?= <a@b.c>\r\nSubject: =?gbk?Q?=ZZ=?=\r\nContent-Type: text/plain; charset=x-nonsense\r\nContent-Transfer-Encoding: base64\r\n\r\n@@@not base64@@@') },
    { name: 'deeply nested multiparts', raw: Buffer.from(`From: a@b.c\r\n${Array.from({ length: 200 }, (_, i) => `Content-Type: multipart/mixed; boundary="b${i}"\r\n\r\n--b${i}\r\n`).join('')}`) },
    { name: 'bounce-looking with garbage report', raw: Buffer.from('From: MAILER-DAEMON@x.y\r\nSubject: Undelivered Mail Returned to Sender\r\nContent-Type: multipart/report; report-type=delivery-status; boundary=q\r\n\r\n--q\r\nContent-Type: message/delivery-status\r\n\r\nFinal-Recipient: ;;;\r\nStatus: x\r\n--q--') },
  ];
  it.each(hostile)('$name', async ({ raw }) => {
    const message = await parseMessage(raw);
    const result = classifyMessage(message);
    expect(['reply', 'bounce', 'auto-reply', 'unsubscribe', 'other']).toContain(result.kind);
    expect(message.key).toMatch(/^(<.+>|sha256:[0-9a-f]{64})$/);
  });
});

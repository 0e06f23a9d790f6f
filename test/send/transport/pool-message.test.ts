import { describe, expect, it } from 'vitest';
import { normalizeEnvelope, poolMessage } from '../../../src/adapters/mail/transport/pool-message.js';

describe('pool message for nodemailer’s SMTP pool', () => {
  it('passes plain addresses through and punycodes an IDN domain as nodemailer’s Mailer did', () => {
    const plain = { from: 'sales@example.test', to: ['li.na+vip@example.test'] };
    expect(normalizeEnvelope(plain)).toBe(plain);
    expect(normalizeEnvelope({ from: 'sales@example.test', to: ['wang@例子.测试'] })).toEqual({ from: 'sales@example.test', to: ['wang@xn--fsqu00a.xn--0zwm56d'] });
  });

  it('gives the pool the envelope, the id without brackets and the finished bytes as they are', () => {
    const raw = Buffer.from('Subject: x\r\n\r\nbody\r\n');
    const mail = poolMessage(raw, { from: 'a@example.test', to: ['b@example.test'] }, '<tid.1@example.test>') as unknown as {
      data: object;
      message: { getEnvelope(): unknown; messageId(): string; getHeader(key: string): unknown; createReadStream(): unknown };
    };
    expect(mail.data).toEqual({});
    expect(mail.message.getEnvelope()).toEqual({ from: 'a@example.test', to: ['b@example.test'] });
    expect(mail.message.messageId()).toBe('tid.1@example.test');
    expect(mail.message.getHeader('Message-ID')).toBe('<tid.1@example.test>');
    expect(mail.message.createReadStream()).toBe(raw);
  });
});

import { expect, it } from 'vitest';
import { classifySmtpError } from '../../src/modules/sending/index.js';
import type { NodemailerErrorLike } from '../../src/adapters/mail/transport/smtp-errors.js';

// Shapes as nodemailer 10 reports them (captured against smtp-server).
const cases: { name: string; input: NodemailerErrorLike; expected: string }[] = [
  { name: '454 at RCPT slows down', input: { code: 'EENVELOPE', command: 'RCPT TO', responseCode: 454, response: '454 4.7.0 Try later' }, expected: 'slow-down' },
  { name: '421 at DATA slows down', input: { code: 'EMESSAGE', command: 'DATA', responseCode: 421, response: '421 4.7.0 Too many messages' }, expected: 'slow-down' },
  { name: '451 slows down', input: { code: 'EMESSAGE', responseCode: 451, response: '451 4.3.0 Local error' }, expected: 'slow-down' },
  { name: 'other 4xx retries', input: { code: 'EMESSAGE', responseCode: 441, response: '441 4.4.1 No answer' }, expected: 'retry' },
  { name: '550 is permanent', input: { code: 'EMESSAGE', command: 'DATA', responseCode: 550, response: '550 5.1.1 User unknown' }, expected: 'permanent' },
  { name: '550 "too many" is a rate limit (QQ/163 style)', input: { code: 'EMESSAGE', responseCode: 550, response: '550 Mail content denied, too many mails' }, expected: 'slow-down' },
  { name: '535 is auth', input: { code: 'EAUTH', command: 'AUTH PLAIN', responseCode: 535, response: '535 5.7.8 Error: authentication failed' }, expected: 'auth' },
  { name: 'connection refused retries', input: { code: 'ESOCKET', command: 'CONN', message: 'connect ECONNREFUSED 127.0.0.1:1' }, expected: 'retry' },
  { name: 'drop after the final dot is ambiguous', input: { code: 'ECONNECTION', command: 'CONN', message: 'Connection closed unexpectedly' }, expected: 'ambiguous' },
  { name: 'timeout is ambiguous', input: { code: 'ETIMEDOUT', message: 'Timeout' }, expected: 'ambiguous' },
  { name: 'DNS failure retries', input: { code: 'EDNS', message: 'getaddrinfo ENOTFOUND smtp.example' }, expected: 'retry' },
];

for (const { name, input, expected } of cases) {
  it(name, () => expect(classifySmtpError(input)).toBe(expected));
}

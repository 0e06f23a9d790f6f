import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { redactUrl } from '../../src/platform/logger/index.js';
import { unsubscribeMailto, UnsubscribeTokens, unsubscribeTokensIn, unsubscribeUrl } from '../../src/modules/sending/index.js';
import { isReplyToken } from '../../src/modules/sending/trace.js';

const row = { id: 4711, channel: 'email', address: 'Li.Wei@Example.test' };

describe('unsubscribe tokens', () => {
  const tokens = new UnsubscribeTokens(randomBytes(32));

  it('names its row, verifies only for that row and address, and is never a reply token', () => {
    const token = tokens.sign(row);
    expect(token).toMatch(/^[0-9a-z]+-[a-z2-7]{26}$/);
    expect(isReplyToken(token)).toBe(false);
    expect(tokens.sign(row)).toBe(token);
    expect(tokens.outboxIdOf(token)).toBe(4711);
    expect(tokens.matches(token, row)).toBe(true);
    // Addresses compare case-insensitively, like suppressions.
    expect(tokens.matches(token, { ...row, address: 'li.wei@example.test' })).toBe(true);
    expect(tokens.matches(token, { ...row, address: 'vip@client.example' })).toBe(false);
    expect(tokens.matches(token, { ...row, channel: 'sms' })).toBe(false);
    expect(tokens.matches(token, { ...row, id: 4712 })).toBe(false);
    // Another key, a changed MAC, a changed id, or a non-canonical id: nothing.
    expect(new UnsubscribeTokens(randomBytes(32)).matches(token, row)).toBe(false);
    const mac = token.slice(token.indexOf('-') + 1);
    expect(tokens.matches(`${token.slice(0, -1)}${token.endsWith('a') ? 'b' : 'a'}`, row)).toBe(false);
    expect(tokens.outboxIdOf(`${(4712).toString(36)}-${mac}`)).toBe(4712);
    expect(tokens.matches(`${(4712).toString(36)}-${mac}`, { ...row, id: 4712 })).toBe(false);
    expect(tokens.outboxIdOf(`0${(4711).toString(36)}-${mac}`)).toBeUndefined();
    expect(tokens.outboxIdOf(token.toUpperCase())).toBeUndefined();
    expect(() => new UnsubscribeTokens(randomBytes(16))).toThrow(RangeError);
  });

  it('rides in the URL, in the mailto subject and in a +u- address, and is found there again', () => {
    const token = tokens.sign(row);
    expect(unsubscribeUrl('https://tidings.example.test/', token)).toBe(`https://tidings.example.test/u/${token}`);
    const mailto = new URL(unsubscribeMailto('sales@example.test', token));
    const subject = mailto.searchParams.get('subject')!;
    expect(subject).toBe(`unsubscribe ${token}`);
    expect(unsubscribeTokensIn(subject, [])).toEqual([token]);
    expect(unsubscribeTokensIn(`Re: ${subject.toUpperCase()}`, [])).toEqual([token]);
    expect(unsubscribeTokensIn('hello', [`sales+u-${token}@example.test`])).toEqual([token]);
    expect(unsubscribeTokensIn('unsubscribe', ['sales@example.test'])).toEqual([]);
    expect(unsubscribeTokensIn(`unsubscribe ${token}x`, [])).toEqual([]);
  });
});

describe('redactUrl', () => {
  it('replaces the credential of token-bearing paths and parameters with …', () => {
    expect(redactUrl('/u/12-abcdefghijklmnopqrstuvwxyz')).toBe('/u/…');
    expect(redactUrl('/u/abc?x=1')).toBe('/u/…?x=1');
    expect(redactUrl('/t/o/AAAA_bbb-cc')).toBe('/t/o/…');
    expect(redactUrl('/t/c/AAAA')).toBe('/t/c/…');
    expect(redactUrl('/webhooks/sms/aliyun/inbound?token=s3cret&x=1')).toBe('/webhooks/sms/aliyun/inbound?token=…&x=1');
    expect(redactUrl('/api/customers?query=u&limit=5')).toBe('/api/customers?query=u&limit=5');
    expect(redactUrl('/users/u/1')).toBe('/users/u/1');
  });
});

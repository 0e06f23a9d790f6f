import { describe, expect, it } from 'vitest';
import { BOUNCE_REASONS, bounceReasonOf, isHardBounce, statusForReason, type BounceReason } from '../../src/adapters/mail/bounce-reason.js';

const byText: Array<[string, BounceReason]> = [
  // English, as the big MTAs word it
  ['550 5.1.1 <a@b.example>: Recipient address rejected: User unknown in virtual mailbox table', 'user-unknown'],
  ["550-5.1.1 The email account that you tried to reach does not exist.", 'user-unknown'],
  ['550 5.5.0 Requested action not taken: mailbox unavailable', 'user-unknown'],
  ['No such user here', 'user-unknown'],
  ['550 5.4.1 Recipient address rejected: Access denied. AS(201806281)', 'user-unknown'],
  ['552 5.2.2 The email account that you tried to reach is over quota.', 'mailbox-full'],
  ['452 4.2.2 Mailbox full', 'mailbox-full'],
  ['Host or domain name not found. Name service error for name=nowhere.example type=A: Host not found', 'host-unknown'],
  ['550 5.7.1 Service unavailable; client [192.0.2.1] blocked using zen.spamhaus.org', 'spam'],
  ['554 5.7.1 Message rejected as spam', 'spam'],
  ['550 5.7.26 Unauthenticated email from example.com is not accepted due to domain\'s DMARC policy', 'auth-failure'],
  ['550 5.7.23 SPF validation failed', 'auth-failure'],
  ['535 5.7.8 Username and Password not accepted', 'auth-failure'],
  ['552 5.3.4 Message size exceeds fixed limit', 'too-large'],
  ['Message too large', 'too-large'],
  ['421 4.7.0 Try again later, closing connection. (rate limit exceeded)', 'rate-limited'],
  ['550 5.4.5 Daily user sending quota exceeded.', 'rate-limited'],
  ['Message expired after 5 days in queue; too long in queue', 'expired'],
  ['554 5.7.1 <a@b.example>: Relay access denied', 'policy'],
  ['550 5.7.1 Delivery not authorized, message refused', 'policy'],
  // Chinese (QQ, NetEase, Sina, Aliyun)
  ['550 Mailbox not found or access denied 用户不存在', 'user-unknown'],
  ['收件人邮箱不存在', 'user-unknown'],
  ['552 对方邮箱容量已满', 'mailbox-full'],
  ['邮件大小超过限制', 'too-large'],
  ['550 被识别为垃圾邮件', 'spam'],
  ['451 发送频率过快，请稍后再试', 'rate-limited'],
  ['554 邮件被拒绝: 策略限制', 'policy'],
  // Japanese, Korean, Russian, German, French, Spanish
  ['宛先が見つかりません', 'user-unknown'],
  ['メールボックスの容量がいっぱいです', 'mailbox-full'],
  ['존재하지 않는 사용자 계정입니다 (수신자 존재하지 않음)', 'user-unknown'],
  ['사서함이 가득 찼습니다', 'mailbox-full'],
  ['Почтовый ящик не существует', 'user-unknown'],
  ['Benutzer unbekannt', 'user-unknown'],
  ['Postfach ist voll', 'mailbox-full'],
  ['Utilisateur inconnu', 'user-unknown'],
  ['La boîte aux lettres est pleine', 'mailbox-full'],
  ['Usuario desconocido', 'user-unknown'],
];

describe('bounceReasonOf', () => {
  it('lists each reason once, with "other" last', () => {
    expect(new Set(BOUNCE_REASONS).size).toBe(BOUNCE_REASONS.length);
    expect(BOUNCE_REASONS.at(-1)).toBe('other');
  });

  it.each(byText)('%s → %s', (text, reason) => {
    expect(bounceReasonOf({ text })).toBe(reason);
  });

  it('falls back to the enhanced status, then the SMTP code', () => {
    expect(bounceReasonOf({ status: '5.1.1' })).toBe('user-unknown');
    expect(bounceReasonOf({ status: '5.1.10' })).toBe('user-unknown');
    expect(bounceReasonOf({ status: '4.2.2' })).toBe('mailbox-full');
    expect(bounceReasonOf({ status: '5.4.7' })).toBe('expired');
    expect(bounceReasonOf({ status: '5.7.26' })).toBe('auth-failure');
    expect(bounceReasonOf({ status: '5.7.1' })).toBe('policy');
    expect(bounceReasonOf({ smtpCode: 421 })).toBe('rate-limited');
    expect(bounceReasonOf({ smtpCode: 552 })).toBe('mailbox-full');
    expect(bounceReasonOf({ smtpCode: 535 })).toBe('auth-failure');
    expect(bounceReasonOf({ text: '421 closing' })).toBe('rate-limited');
    expect(bounceReasonOf({ status: '5.0.0', smtpCode: 550 })).toBe('other');
    expect(bounceReasonOf({})).toBe('other');
    expect(bounceReasonOf({ status: 'nonsense', text: '' })).toBe('other');
  });

  it('prefers the words over a generic status', () => {
    expect(bounceReasonOf({ status: '5.7.1', text: 'Message rejected: spam content' })).toBe('spam');
    expect(bounceReasonOf({ status: '5.0.0', text: 'user unknown' })).toBe('user-unknown');
  });
});

describe('isHardBounce', () => {
  it('is hard only when the address will never work', () => {
    expect(isHardBounce({ status: '5.1.1', text: 'User unknown' })).toBe(true);
    expect(isHardBounce({ status: '5.1.2' })).toBe(true);
    expect(isHardBounce({ smtpCode: 550, text: '550 5.0.0 rejected by local policy' })).toBe(false);
    expect(isHardBounce({ smtpCode: 550, text: '550 5.0.0 delivery failed' })).toBe(true);
    expect(isHardBounce({ status: '5.0.0' })).toBe(true);
    expect(isHardBounce({ text: 'permanent failure, giving nothing else' })).toBe(true);
  });

  it('is soft for temporary failures and for reasons that are not about the address', () => {
    expect(isHardBounce({ status: '4.1.1', text: 'user unknown (try later)' })).toBe(false);
    expect(isHardBounce({ smtpCode: 450 })).toBe(false);
    expect(isHardBounce({ status: '5.2.2', text: 'mailbox full' })).toBe(false);
    expect(isHardBounce({ status: '5.7.1', text: 'blocked using spamhaus' })).toBe(false);
    expect(isHardBounce({ status: '5.3.4' })).toBe(false);
    expect(isHardBounce({ status: '5.7.26' })).toBe(false);
    expect(isHardBounce({})).toBe(false);
  });
});

describe('statusForReason', () => {
  it('gives the code a standard MTA would have sent', () => {
    expect(statusForReason('user-unknown', true)).toBe('5.1.1');
    expect(statusForReason('mailbox-full', false)).toBe('4.2.2');
    expect(statusForReason('mailbox-full', true)).toBe('5.2.2');
    expect(statusForReason('other', true)).toBe('5.0.0');
    for (const reason of BOUNCE_REASONS) expect(statusForReason(reason, false)).toMatch(/^[45]\.\d+\.\d+$/);
  });
});

describe('bounceReasonOf on Exchange wordings', () => {
  it('reads "could not be found" and "wasn\'t found at" as an unknown user', () => {
    expect(bounceReasonOf({ text: "The e-mail address you entered couldn't be found." })).toBe('user-unknown');
    expect(bounceReasonOf({ text: "sun.hao wasn't found at contoso.example." })).toBe('user-unknown');
  });
});

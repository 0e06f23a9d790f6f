// The per-message table's words for a refused or bounced message and for the language a recipient
// got: every BOUNCE_REASONS entry has its text in English and Chinese, the SMTP code and status
// lead it, and language tags read as names.
import { describe, expect, it } from 'vitest';
import { BOUNCE_REASONS } from '../../src/adapters/mail/bounce-reason.js';
import { campaignMessageResults } from '../../src/web/client/screens/campaigns/campaign-messages.messages.js';
import { outcomeText } from '../../src/web/client/screens/campaigns/message-outcome.js';
import { languageName } from '../../src/web/client/ui/language-name.js';

type Key = keyof (typeof campaignMessageResults)['en'];
const translator = (locale: 'en' | 'zh-CN') => (key: Key, vars?: Readonly<Record<string, string | number>>) =>
  campaignMessageResults[locale][key].replace(/\{(\w+)\}/g, (_: string, name: string) => String(vars?.[name] ?? ''));

describe('message outcome words', () => {
  it('has a text for every bounce reason in both languages, distinct per reason', () => {
    for (const locale of ['en', 'zh-CN'] as const) {
      const texts = BOUNCE_REASONS.map((reason) => outcomeText({ reason, smtpCode: null, smtpStatus: null }, translator(locale)));
      expect(texts.every((text) => typeof text === 'string' && text.length > 0), locale).toBe(true);
      expect(new Set(texts).size, locale).toBe(BOUNCE_REASONS.length);
    }
  });

  it('reads "550 5.1.1 — user unknown", the code alone when there is no status, nothing without a reason', () => {
    expect(outcomeText({ reason: 'user-unknown', smtpCode: 550, smtpStatus: '5.1.1' }, translator('en'))).toBe('550 5.1.1 — user unknown');
    expect(outcomeText({ reason: 'user-unknown', smtpCode: 550, smtpStatus: '5.1.1' }, translator('zh-CN'))).toBe('550 5.1.1 — 收件人不存在');
    expect(outcomeText({ reason: 'mailbox-full', smtpCode: 552, smtpStatus: null }, translator('en'))).toBe('552 — mailbox full');
    expect(outcomeText({ reason: 'mailbox-full', smtpCode: null, smtpStatus: null }, translator('zh-CN'))).toBe('邮箱已满');
    expect(outcomeText({ reason: null, smtpCode: null, smtpStatus: null }, translator('en'))).toBeNull();
  });

  it('names a language tag in that language', () => {
    expect(languageName('en')).toBe('English');
    expect(languageName('zh-CN')).toBe('简体中文');
    expect(languageName('ZH-cn')).toBe('简体中文');
    expect(languageName('ja')).toBe('日本語');
    expect(languageName('x-nonsense-tag-that-is-long')).toBe('x-nonsense-tag-that-is-long');
  });
});

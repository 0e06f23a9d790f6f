import type { SmsProviderKind } from './segments.js';

/**
 * The opt-out line a marketing SMS must carry, per provider's rules: China's carriers (and Aliyun's
 * template review) require "回复TD退订" in marketing texts; US/EU senders on Twilio and SMPP routes
 * use "Reply STOP to unsubscribe". Templates append it (and count it) when the version is marketing.
 */
export function optOutText(provider: SmsProviderKind, language: 'zh' | 'en' = provider === 'aliyun' ? 'zh' : 'en'): string {
  if (provider === 'aliyun' || language === 'zh') return '回复TD退订';
  return 'Reply STOP to unsubscribe';
}

/** Appends the opt-out line unless the text already carries it. */
export function withOptOut(text: string, provider: SmsProviderKind, language?: 'zh' | 'en'): string {
  const line = optOutText(provider, language);
  return text.includes(line) || /回复\s*TD\s*退订|reply\s+stop/i.test(text) ? text : `${text}${line.startsWith('回') ? '，' : ' '}${line}`;
}

import type { SmsProviderKind } from './segments.js';

/**
 * THE opt-out line a marketing SMS must carry, one rule for the whole program:
 * - Aliyun and Tencent Cloud (and their template review): 拒收请回复R, whatever the language;
 * - other routes, text in Chinese: 回T退订 (MIIT's rule for marketing SMS);
 * - other routes, any other language: Reply STOP to opt out (carriers' STOP keyword).
 * `provider` is undefined where no SMS account is known yet (a preview with none): the rule by language.
 */
export function optOutText(provider: SmsProviderKind | undefined, language: string): string {
  if (provider === 'aliyun' || provider === 'tencent') return '拒收请回复R';
  return /^zh\b/i.test(language) ? '回T退订' : 'Reply STOP to opt out';
}

/** Whether the text already carries an opt-out line (any of the accepted forms). */
export function hasOptOut(text: string): boolean {
  return /退订|拒收请回复\s*R|\bSTOP\b/i.test(text);
}

/** Appends the opt-out line unless the text already carries one: Chinese lines follow directly, others after a space. */
export function withOptOut(text: string, provider: SmsProviderKind | undefined, language: string): string {
  if (hasOptOut(text)) return text;
  const line = optOutText(provider, language);
  return /^[\x20-\x7e]/.test(line) ? `${text} ${line}` : `${text}${line}`;
}

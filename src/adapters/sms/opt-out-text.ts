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

/**
 * Whether the text already carries the opt-out line this provider and language need: the line
 * itself, not any word like it ("Stop by our shop" is no opt-out, and on Aliyun or Tencent an old
 * 回T退订 is not the 拒收请回复R their review asks for).
 */
export function hasOptOut(text: string, provider: SmsProviderKind | undefined, language: string): boolean {
  const line = optOutText(provider, language);
  if (line === '回T退订') return /退订/.test(text); // 回T退订, 回复TD退订, 退订回T: the carriers take any of them
  if (line.startsWith('Reply STOP')) return /\breply\s+stop\b/i.test(text);
  return text.includes(line);
}

/** Appends the opt-out line unless the text already carries it: Chinese lines follow directly, others after a space. */
export function withOptOut(text: string, provider: SmsProviderKind | undefined, language: string): string {
  if (hasOptOut(text, provider, language)) return text;
  const line = optOutText(provider, language);
  return /^[\x20-\x7e]/.test(line) ? `${text} ${line}` : `${text}${line}`;
}

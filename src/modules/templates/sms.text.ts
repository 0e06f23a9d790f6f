import { withOptOut } from '../../adapters/sms/index.js';
import { greetingLanguage } from './greeting.js';
import type { MergeContext } from './merge-context.js';

/** The account signature in the form Chinese carriers require: 【Name】. */
export function bracketSignature(signature: string | null | undefined): string {
  const name = (signature ?? '').replace(/[\r\n]+/g, ' ').trim();
  if (!name) return '';
  if (/^【.*】$/u.test(name) || /^\[.*\]$/.test(name)) return name;
  return `【${name}】`;
}

/** A finished SMS: the full text, and its parts for providers that add the signature themselves. */
export interface FinishedSms {
  /** What the recipient reads: signature + body. */
  readonly text: string;
  /** The text without the account signature (Aliyun sends the sign name separately). */
  readonly body: string;
  /** The 【signature】 in front, or "" when the account has none or the template wrote it itself. */
  readonly signature: string;
}

/**
 * Finishes a merged SMS text: the account's 【signature】 at the start (unless the text already
 * carries it) and, for marketing messages, the opt-out line the account's provider requires
 * (adapters/sms `optOutText`: 拒收请回复R on Aliyun, else 回T退订 or STOP by the language the text
 * is written in: `language`, the chosen variant's; the recipient's when not given), unless the
 * text already has one. Every count of parts is made on this text, so the line is always billed. Whitespace runs collapse: every character is billed.
 */
export function finishSms(merged: string, ctx: Pick<MergeContext, 'account' | 'company'> & Partial<Pick<MergeContext, 'customer'>>, isMarketing: boolean, textLanguage?: string): FinishedSms {
  let text = merged.replace(/[ \t]*\r?\n[ \t]*/g, '\n').replace(/[ \t]{2,}/g, ' ').trim();
  let signature = bracketSignature(ctx.account?.smsSignature || ctx.company?.smsSignature);
  if (signature && (text.startsWith(signature) || text.endsWith(signature))) signature = '';
  if (isMarketing) {
    const language = textLanguage === undefined || textLanguage === 'und' ? greetingLanguage(ctx.customer ?? {}) : /^zh\b/i.test(textLanguage) ? 'zh-CN' : 'en';
    text = withOptOut(text, ctx.account?.smsProvider ?? undefined, language);
  }
  return { text: `${signature}${text}`, body: text, signature };
}

/** Characters as the recipient sees them (code points, so an emoji counts once). */
export const smsCharacters = (text: string): number => [...text].length;

import type { Kysely } from 'kysely';
import { suppress } from '../customers/index.js';
import type { InboundSms } from '../../adapters/sms/index.js';
import type { DatabaseSchema } from '../../platform/db/index.js';
import { DEFAULT_OPT_OUT_KEYWORDS } from './billing.config.js';

/**
 * Whether an inbound text is an opt-out: the whole message, trimmed, without surrounding
 * punctuation and case-insensitive, equals a keyword ("stop", " TD。", "退订!" all count; "stop by
 * tomorrow" does not, so a reply is not mistaken for an unsubscribe).
 */
export function isOptOut(text: string, keywords: readonly string[] = DEFAULT_OPT_OUT_KEYWORDS): boolean {
  const cleaned = text
    .normalize('NFKC')
    .trim()
    .replace(/^[\s\p{P}]+|[\s\p{P}]+$/gu, '')
    .toUpperCase();
  return cleaned.length > 0 && keywords.some((k) => k.normalize('NFKC').trim().toUpperCase() === cleaned);
}

/** Suppresses the sender for SMS when the message is an opt-out keyword; true when it was one. */
export async function handleInboundSms(db: Kysely<DatabaseSchema>, message: InboundSms, keywords?: readonly string[]): Promise<boolean> {
  if (!isOptOut(message.text, keywords)) return false;
  await suppress(db, { channel: 'sms', value: message.from, reason: 'sms-keyword', detail: `keyword "${message.text.trim()}" to ${message.to}` });
  return true;
}

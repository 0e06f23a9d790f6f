import { extractBounce, looksLikeBounce, type BounceInfo } from './bounce.extract.js';
import { extractComplaint, looksLikeComplaint, type ComplaintInfo } from './complaint.extract.js';
import type { InboundMessage } from './message.parser.js';
import { challengeOf, isAutoReply, isListTraffic } from './autoreply.detect.js';

export { challengeOf, isAutoReply, isListTraffic };

/** What an incoming message is, as far as campaigns and customers are concerned. */
export type MessageKind = 'reply' | 'bounce' | 'complaint' | 'auto-reply' | 'unsubscribe' | 'other';

/** The outcome of {@link classifyMessage}. */
export interface Classification {
  readonly kind: MessageKind;
  /** Present when kind is `bounce`. */
  readonly bounce?: BounceInfo;
  /** Present when kind is `complaint` (a feedback-loop report: someone marked our mail as spam). */
  readonly complaint?: ComplaintInfo;
  /**
   * Set on an `auto-reply` from a challenge-response system (Spamarrest, Boxbe, "please verify
   * you are human"): the system's name. Nobody reads such a message until we answer it.
   */
  readonly challenge?: string;
}

const REPLY_SUBJECT = /^\s*(re|aw|sv|antw|答复|回复|回覆|转发|fw|fwd)\s*[:：]/i;
const UNSUBSCRIBE_SUBJECT = /^\s*((re|回复|答复)\s*[:：]\s*)?(unsubscribe|remove me|退订|取消订阅|退订邮件)(?![a-z])/i;
const UNSUBSCRIBE_LOCAL = /(^|[+._-])(unsubscribe|unsub)([+._-]|$)/i;
/** The `+u-<unsubscribe token>` form of our reply address (see src/send/unsubscribe.token.ts). */
const UNSUBSCRIBE_PLUS = /\+u-[0-9a-z]{1,11}-[a-z2-7]{26}$/i;

/**
 * Classifies a parsed message. Pure: the same message always gives the same answer. The order
 * matters: a complaint report quotes our message like a bounce, a DSN also carries
 * `Auto-Submitted`, and an out-of-office answer carries In-Reply-To, so complaints and bounces
 * are recognised first, then challenge-response requests and automatic answers, then
 * unsubscribes, then replies. Mailing-list and newsletter traffic is never an automatic answer:
 * it is `other` unless it answers a thread (In-Reply-To) or asks to unsubscribe.
 */
export function classifyMessage(message: InboundMessage): Classification {
  // A feedback report quotes our message and comes from a robot, like a bounce: look for it first.
  if (looksLikeComplaint(message)) return { kind: 'complaint', complaint: extractComplaint(message) };
  if (looksLikeBounce(message)) {
    const bounce = extractBounce(message);
    return { kind: 'bounce', bounce };
  }
  const list = isListTraffic(message);
  if (!list) {
    const challenge = challengeOf(message);
    if (challenge) return { kind: 'auto-reply', challenge };
    if (isAutoReply(message)) return { kind: 'auto-reply' };
  }
  if (isUnsubscribe(message)) return { kind: 'unsubscribe' };
  if (list) return message.inReplyTo ? { kind: 'reply' } : { kind: 'other' };
  if (message.inReplyTo || message.references.length > 0 || REPLY_SUBJECT.test(message.subject ?? '')) return { kind: 'reply' };
  return { kind: 'other' };
}

/** A mailto unsubscribe: sent to an unsubscribe address, or with "unsubscribe" / "退订" as subject. */
export function isUnsubscribe(message: InboundMessage): boolean {
  if (UNSUBSCRIBE_SUBJECT.test(message.subject ?? '')) return true;
  return [...message.to, ...message.deliveredTo].some((address) => {
    const local = address.split('@')[0] ?? '';
    return UNSUBSCRIBE_LOCAL.test(local) || UNSUBSCRIBE_PLUS.test(local);
  });
}

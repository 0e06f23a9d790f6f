import type { Translate } from '../../i18n/index.js';
import type { inboxMessages } from './inbox.messages.js';

type Key = keyof (typeof inboxMessages)['en'];

const KIND_KEYS: Readonly<Record<string, Key>> = {
  reply: 'kindReply',
  bounce: 'kindBounce',
  'auto-reply': 'kindAutoReply',
  unsubscribe: 'kindUnsubscribe',
  complaint: 'kindComplaint',
  other: 'kindOther',
};

/** A message kind in the reader's language (an unknown kind is shown as stored). */
export function kindLabel(kind: string, t: Translate<Key>): string {
  const key = KIND_KEYS[kind];
  return key ? t(key) : kind;
}

/** The badge colour of a kind: bounces and complaints stand out, replies are good news. */
export function kindBadge(kind: string): string {
  return kind === 'bounce' || kind === 'complaint' ? 'badge badge-bad' : kind === 'reply' ? 'badge badge-ok' : kind === 'unsubscribe' ? 'badge badge-warn' : 'badge';
}

const FILED_KEYS: Readonly<Record<string, Key>> = { token: 'filedByToken', trace: 'filedByTrace', plus: 'filedByPlus', from: 'filedByFrom', manual: 'filedByManual' };

/** How a message found its customer, in words. */
export function filedByLabel(how: string, t: Translate<Key>): string {
  const key = FILED_KEYS[how];
  return key ? t(key) : how;
}

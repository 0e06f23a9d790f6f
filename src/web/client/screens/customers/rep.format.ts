import type { Translate } from '../../i18n/index.js';
import type { CustomerSuppression, Skipped } from './rep.api.js';
import type { RepMessageKey } from './rep.messages.js';

/** A day as 2026-11-02: the same in every language, and what the suppression list shows. */
export const day = (ms: number | null): string => (ms === null ? '—' : new Date(ms).toISOString().slice(0, 10));

const SKIP: Record<Skipped['reason'], RepMessageKey> = {
  unsubscribed: 'skipUnsubscribed',
  'hard-bounce': 'skipHardBounce',
  'soft-bounce': 'skipSoftBounce',
  complaint: 'skipComplaint',
  manual: 'skipManual',
  'sms-keyword': 'skipSmsKeyword',
  'no-address': 'skipNoAddress',
};

/** "Not sent to 王芳: unsubscribed on 2026-11-02". */
export function skippedLine(s: Skipped, t: Translate<RepMessageKey>): string {
  return t('skippedLine', { name: s.name, reason: t(SKIP[s.reason], { date: day(s.since), address: s.address ?? '' }) });
}

const REASON: Record<CustomerSuppression['reason'], RepMessageKey> = {
  unsubscribed: 'reasonUnsubscribed',
  'hard-bounce': 'reasonHardBounce',
  'soft-bounce': 'reasonSoftBounce',
  complaint: 'reasonComplaint',
  manual: 'reasonManual',
  'sms-keyword': 'reasonSmsKeyword',
};

/** "Email to wang@example.com: unsubscribed since 2026-11-02". */
export function suppressionLine(s: CustomerSuppression, t: Translate<RepMessageKey>): string {
  return t('suppressionLine', {
    channel: s.channel === 'email' ? t('channelEmail') : t('channelSms'),
    value: s.scope === 'domain' ? t('suppressionDomain', { value: s.value }) : s.value,
    reason: t(REASON[s.reason]),
    date: day(s.at),
  });
}

import type { CampaignMessage } from './campaign.types.js';
import type { campaignMessageResults } from './campaign-messages.messages.js';

type ResultKey = keyof (typeof campaignMessageResults)['en'];
type Translate = (key: ResultKey, vars?: Readonly<Record<string, string | number>>) => string;

/**
 * What happened to a refused or bounced message, in words: "550 5.1.1 — user unknown" (the SMTP
 * code and status when the server gave them, then the reason); null when the message was not
 * refused or bounced.
 */
export function outcomeText(m: Pick<CampaignMessage, 'reason' | 'smtpCode' | 'smtpStatus'>, t: Translate): string | null {
  if (!m.reason) return null;
  const reason = t(`reason_${m.reason}`);
  const smtp = [m.smtpCode, m.smtpStatus].filter((part) => part !== null && part !== undefined).join(' ');
  return smtp ? t('smtpWithReason', { smtp, reason }) : reason;
}

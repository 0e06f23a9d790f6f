import { api } from '../../api.js';
import type { ApiResponse } from '../../api/shapes.js';
import { formatCount, formatMinor } from '../../i18n/format.js';
import { defineMessages, useLocale, useT } from '../../i18n/index.js';
import { ErrorNotice } from '../../ui/components.js';
import { useAsync } from '../../ui/use-async.js';

type SmsCost = ApiResponse<'/api/campaigns/{id}/sms-cost'>;

const messages = defineMessages({
  en: {
    heading: 'SMS cost',
    hint: 'From the wallet ledger: what this campaign was charged, and what is still held for messages whose outcome is not known yet.',
    charged: 'Charged',
    chargedParts: 'Parts charged',
    held: 'Still held',
    messages: 'Messages billed',
    released: 'Given back (refused)',
  },
  'zh-CN': {
    heading: '短信费用',
    hint: '来自钱包流水：本群发已扣的费用，以及结果未知的短信仍预扣的金额。',
    charged: '已扣费',
    chargedParts: '已扣段数',
    held: '仍预扣',
    messages: '计费短信',
    released: '已退回（被拒）',
  },
});

/**
 * A campaign's SMS cost, parts and money, from the ledger (GET /api/campaigns/:id/sms-cost).
 * `version` changes as the campaign progresses, so the figures follow the sending.
 */
export function CampaignSmsCost({ campaignId, channel, version }: { campaignId: number; channel: string; version: string }) {
  const t = useT(messages);
  const { locale } = useLocale();
  const cost = useAsync((signal) => (channel === 'sms' ? api<SmsCost>(`/api/campaigns/${campaignId}/sms-cost`, { signal }) : Promise.resolve(null)), [campaignId, channel, version]);
  if (channel !== 'sms') return null;
  const data = cost.data;
  const money = (minor: number) => (data?.currency ? formatMinor(minor, data.currency, locale) : '—');
  return (
    <section class="panel" aria-labelledby="campaign-sms-cost-heading" data-testid="campaign-sms-cost">
      <h2 id="campaign-sms-cost-heading">{t('heading')}</h2>
      <p class="hint">{t('hint')}</p>
      <ErrorNotice error={cost.error} onRetry={cost.reload} />
      {data ? (
        <dl class="facts">
          <dt>{t('charged')}</dt>
          <dd data-testid="campaign-sms-charged" data-minor={data.chargedMinor}>
            {money(data.chargedMinor)}
          </dd>
          <dt>{t('chargedParts')}</dt>
          <dd data-testid="campaign-sms-parts">{formatCount(data.chargedParts, locale)}</dd>
          <dt>{t('messages')}</dt>
          <dd>{formatCount(data.messages, locale)}</dd>
          {data.heldMinor > 0 ? (
            <>
              <dt>{t('held')}</dt>
              <dd>{money(data.heldMinor)}</dd>
            </>
          ) : null}
          {data.released > 0 ? (
            <>
              <dt>{t('released')}</dt>
              <dd>{formatCount(data.released, locale)}</dd>
            </>
          ) : null}
        </dl>
      ) : null}
    </section>
  );
}

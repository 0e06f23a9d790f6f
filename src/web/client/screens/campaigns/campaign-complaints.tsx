import { api } from '../../api.js';
import { formatCount } from '../../i18n/format.js';
import { useLocale, useT } from '../../i18n/index.js';
import { useAsync } from '../../ui/use-async.js';
import { campaignComplaintsMessages } from './campaign-complaints.messages.js';

/** Complaints against delivered messages, as GET /api/campaigns/{id}/complaints gives them. */
interface ComplaintRate {
  readonly complaints: number;
  readonly delivered: number;
  /** A fraction: 0.006 is 0.6 %. */
  readonly rate: number;
}

/** GET /api/campaigns/{id}/complaints. */
interface CampaignComplaints {
  readonly campaign: ComplaintRate;
  readonly account: (ComplaintRate & { readonly mailAccountId: number }) | null;
  readonly limit: { readonly maxRate: number; readonly minDelivered: number };
}

/**
 * The campaign's spam-complaint rate and its sending mailbox's, with the bound that pauses a
 * campaign. Email campaigns only; reloads when `version` changes (the page's progress).
 */
export function CampaignComplaints({ campaignId, channel, version }: { campaignId: number; channel: 'email' | 'sms'; version: string }) {
  const t = useT(campaignComplaintsMessages);
  const { locale } = useLocale();
  const report = useAsync(
    (signal) => (channel === 'email' ? api<CampaignComplaints>(`/api/campaigns/${campaignId}/complaints`, { signal }) : Promise.resolve(null)),
    [campaignId, channel, version],
  );
  const data = report.data;
  if (!data) return null;
  const percent = (fraction: number) => (fraction * 100).toLocaleString(locale, { maximumFractionDigits: 2 });
  const value = (r: ComplaintRate) =>
    r.complaints === 0
      ? t('complaintsNone', { delivered: formatCount(r.delivered, locale) })
      : t('complaintsValue', { rate: percent(r.rate), complaints: formatCount(r.complaints, locale), delivered: formatCount(r.delivered, locale) });
  return (
    <section class="panel campaign-complaints" aria-labelledby="complaints-title" data-testid="campaign-complaints">
      <h2 id="complaints-title">{t('complaintsTitle')}</h2>
      <dl class="facts">
        <dt>{t('complaintsCampaign')}</dt>
        <dd data-testid="complaints-campaign">{value(data.campaign)}</dd>
        {data.account ? (
          <>
            <dt>{t('complaintsAccount')}</dt>
            <dd data-testid="complaints-account">{value(data.account)}</dd>
          </>
        ) : null}
      </dl>
      <p class="hint">{t('complaintsLimit', { limit: percent(data.limit.maxRate), min: formatCount(data.limit.minDelivered, locale) })}</p>
      <p class="hint">{t('complaintsHint')}</p>
    </section>
  );
}

import { api } from '../../api.js';
import type { ApiResponse } from '../../api/shapes.js';
import { useAuth } from '../../auth.js';
import { formatDateTime } from '../../i18n/format.js';
import { useLocale, useT } from '../../i18n/index.js';
import { ErrorNotice, Loading, PageHeader } from '../../ui/components.js';
import { ApprovalWarnings } from './approval-warnings.js';
import { useAsync } from '../../ui/use-async.js';
import { doneCount, type CampaignDetail, type Estimate } from './campaign.types.js';
import { CampaignComplaints } from './campaign-complaints.js';
import { CampaignControls } from './campaign-controls.js';
import { CampaignMessages } from './campaign-messages.js';
import { readableReason } from './pause-reason.js';
import { CampaignProgress } from './campaign-progress.js';
import { CampaignWaves } from './campaign-waves.js';
import { CampaignSmsCost } from './campaign-sms-cost.js';
import { campaignsMessages } from './campaigns.messages.js';
import { EstimateView } from './estimate-view.js';
import { describeSchedule } from './schedule-describe.js';
import { StatusBadge } from './status-badge.js';
import { useUpcomingHolidays } from './step-schedule.js';
import { useCampaign } from './use-campaign.js';
import { wizardMessages } from './wizard.messages.js';

function AudienceSummary({ audience }: { audience: CampaignDetail['audience'] }) {
  const t = useT(campaignsMessages);
  const count = (key: string) => (Array.isArray(audience[key]) ? (audience[key] as unknown[]).length : 0);
  const part = (key: string, one: 'audienceCustomersOne' | 'audienceGroupsOne' | 'audienceFiltersOne', many: 'audienceCustomers' | 'audienceGroups' | 'audienceFilters') => {
    const n = count(key);
    return n === 0 ? null : n === 1 ? t(one) : t(many, { n });
  };
  const parts = [
    part('customerIds', 'audienceCustomersOne', 'audienceCustomers'),
    part('groupIds', 'audienceGroupsOne', 'audienceGroups'),
    part('filterIds', 'audienceFiltersOne', 'audienceFilters'),
    audience.filter ? t('audienceFilter') : null,
  ].filter((p): p is string => p !== null);
  return <>{parts.length === 0 ? t('audienceEverybody') : parts.join(t('listSeparator'))}</>;
}

/** GET /api/template-versions/{id}. */
type TemplateVersionInfo = ApiResponse<'/api/template-versions/{id}'>;

/** "Name, version n", linked to the template for those who may open it. */
function TemplateName({ info, link }: { info: TemplateVersionInfo; link: boolean }) {
  const t = useT(campaignsMessages);
  const text = t('templateVersionOf', { name: info.templateName, version: info.version });
  return link ? <a href={`/templates/${info.templateId}`}>{text}</a> : <>{text}</>;
}

/** `/campaigns/:id`: live progress, the controls its status allows, details and results per message. */
export function CampaignDetailScreen({ id }: Record<string, unknown>) {
  const campaignId = Number(id);
  const t = useT(campaignsMessages);
  const tw = useT(wizardMessages);
  const { locale } = useLocale();
  const { can } = useAuth();
  const { campaign, error, refresh } = useCampaign(campaignId);
  const holidays = useUpcomingHolidays().data ?? [];
  const smsAccount = useAsync(
    (signal) => (campaign?.smsAccountId ? api<{ currency: string }>(`/api/sms-accounts/${campaign.smsAccountId}`, { signal }) : Promise.resolve(null)),
    [campaign?.smsAccountId],
  );
  const status = campaign?.progress.status;
  const estimate = useAsync(
    (signal) => (campaign?.channel === 'sms' && (status === 'draft' || status === 'scheduled') ? api<Estimate>(`/api/campaigns/${campaignId}/estimate`, { signal }) : Promise.resolve(null)),
    [campaignId, campaign?.channel, status],
  );
  // Campaigns store only the version id; one request names its template and number.
  const templateVersion = useAsync(
    (signal) => (campaign ? api<TemplateVersionInfo>(`/api/template-versions/${campaign.templateVersionId}`, { signal }) : Promise.resolve(null)),
    [campaign?.templateVersionId],
  );

  if (!campaign) return error ? <ErrorNotice error={error} onRetry={refresh} /> : <Loading />;
  const { progress } = campaign;
  const step = Math.max(1, Math.ceil(progress.total / 20));
  const date = (ms: number | null) => (ms === null ? '—' : formatDateTime(new Date(ms).toISOString(), locale));

  return (
    <div class="section-campaigns">
      <PageHeader title={campaign.name}>
        <StatusBadge status={progress.status} />
        <a class="btn btn-secondary" href="/campaigns">
          {t('backToList')}
        </a>
      </PageHeader>
      <ErrorNotice error={error} />
      <ApprovalWarnings campaignId={campaign.id} />
      {can('campaigns:send') ? <CampaignControls campaign={campaign} onChanged={refresh} /> : null}
      {estimate.data ? <EstimateView estimate={estimate.data} title={t('estimateTitle')} /> : null}
      <CampaignWaves campaignId={campaign.id} status={progress.status} schedule={campaign.schedule} />
      <div class="columns-even">
        <CampaignProgress progress={progress} />
        <section class="panel" aria-labelledby="facts-title">
          <h2 id="facts-title">{t('facts')}</h2>
          <dl class="facts">
            <dt>{t('factChannel')}</dt>
            <dd>{campaign.channel === 'email' ? t('channelEmail') : t('channelSms')}</dd>
            <dt>{t('factStatus')}</dt>
            <dd>
              <StatusBadge status={progress.status} />
            </dd>
            {progress.statusReason ? (
              <>
                <dt>{t('factReason')}</dt>
                <dd data-testid="status-reason">{readableReason(progress.statusReason, t)}</dd>
              </>
            ) : null}
            <dt>{t('factAudience')}</dt>
            <dd>
              <AudienceSummary audience={campaign.audience} />
            </dd>
            <dt>{t('factTemplate')}</dt>
            <dd data-testid="campaign-template">
              {templateVersion.data ? (
                <TemplateName info={templateVersion.data} link={can('templates:read')} />
              ) : (
                `#${campaign.templateVersionId}`
              )}
            </dd>
            <dt>{t('factSchedule')}</dt>
            <dd>{campaign.schedule ? describeSchedule(campaign.schedule, tw, locale, holidays) : t('whenNow')}</dd>
            {campaign.channel === 'email' ? (
              <>
                <dt>{t('factTracking')}</dt>
                <dd>{campaign.tracking ? t('yes') : t('no')}</dd>
              </>
            ) : null}
            <dt>{t('factCreated')}</dt>
            <dd>
              {date(campaign.createdAt)}
              {campaign.createdBy ? ` · ${campaign.createdBy}` : ''}
            </dd>
            <dt>{t('factStarted')}</dt>
            <dd>{date(campaign.startedAt)}</dd>
            <dt>{t('factFinished')}</dt>
            <dd>{date(campaign.finishedAt)}</dd>
          </dl>
        </section>
      </div>
      <CampaignComplaints campaignId={campaign.id} channel={campaign.channel} version={`${progress.status}:${Math.floor(doneCount(progress) / step)}`} />
      <CampaignSmsCost campaignId={campaign.id} channel={campaign.channel} version={`${progress.status}:${Math.floor(doneCount(progress) / step)}`} />
      <CampaignMessages
        campaignId={campaign.id}
        channel={campaign.channel}
        currency={smsAccount.data?.currency ?? null}
        version={`${progress.status}:${Math.floor(doneCount(progress) / step)}`}
      />
    </div>
  );
}

import { useState } from 'preact/hooks';
import { api, withQuery } from '../../api.js';
import { useAuth } from '../../auth.js';
import { formatCount, formatDateTime } from '../../i18n/format.js';
import { useLocale, useT } from '../../i18n/index.js';
import { ErrorNotice, Loading, PageHeader, SelectField } from '../../ui/components.js';
import { ApprovalWarnings } from './approval-warnings.js';
import { useAsync } from '../../ui/use-async.js';
import { CAMPAIGN_STATUSES, type Campaign, type CampaignDetail, type Progress } from './campaign.types.js';
import { campaignsMessages } from './campaigns.messages.js';
import { describeSchedule } from './schedule-describe.js';
import { StatusBadge } from './status-badge.js';
import { wizardMessages } from './wizard.messages.js';

const LIMIT = 50;

/**
 * The progress of each listed campaign, four requests at a time (the list itself has no counts);
 * failures leave that row's counts empty rather than failing the list.
 */
async function progressOf(campaigns: readonly Campaign[], signal: AbortSignal): Promise<Map<number, Progress>> {
  const result = new Map<number, Progress>();
  let next = 0;
  const worker = async () => {
    while (next < campaigns.length && !signal.aborted) {
      const campaign = campaigns[next++];
      if (!campaign) break;
      try {
        result.set(campaign.id, (await api<CampaignDetail>(`/api/campaigns/${campaign.id}`, { signal })).progress);
      } catch {
        // Shown as "—".
      }
    }
  };
  await Promise.all([worker(), worker(), worker(), worker()]);
  return result;
}

/** `/campaigns`: campaigns newest first with status and counts; a link to the wizard. */
export function CampaignsListScreen() {
  const t = useT(campaignsMessages);
  const tw = useT(wizardMessages);
  const { locale } = useLocale();
  const { can } = useAuth();
  const [status, setStatus] = useState('');
  const mayList = can('campaigns:read');
  const list = useAsync(async (signal) => {
    if (!mayList) return { campaigns: [] as Campaign[], progress: new Map<number, Progress>() };
    const campaigns = await api<Campaign[]>(withQuery('/api/campaigns', { status: status || undefined, limit: LIMIT }), { signal });
    return { campaigns, progress: await progressOf(campaigns, signal) };
  }, [status, mayList]);
  if (!mayList) {
    return (
      <>
        <PageHeader title={t('title')} />
        <p class="notice notice-info">{t('oneoffOnly')}</p>
      </>
    );
  }
  const n = (value: number) => formatCount(value, locale);

  return (
    <div class="section-campaigns">
      <PageHeader title={t('title')}>
        {can('campaigns:write') ? (
          <a class="btn btn-primary" href="/campaigns/new">
            {t('newCampaign')}
          </a>
        ) : null}
      </PageHeader>
      <ApprovalWarnings />
      <div class="row filters">
        <SelectField
          label={t('filterStatus')}
          value={status}
          onValue={setStatus}
          options={[{ value: '', label: t('all') }, ...CAMPAIGN_STATUSES.map((s) => ({ value: s, label: t(`status_${s}`) }))]}
        />
      </div>
      <ErrorNotice error={list.error} onRetry={list.reload} />
      {list.loading && !list.data ? <Loading /> : null}
      {list.data && list.data.campaigns.length === 0 ? <p>{t('empty')}</p> : null}
      {list.data && list.data.campaigns.length > 0 ? (
        <div class="table-wrap">
          <table aria-label={t('title')} data-testid="campaigns-table">
            <thead>
              <tr>
                <th scope="col">{t('colName')}</th>
                <th scope="col">{t('colChannel')}</th>
                <th scope="col">{t('colStatus')}</th>
                <th scope="col" class="num">
                  {t('colSent')}
                </th>
                <th scope="col" class="num">
                  {t('colFailed')}
                </th>
                <th scope="col">{t('colWhen')}</th>
                <th scope="col">{t('colCreated')}</th>
              </tr>
            </thead>
            <tbody>
              {list.data.campaigns.map((c) => {
                const p = list.data?.progress.get(c.id);
                return (
                  <tr key={c.id}>
                    <th scope="row">
                      <a href={`/campaigns/${c.id}`}>{c.name}</a>
                    </th>
                    <td>{c.channel === 'email' ? t('channelEmail') : t('channelSms')}</td>
                    <td>
                      <StatusBadge status={c.status} />
                    </td>
                    <td class="num">{p ? `${n(p.counts.sent)} / ${n(p.total)}` : '—'}</td>
                    <td class="num">{p ? n(p.counts.failed + p.counts.unknown) : '—'}</td>
                    <td>{c.schedule ? describeSchedule(c.schedule, tw, locale) : c.startedAt ? formatDateTime(new Date(c.startedAt).toISOString(), locale) : t('whenNow')}</td>
                    <td>{formatDateTime(new Date(c.createdAt).toISOString(), locale)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ) : null}
    </div>
  );
}

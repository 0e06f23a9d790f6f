import { common } from '../../i18n/common.js';
import { formatCount, formatDateTime } from '../../i18n/format.js';
import { useLocale, useT } from '../../i18n/index.js';
import { Button, ErrorNotice, Loading, PageHeader } from '../../ui/components.js';
import { useAsync } from '../../ui/use-async.js';
import { listCampaignCounts } from './inbox.api.js';
import { inboxMessages } from './inbox.messages.js';
import { InboxTabs } from './inbox-tabs.js';

/** /inbox/campaigns — replies, bounces, auto-replies and unsubscribes per campaign, newest answer first. */
export function CampaignsInboxScreen() {
  const t = useT(inboxMessages);
  const tc = useT(common);
  const { locale } = useLocale();
  const counts = useAsync((signal) => listCampaignCounts(signal), []);
  const list = counts.data ?? [];
  const n = (value: number) => formatCount(value, locale);
  return (
    <>
      <PageHeader title={tc('navInbox')} />
      <InboxTabs />
      <section class="panel" aria-labelledby="campaign-mail-heading">
        <div class="page-header inbox-panel-head">
          <h2 id="campaign-mail-heading">{t('tabCampaigns')}</h2>
          <Button kind="secondary" busy={counts.loading} onClick={counts.reload}>
            {t('refresh')}
          </Button>
        </div>
        <ErrorNotice error={counts.error} onRetry={counts.reload} />
        {counts.loading && !counts.data ? <Loading /> : null}
        {counts.data && list.length === 0 ? <p>{t('noCampaignMail')}</p> : null}
        {list.length > 0 ? (
          <div class="table-wrap">
            <table class="inbox-table" aria-labelledby="campaign-mail-heading">
              <thead>
                <tr>
                  <th scope="col">{t('colCampaign')}</th>
                  <th scope="col">{t('colChannel')}</th>
                  <th scope="col" class="num">
                    {t('colReplies')}
                  </th>
                  <th scope="col" class="num">
                    {t('colBounces')}
                  </th>
                  <th scope="col" class="num">
                    {t('colAutoReplies')}
                  </th>
                  <th scope="col" class="num">
                    {t('colUnsubscribes')}
                  </th>
                  <th scope="col" class="num">
                    {t('colUnverified')}
                  </th>
                  <th scope="col">{t('colLast')}</th>
                </tr>
              </thead>
              <tbody>
                {list.map((row) => (
                  <tr key={row.campaignId} data-campaign={row.campaignId}>
                    <th scope="row">
                      <a href={`/inbox/campaigns/${row.campaignId}`}>{row.name}</a>
                    </th>
                    <td>{row.channel === 'sms' ? t('channelSms') : t('channelEmail')}</td>
                    <td class="num">{n(row.replies)}</td>
                    <td class="num">{n(row.bounces)}</td>
                    <td class="num">{n(row.autoReplies)}</td>
                    <td class="num">{n(row.unsubscribes)}</td>
                    <td class="num">{n(row.unverified)}</td>
                    <td>{formatDateTime(new Date(row.lastAt).toISOString(), locale)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
      </section>
    </>
  );
}

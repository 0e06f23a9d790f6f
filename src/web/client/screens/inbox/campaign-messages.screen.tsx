import { useLocation } from 'preact-iso';
import { withQuery } from '../../api.js';
import { formatDateTime } from '../../i18n/format.js';
import { useLocale, useT } from '../../i18n/index.js';
import { ErrorNotice, Loading, PageHeader, SelectField } from '../../ui/components.js';
import { useAsync } from '../../ui/use-async.js';
import { listCampaignCounts, listCampaignMessages, MESSAGE_KINDS, type MessageKind } from './inbox.api.js';
import { inboxMessages } from './inbox.messages.js';
import { InboxTabs } from './inbox-tabs.js';
import { kindBadge, kindLabel } from './kind-label.js';

/** /inbox/campaigns/:id?kind= — one campaign's replies, bounces… newest first, each opening the message. */
export function CampaignMessagesScreen({ id }: { id?: string }) {
  const t = useT(inboxMessages);
  const { locale } = useLocale();
  const { query, route } = useLocation();
  const campaignId = Number(id);
  const kind = (MESSAGE_KINDS as readonly string[]).includes(query.kind ?? '') ? (query.kind as MessageKind) : '';
  const counts = useAsync((signal) => listCampaignCounts(signal), []);
  const messages = useAsync((signal) => listCampaignMessages(campaignId, kind, signal), [campaignId, kind]);
  const name = counts.data?.find((c) => c.campaignId === campaignId)?.name ?? t('campaignUnknown', { id: campaignId });
  const list = messages.data ?? [];
  return (
    <>
      <PageHeader title={t('campaignTitle', { name })}>
        <a class="btn btn-secondary" href="/inbox/campaigns">
          {t('backToCampaigns')}
        </a>
      </PageHeader>
      <InboxTabs />
      <div class="panel">
        <div class="inbox-kind-filter">
          <SelectField
            label={t('showKind')}
            name="kind"
            value={kind}
            onValue={(value) => route(withQuery(`/inbox/campaigns/${campaignId}`, { kind: value }), true)}
            options={[{ value: '', label: t('kindAll') }, ...MESSAGE_KINDS.map((k) => ({ value: k, label: kindLabel(k, t) }))]}
          />
        </div>
        <ErrorNotice error={messages.error} onRetry={messages.reload} />
        {messages.loading && !messages.data ? <Loading /> : null}
        {messages.data && list.length === 0 ? <p>{t('noCampaignMessages')}</p> : null}
        {list.length > 0 ? (
          <div class="table-wrap">
            <table class="inbox-table" aria-label={t('campaignTitle', { name })}>
              <thead>
                <tr>
                  <th scope="col">{t('colReceived')}</th>
                  <th scope="col">{t('colKind')}</th>
                  <th scope="col">{t('colFrom')}</th>
                  <th scope="col">{t('colSubject')}</th>
                  <th scope="col">{t('colCustomer')}</th>
                  <th scope="col">{t('colBounce')}</th>
                </tr>
              </thead>
              <tbody>
                {list.map((m) => (
                  <tr key={m.id} data-message={m.id}>
                    <td>{formatDateTime(new Date(m.date).toISOString(), locale)}</td>
                    <td>
                      <span class={kindBadge(m.kind)}>{kindLabel(m.kind, t)}</span>
                      {m.unverified ? <span class="badge badge-warn"> {t('unverifiedBadge')}</span> : null}
                    </td>
                    <td class="mono">{m.from ?? '—'}</td>
                    <th scope="row">
                      <a href={`/inbox/messages/${m.id}`}>{m.subject || t('noSubject')}</a>
                    </th>
                    <td>{m.customerId !== null ? <a href={`/customers/${m.customerId}`}>{m.customerName ?? t('customerLink', { id: m.customerId })}</a> : <span class="hint">{t('unfiledCustomer')}</span>}</td>
                    <td>
                      {m.bounceType ? (m.bounceType === 'hard' ? t('bounceHard') : t('bounceSoft')) : ''}
                      {m.bounceRecipient ? <span class="mono"> {m.bounceRecipient}</span> : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
      </div>
    </>
  );
}

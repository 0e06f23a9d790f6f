import { useLocation } from 'preact-iso';
import { useAuth } from '../../auth.js';
import { common } from '../../i18n/common.js';
import { formatDateTime } from '../../i18n/format.js';
import { useLocale, useT } from '../../i18n/index.js';
import { Button, ErrorNotice, Loading, Notice, PageHeader } from '../../ui/components.js';
import { useAsync } from '../../ui/use-async.js';
import { listUnfiled } from './inbox.api.js';
import { inboxMessages } from './inbox.messages.js';
import { InboxTabs } from './inbox-tabs.js';
import { kindBadge, kindLabel } from './kind-label.js';
import { mineMessages } from './mine.messages.js';
import { MyInbox, MySent } from './my-inbox.js';

/**
 * /inbox — the messages no rule could file, newest first, each opening the message with the
 * assign picker. `?assigned=<subject>&to=<customer>` confirm a filing after the navigation. Sales reps (inbox:own)
 * read their customers' mail under each customer instead.
 */
export function UnfiledScreen() {
  const t = useT(inboxMessages);
  const tm = useT(mineMessages);
  const tc = useT(common);
  const { locale } = useLocale();
  const { can } = useAuth();
  const { query } = useLocation();
  const everyone = can('inbox:read');
  const unfiled = useAsync((signal) => (everyone ? listUnfiled(signal) : Promise.resolve([])), [everyone]);
  const list = unfiled.data ?? [];
  return (
    <>
      <PageHeader title={tc('navInbox')} />
      {everyone ? <p class="hint">{t('intro')}</p> : null}
      {everyone ? <InboxTabs /> : null}
      {query.assigned !== undefined && query.to ? <Notice kind="success">{t('assigned', { subject: query.assigned || t('noSubject'), name: query.to })}</Notice> : null}
      {!everyone ? (
        // A sales rep's inbox is what came back to their own letters.
        <>
          <MyInbox />
          {can('campaigns:oneoff') ? <MySent /> : null}
        </>
      ) : (
        <section class="panel" aria-labelledby="unfiled-heading">
          <div class="page-header inbox-panel-head">
            <h2 id="unfiled-heading">{t('unfiledHeading')}</h2>
            <Button kind="secondary" busy={unfiled.loading} onClick={unfiled.reload}>
              {t('refresh')}
            </Button>
          </div>
          {/* Only those who may file are asked to: the others are told who does it. */}
          <p class="hint">{can('inbox:write') ? t('unfiledHint') : tm('unfiledHintReadOnly')}</p>
          <ErrorNotice error={unfiled.error} onRetry={unfiled.reload} />
          {unfiled.loading && !unfiled.data ? <Loading /> : null}
          {unfiled.data && list.length === 0 ? <p>{t('noUnfiled')}</p> : null}
          {list.length > 0 ? (
            <div class="table-wrap">
              <table class="inbox-table" aria-labelledby="unfiled-heading">
                <thead>
                  <tr>
                    <th scope="col">{t('colReceived')}</th>
                    <th scope="col">{t('colFrom')}</th>
                    <th scope="col">{t('colSubject')}</th>
                    <th scope="col">{t('colKind')}</th>
                    <th scope="col">{t('colCandidates')}</th>
                  </tr>
                </thead>
                <tbody>
                  {list.map((message) => (
                    <tr key={message.id} data-message={message.id}>
                      <td>{formatDateTime(new Date(message.date).toISOString(), locale)}</td>
                      <td class="mono">{message.from ?? '—'}</td>
                      <th scope="row">
                        <a href={`/inbox/messages/${message.id}`}>{message.subject || t('noSubject')}</a>
                      </th>
                      <td>
                        <span class={kindBadge(message.kind)}>{kindLabel(message.kind, t)}</span>
                        {message.unverified ? <span class="badge badge-warn"> {t('unverifiedBadge')}</span> : null}
                      </td>
                      <td>{message.candidates.length > 0 ? t('candidates', { count: message.candidates.length }) : t('noCandidates')}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : null}
        </section>
      )}
    </>
  );
}

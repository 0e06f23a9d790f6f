import { formatCount, formatDateTime } from '../../i18n/format.js';
import type { Locale } from '../../i18n/index.js';
import { useLocale, useT } from '../../i18n/index.js';
import { Button, ErrorNotice, Loading } from '../../ui/components.js';
import { useAsync } from '../../ui/use-async.js';
import { listMyInbox, listMySent, type MyInboxEntry } from './mine.api.js';
import { mineMessages } from './mine.messages.js';

const KIND_KEY = { reply: 'kindReply', bounce: 'kindBounce', 'auto-reply': 'kindAutoReply' } as const;
const KIND_BADGE = { reply: 'badge badge-ok', bounce: 'badge badge-bad', 'auto-reply': 'badge' } as const;

/** What came back to the caller's letters, newest first; unread rows are bold and say so. */
export function MyInbox() {
  const t = useT(mineMessages);
  const { locale } = useLocale();
  const inbox = useAsync((signal) => listMyInbox(signal), []);
  const list = inbox.data ?? [];
  return (
    <section class="panel" aria-labelledby="mine-heading">
      <div class="page-header inbox-panel-head">
        <h2 id="mine-heading">{t('mineHeading')}</h2>
        <Button kind="secondary" busy={inbox.loading} onClick={inbox.reload}>
          {t('refresh')}
        </Button>
      </div>
      <p class="hint">{t('mineHint')}</p>
      <ErrorNotice error={inbox.error} onRetry={inbox.reload} />
      {inbox.loading && !inbox.data ? <Loading /> : null}
      {inbox.data && list.length === 0 ? <p>{t('mineEmpty')}</p> : null}
      {list.length > 0 ? (
        <div class="table-wrap">
          <table class="inbox-table" aria-labelledby="mine-heading" data-testid="my-inbox">
            <thead>
              <tr>
                <th scope="col">{t('colReceived')}</th>
                <th scope="col">{t('colCustomer')}</th>
                <th scope="col">{t('colSubject')}</th>
                <th scope="col">{t('colKind')}</th>
              </tr>
            </thead>
            <tbody>
              {list.map((m) => (
                <Row key={m.id} entry={m} locale={locale} />
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}

function Row({ entry: m, locale }: { entry: MyInboxEntry; locale: Locale }) {
  const t = useT(mineMessages);
  const subject = m.subject || t('noSubject');
  return (
    <tr data-message={m.id} data-read={m.read ? 'yes' : 'no'} class={m.read ? undefined : 'inbox-unread'}>
      <td>{formatDateTime(new Date(m.date).toISOString(), locale)}</td>
      <td>{m.customerId !== null ? <a href={`/customers/${m.customerId}`}>{m.customerName ?? m.from ?? '—'}</a> : (m.from ?? '—')}</td>
      <th scope="row">
        {m.read ? null : <span class="badge badge-warn">{t('unread')}</span>}{' '}
        <a href={`/inbox/messages/${m.id}`}>{m.read ? subject : <strong>{subject}</strong>}</a>
        {m.bounceReason ? (
          <div class="hint" style="font-weight: normal">
            {t('bounced', { reason: m.bounceReason })}
          </div>
        ) : m.preview ? (
          <div class="hint" style="font-weight: normal">
            {m.preview}
          </div>
        ) : null}
      </th>
      <td>
        <span class={KIND_BADGE[m.kind]}>{t(KIND_KEY[m.kind])}</span>
      </td>
    </tr>
  );
}

/** The caller's own one-offs with how many arrived: a rep's "Sent" list. */
export function MySent() {
  const t = useT(mineMessages);
  const { locale } = useLocale();
  const sent = useAsync((signal) => listMySent(signal), []);
  const list = sent.data ?? [];
  const n = (v: number) => formatCount(v, locale);
  return (
    <section class="panel" aria-labelledby="my-sent-heading">
      <h2 id="my-sent-heading">{t('sentHeading')}</h2>
      <ErrorNotice error={sent.error} onRetry={sent.reload} />
      {sent.data && list.length === 0 ? <p>{t('sentEmpty')}</p> : null}
      {list.length > 0 ? (
        <ul class="cust-plain" data-testid="my-sent">
          {list.map((s) => (
            <li key={s.campaignId} data-campaign={s.campaignId}>
              {formatDateTime(new Date(s.createdAt).toISOString(), locale)} · <strong>{s.subject ?? t('noSubject')}</strong> ·{' '}
              {t('sentRow', { sent: n(s.sent), recipients: n(s.recipients), notDelivered: n(s.notDelivered) })}
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}

/** /inbox/mine — My inbox and, below it, what I sent. */
export function MyInboxScreen() {
  return (
    <>
      <MyInbox />
      <MySent />
    </>
  );
}

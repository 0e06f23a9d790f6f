import { useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { withQuery } from '../../api.js';
import { useAuth } from '../../auth.js';
import { formatCount, formatDateTime } from '../../i18n/format.js';
import { useLocale, useT } from '../../i18n/index.js';
import { Button, ErrorNotice, Loading, Notice, PageHeader } from '../../ui/components.js';
import { useAsync } from '../../ui/use-async.js';
import { CustomerPicker } from './customer-picker.js';
import { assignMessage, getCustomer, getMessage, type CustomerSummary, type InboxMessage } from './inbox.api.js';
import { EffectBanner } from './effect-banner.js';
import { inboxMessages } from './inbox.messages.js';
import { filedByLabel, kindBadge, kindLabel } from './kind-label.js';
import { MessageBody } from './message-body.js';
import { mineMessages } from './mine.messages.js';
import { ReplyPanel } from './reply-panel.js';

/** /inbox/messages/:id — one received message; an unfiled one can be filed under a customer here. */
export function MessageScreen({ id }: { id?: string }) {
  const t = useT(inboxMessages);
  const tm = useT(mineMessages);
  const { can } = useAuth();
  const message = useAsync((signal) => getMessage(Number(id), signal), [id]);
  const data = message.data;
  // Back to a list the role may open: a sales rep (inbox:own) has no campaign lists, only My inbox.
  const everyone = can('inbox:read');
  const back = !everyone
    ? { href: '/inbox', label: tm('backToMine') }
    : data?.campaignId
      ? { href: `/inbox/campaigns/${data.campaignId}`, label: t('backToCampaigns') }
      : { href: '/inbox', label: t('backToInbox') };
  return (
    <>
      <PageHeader title={data ? data.subject || t('noSubject') : t('bodyHeading')}>
        <a class="btn btn-secondary" href={back.href}>
          {back.label}
        </a>
      </PageHeader>
      <ErrorNotice error={message.error} onRetry={message.reload} />
      {message.loading && !data ? <Loading /> : null}
      {data ? <MessageView message={data} onChange={message.reload} /> : null}
    </>
  );
}

function MessageView({ message, onChange }: { message: InboxMessage; onChange: () => void }) {
  const t = useT(inboxMessages);
  const { locale } = useLocale();
  const { can } = useAuth();
  const customerId = message.customerId;
  const customer = useAsync((signal) => (customerId === null ? Promise.resolve(null) : getCustomer(customerId, signal)), [customerId]);
  const from = message.from.name && message.from.address ? `${message.from.name} <${message.from.address}>` : (message.from.address ?? message.from.name ?? '—');
  return (
    <div class="inbox-columns">
      <article class="panel inbox-message" aria-label={message.subject || t('noSubject')}>
        <dl class="inbox-facts">
          <dt>{t('messageFrom')}</dt>
          <dd class="mono">{from}</dd>
          <dt>{t('messageTo')}</dt>
          <dd class="mono">{message.to.join(', ') || '—'}</dd>
          <dt>{t('messageDate')}</dt>
          <dd>{formatDateTime(new Date(message.date).toISOString(), locale)}</dd>
          <dt>{t('messageKind')}</dt>
          <dd>
            <span class={kindBadge(message.kind)}>{kindLabel(message.kind, t)}</span>
          </dd>
          {message.customerId !== null ? (
            <>
              <dt>{t('messageFiled')}</dt>
              <dd>
                <a href={`/customers/${message.customerId}`}>{customer.data?.displayName ?? t('customerLink', { id: message.customerId })}</a>
                {message.filedBy ? <span class="hint"> · {t('filedBy', { how: filedByLabel(message.filedBy, t) })}</span> : null}
              </dd>
            </>
          ) : null}
          {message.campaignId !== null ? (
            <>
              <dt>{t('messageCampaign')}</dt>
              <dd>
                {can('inbox:read') ? (
                  <a href={`/inbox/campaigns/${message.campaignId}`}>{t('campaignUnknown', { id: message.campaignId })}</a>
                ) : (
                  t('campaignUnknown', { id: message.campaignId })
                )}
              </dd>
            </>
          ) : null}
        </dl>
        <EffectBanner message={message} onConfirmed={onChange} />
        {message.bounce ? (
          <section class="notice notice-warning" aria-label={t('bounceHeading')}>
            <strong>{t('bounceHeading')}</strong>
            <dl class="inbox-facts">
              {message.bounce.type ? (
                <>
                  <dt>{t('bounceType')}</dt>
                  <dd>{message.bounce.type === 'hard' ? t('bounceHard') : t('bounceSoft')}</dd>
                </>
              ) : null}
              {message.bounce.recipient ? (
                <>
                  <dt>{t('bounceRecipient')}</dt>
                  <dd class="mono">{message.bounce.recipient}</dd>
                </>
              ) : null}
              {message.bounce.status ? (
                <>
                  <dt>{t('bounceStatus')}</dt>
                  <dd class="mono">{message.bounce.status}</dd>
                </>
              ) : null}
              {message.bounce.diagnostic ? (
                <>
                  <dt>{t('bounceDiagnostic')}</dt>
                  <dd class="mono">{message.bounce.diagnostic}</dd>
                </>
              ) : null}
            </dl>
          </section>
        ) : null}
        <h2>{t('bodyHeading')}</h2>
        <MessageBody html={message.html} text={message.text} />
        {message.attachments.length > 0 ? (
          <>
            <h2>{t('attachments')}</h2>
            <ul>
              {message.attachments.map((a, index) => (
                <li key={index}>
                  {a.filename ?? a.contentType} <span class="hint">({a.contentType}, {formatCount(a.size, locale)} B)</span>
                </li>
              ))}
            </ul>
          </>
        ) : null}
        {can('users:admin') ? (
          <p>
            <a href={`/api/inbox/messages/${message.id}/raw`} download={`message-${message.id}.eml`}>
              {t('downloadRaw')}
            </a>
          </p>
        ) : null}
      </article>
      {message.customerId === null && can('inbox:write') ? <AssignPanel message={message} /> : null}
      {can('campaigns:oneoff') && message.kind !== 'bounce' && message.kind !== 'complaint' ? <ReplyPanel message={message} /> : null}
    </div>
  );
}

/** Files the message under the chosen customer, then returns to the unfiled list. */
function AssignPanel({ message }: { message: InboxMessage }) {
  const t = useT(inboxMessages);
  const { can } = useAuth();
  const { route } = useLocation();
  const [chosen, setChosen] = useState<CustomerSummary | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  async function assign() {
    if (!chosen) return;
    setBusy(true);
    setError(null);
    try {
      await assignMessage(message.id, chosen.id);
      route(withQuery('/inbox', { assigned: message.subject ?? '', to: chosen.displayName }));
    } catch (failure) {
      setError(failure);
      setBusy(false);
    }
  }

  return (
    <section class="panel inbox-assign" aria-labelledby="assign-heading">
      <h2 id="assign-heading">{t('assignHeading')}</h2>
      {!can('inbox:write') ? (
        <Notice>{t('cannotAssign')}</Notice>
      ) : (
        <>
          <CustomerPicker sender={message.from.address} chosen={chosen} onChoose={setChosen} />
          <ErrorNotice error={error} />
          <Button busy={busy} disabled={!chosen} onClick={() => void assign()} aria-describedby={chosen ? undefined : 'assign-choose'}>
            {chosen ? t('assignTo', { name: chosen.displayName }) : t('assignTo', { name: '…' })}
          </Button>
          {chosen ? null : (
            <p id="assign-choose" class="hint">
              {t('chooseCustomer')}
            </p>
          )}
        </>
      )}
    </section>
  );
}

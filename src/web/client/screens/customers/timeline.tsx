import { useEffect } from 'preact/hooks';
import { useAuth } from '../../auth.js';
import { useLocale, useT } from '../../i18n/index.js';
import { Button, ErrorNotice, Loading } from '../../ui/components.js';
import { useAsync } from '../../ui/use-async.js';
import { customerTimeline, type TimelineEntry } from './customers.api.js';
import { formatInstant } from './customers.format.js';
import { messages, type MessageKey } from './customers.messages.js';
import { repMessages, type RepMessageKey } from './rep.messages.js';

/** A sent item's delivery outcome: label and badge. */
const OUTCOME: Record<NonNullable<TimelineEntry['outcome']>, { key: RepMessageKey; badge: string }> = {
  pending: { key: 'outPending', badge: '' },
  sent: { key: 'outSent', badge: 'badge-ok' },
  bounced: { key: 'outBounced', badge: 'badge-bad' },
  failed: { key: 'outFailed', badge: 'badge-bad' },
  suppressed: { key: 'outSuppressed', badge: 'badge-warn' },
  cancelled: { key: 'outCancelled', badge: '' },
  replied: { key: 'outReplied', badge: 'badge-ok' },
};

const STATUS: Record<string, { key: MessageKey; badge: string }> = {
  queued: { key: 'stQueued', badge: '' },
  sending: { key: 'stSending', badge: '' },
  sent: { key: 'stSent', badge: 'badge-ok' },
  failed: { key: 'stFailed', badge: 'badge-bad' },
  deferred: { key: 'stDeferred', badge: 'badge-warn' },
  unknown: { key: 'stUnknown', badge: 'badge-warn' },
  suppressed: { key: 'stSuppressed', badge: 'badge-warn' },
  cancelled: { key: 'stCancelled', badge: '' },
  forwarded: { key: 'stForwarded', badge: 'badge-ok' },
  reply: { key: 'stReply', badge: 'badge-ok' },
  bounce: { key: 'stBounce', badge: 'badge-bad' },
  'auto-reply': { key: 'stAutoReply', badge: '' },
  unsubscribe: { key: 'stUnsubscribe', badge: 'badge-warn' },
  other: { key: 'stOther', badge: '' },
};

/** Seconds between quiet refreshes while the page is open: replies are filed by the inbox poller. */
const REFRESH_SECONDS = 20;

/**
 * Where an entry leads: a received message to its own page, a sent one to its campaign's results
 * (one-off emails are campaigns too) for those who may open them; null when there is nowhere to go.
 */
export function entryHref(entry: TimelineEntry, canSeeCampaigns: boolean): string | null {
  if (entry.direction === 'in') return `/inbox/messages/${entry.id}`;
  return entry.campaignId !== null && canSeeCampaigns ? `/campaigns/${entry.campaignId}` : null;
}

const newestFirst = (a: TimelineEntry, b: TimelineEntry) => b.at - a.at || (a.direction === b.direction ? b.id - a.id : a.direction === 'in' ? -1 : 1);

/** What we sent a customer and what came back (replies, bounces), newest first. */
export function Timeline({ customerId }: { customerId: number }) {
  const t = useT(messages);
  const tr = useT(repMessages);
  const { locale } = useLocale();
  const { can } = useAuth();
  const canSeeCampaigns = can('campaigns:read');
  const timeline = useAsync((signal) => customerTimeline(customerId, signal), [customerId]);
  useEffect(() => {
    const timer = setInterval(() => document.visibilityState === 'visible' && timeline.reload(), REFRESH_SECONDS * 1000);
    return () => clearInterval(timer);
  }, [timeline.reload]);
  const entries = [...(timeline.data ?? [])].sort(newestFirst);

  return (
    <section class="panel" aria-labelledby="timeline-heading">
      <div class="cust-section-head">
        <h2 id="timeline-heading">{t('timeline')}</h2>
        <Button kind="secondary" onClick={timeline.reload} busy={timeline.loading && timeline.data !== undefined}>
          {t('refresh')}
        </Button>
      </div>
      <p class="hint">{t('timelineHint')}</p>
      <ErrorNotice error={timeline.error} onRetry={timeline.reload} />
      {timeline.data === undefined ? (
        timeline.error ? null : <Loading />
      ) : entries.length === 0 ? (
        <p>{t('timelineEmpty')}</p>
      ) : (
        <ol class="cust-timeline" data-testid="timeline">
          {entries.map((e) => {
            const status = STATUS[e.status];
            const outcome = e.outcome ? OUTCOME[e.outcome] : undefined;
            const href = entryHref(e, canSeeCampaigns);
            // SMS have no subject: the link names the campaign instead.
            const title = e.channel === 'email' ? (e.subject ?? t('noSubject')) : href && e.campaignId !== null ? t('campaignLink', { id: e.campaignId }) : null;
            return (
              <li key={`${e.direction}-${e.id}`} class={`cust-timeline-entry cust-timeline-${e.direction}`}>
                <div class="cust-timeline-meta">
                  <strong>{e.direction === 'out' ? t('directionOut') : t('directionIn')}</strong> · {e.channel === 'email' ? t('channelEmail') : t('channelSms')} ·{' '}
                  <time dateTime={new Date(e.at).toISOString()}>{formatInstant(e.at, locale)}</time>
                  {' '}
                  {outcome ? (
                    <span class={`badge ${outcome.badge}`} data-outcome={e.outcome}>
                      {tr(outcome.key)}
                    </span>
                  ) : (
                    <span class={`badge ${status?.badge ?? ''}`}>{status ? t(status.key) : e.status}</span>
                  )}
                  {e.direction === 'in' && e.campaignId !== null && canSeeCampaigns ? (
                    <>
                      {' · '}
                      <a href={`/campaigns/${e.campaignId}`}>{t('campaignLink', { id: e.campaignId })}</a>
                    </>
                  ) : null}
                </div>
                {title !== null ? <div class="cust-timeline-subject">{href ? <a href={href}>{title}</a> : title}</div> : null}
                {e.address ? <div class="hint">{e.address}</div> : null}
                {e.preview ? <p class="cust-timeline-preview">{e.preview}</p> : null}
                {e.outcomeDetail && (e.outcome === 'bounced' || e.outcome === 'failed' || e.outcome === 'suppressed') ? <p class="hint">{tr('outcomeBecause', { detail: e.outcomeDetail })}</p> : null}
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}

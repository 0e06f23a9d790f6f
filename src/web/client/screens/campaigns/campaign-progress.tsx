import { formatCount } from '../../i18n/format.js';
import { useLocale, useT, type Translate } from '../../i18n/index.js';
import { doneCount, MESSAGE_STATES, type Progress } from './campaign.types.js';
import { campaignsMessages } from './campaigns.messages.js';
import { StateBadge } from './status-badge.js';

type Key = keyof (typeof campaignsMessages)['en'];

/** Seconds as "1 h 5 min", "3 min 20 s" or "42 s". */
export function formatDuration(seconds: number, t: Translate<Key>): string {
  const s = Math.max(0, Math.round(seconds));
  if (s >= 3600) return t('durationH', { h: Math.floor(s / 3600), m: Math.floor((s % 3600) / 60) });
  if (s >= 60) return t('durationM', { m: Math.floor(s / 60), s: s % 60 });
  return t('durationS', { s });
}

/**
 * Live progress: a bar (role progressbar with aria-valuenow), a polite live region saying how far
 * it got, the rate and time left, the messages per state, and opens/clicks when tracked.
 */
export function CampaignProgress({ progress }: { progress: Progress }) {
  const t = useT(campaignsMessages);
  const { locale } = useLocale();
  const n = (value: number) => formatCount(value, locale);
  const done = doneCount(progress);
  const percent = progress.total > 0 ? Math.floor((done * 100) / progress.total) : progress.status === 'finished' ? 100 : 0;
  const notDelivered = progress.counts.failed + progress.counts.unknown + progress.counts.suppressed + progress.counts.cancelled;
  const running = progress.status === 'running';
  return (
    <section class="panel campaign-progress" aria-labelledby="progress-title">
      <h2 id="progress-title">{t('progress')}</h2>
      {progress.status === 'scheduled' ? <p class="hint">{t('waitingSchedule')}</p> : null}
      {running && !progress.materialized ? <p class="hint">{t('preparing')}</p> : null}
      <div
        class="progress"
        role="progressbar"
        aria-label={t('progressLabel')}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        aria-valuetext={`${percent}%`}
        data-testid="campaign-progressbar"
      >
        <div style={{ width: `${percent}%` }} />
      </div>
      <p role="status" aria-live="polite" data-testid="progress-live">
        {t('progressLive', { done: n(done), total: n(progress.total), sent: n(progress.counts.sent), failed: n(notDelivered) })}
      </p>
      <dl class="facts">
        <dt>{t('rate')}</dt>
        <dd data-testid="progress-rate">{t('rateValue', { rate: progress.ratePerSecond.toLocaleString(locale) })}</dd>
        <dt>{t('eta')}</dt>
        <dd data-testid="progress-eta">{progress.remaining === 0 ? '—' : progress.etaSeconds === null ? t('etaUnknown') : formatDuration(progress.etaSeconds, t)}</dd>
      </dl>
      <table class="state-counts" aria-label={t('perState')}>
        <tbody>
          {MESSAGE_STATES.map((state) => (
            <tr key={state}>
              <th scope="row">
                <StateBadge state={state} />
              </th>
              <td class="num" data-testid={`count-${state}`}>
                {n(progress.counts[state])}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {progress.tracking ? (
        <>
          <h3>{t('trackingTitle')}</h3>
          <dl class="facts" data-testid="tracking-counts">
            <dt>{t('opened')}</dt>
            <dd>{n(progress.tracking.opened)}</dd>
            <dt>{t('clicked')}</dt>
            <dd>{n(progress.tracking.clicked)}</dd>
            <dt>{t('opens')}</dt>
            <dd>{n(progress.tracking.opens)}</dd>
            <dt>{t('clicks')}</dt>
            <dd>{n(progress.tracking.clicks)}</dd>
          </dl>
        </>
      ) : null}
    </section>
  );
}

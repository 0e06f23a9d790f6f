import { formatCount, formatMinor } from '../../i18n/format.js';
import { useLocale, useT } from '../../i18n/index.js';
import type { Estimate } from './campaign.types.js';
import { planMessages } from './schedule-plan.messages.js';
import { wizardMessages } from './wizard.messages.js';

/** An SMS cost estimate: recipients × parts × price, the balance, and whether it covers the cost. */
export function EstimateView({ estimate, title }: { estimate: Estimate; title: string }) {
  const t = useT(wizardMessages);
  const { locale } = useLocale();
  const money = (minor: number) => formatMinor(minor, estimate.currency, locale);
  return (
    <section class="estimate" aria-labelledby="estimate-title" data-testid="sms-estimate" data-sufficient={String(estimate.sufficient)}>
      <h3 id="estimate-title">{title}</h3>
      <p>
        {t('estimateLine', {
          recipients: formatCount(estimate.recipients, locale),
          parts: formatCount(estimate.parts, locale),
          price: money(estimate.priceMinor),
        })}
      </p>
      <dl class="facts">
        <dt>{t('estimateChars')}</dt>
        <dd>
          {estimate.characters} · {estimate.encoding}
        </dd>
        <dt>{t('estimateCost')}</dt>
        <dd data-testid="estimate-cost">
          <strong>{money(estimate.costMinor)}</strong>
        </dd>
        <dt>{t('balance')}</dt>
        <dd data-testid="estimate-balance">{money(estimate.balanceMinor)}</dd>
      </dl>
      {estimate.sufficient ? (
        <p class="notice notice-success">{t('covers')}</p>
      ) : (
        <p class="notice notice-warning">{t('notCovered', { missing: money(estimate.costMinor - estimate.balanceMinor) })}</p>
      )}
    </section>
  );
}

/** How long a send takes, as GET/POST …/plan computes it under the rate limits and quiet hours. */
export interface DurationFigure {
  readonly seconds: number;
  readonly limitedBy: 'account' | 'domain' | 'none';
  readonly heldByQuietHours: boolean;
}

/** Seconds as "2 d 3 h", "1 h 5 min", "19 min"; under a minute is null (the caller says so). */
export function formatSendDuration(seconds: number, t: (key: 'durD' | 'durH' | 'durM', params: Record<string, number>) => string): string | null {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return null;
  if (s >= 86_400) return t('durD', { d: Math.floor(s / 86_400), h: Math.floor((s % 86_400) / 3600) });
  if (s >= 3600) return t('durH', { h: Math.floor(s / 3600), m: Math.floor((s % 3600) / 60) });
  return t('durM', { m: Math.ceil(s / 60) });
}

/**
 * The time-to-send estimate: paced by the account's rate limits or the per-domain limit, with the
 * overnight pause for quiet hours included, and which of them decided it.
 */
export function DurationEstimate({ duration, quietWindow }: { duration: DurationFigure; quietWindow: { start: string; end: string } | null }) {
  const t = useT(planMessages);
  const text = formatSendDuration(duration.seconds, t);
  const why = [
    // Which limit paces a send of under a minute is not worth a line.
    text === null ? null : duration.limitedBy === 'account' ? t('limitedByAccount') : duration.limitedBy === 'domain' ? t('limitedByDomain') : null,
    duration.heldByQuietHours && quietWindow ? t('heldByQuiet', quietWindow) : null,
  ].filter((x): x is string => x !== null);
  return (
    <span data-testid="send-duration" data-seconds={duration.seconds} data-limited-by={duration.limitedBy}>
      {text ? t('durationValue', { duration: text }) : t('durationNone')}
      {why.length > 0 ? <small class="hint"> · {why.join(' · ')}</small> : null}
    </span>
  );
}

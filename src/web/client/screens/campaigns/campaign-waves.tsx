import { api } from '../../api.js';
import type { ApiResponse } from '../../api/shapes.js';
import { formatCount } from '../../i18n/format.js';
import { useLocale, useT, type Locale } from '../../i18n/index.js';
import { ErrorNotice, Loading } from '../../ui/components.js';
import { useAsync } from '../../ui/use-async.js';
import { DurationEstimate } from './estimate-view.js';
import { planMessages } from './schedule-plan.messages.js';
import { useUpcomingHolidays } from './step-schedule.js';

/** GET /api/campaigns/{id}/plan, POST /api/campaigns/plan: the next send, its waves and the time it takes. */
export type CampaignPlan = ApiResponse<'/api/campaigns/plan', 'post'>;

/** The short name of a zone's offset at an instant in the reader's language ("GMT+8", "CET"). */
function zoneAbbreviation(iso: string, zone: string, locale: Locale): string {
  try {
    const parts = new Intl.DateTimeFormat(locale === 'zh-CN' ? 'zh-CN' : 'en-GB', { timeZone: zone, timeZoneName: 'short' }).formatToParts(new Date(iso));
    return parts.find((p) => p.type === 'timeZoneName')?.value ?? '';
  } catch {
    return '';
  }
}

/** HH:mm of an instant in UTC. */
const utcTime = (iso: string) => iso.slice(11, 16);

/**
 * The next send date (with the holiday's name when it is one) and one line per time zone of the
 * audience: how many recipients, at what time on their clock and in UTC; then how long sending
 * takes. Used by the wizard's review step and the campaign page.
 */
export function PlanView({ plan, schedule }: { plan: CampaignPlan; schedule?: Readonly<Record<string, unknown>> | null }) {
  const t = useT(planMessages);
  const { locale } = useLocale();
  const holidays = useUpcomingHolidays().data ?? [];
  const first = plan.waves[0];
  const holidayKey = schedule?.kind === 'holiday' && typeof schedule.holiday === 'string' ? schedule.holiday : null;
  const holiday = holidays.find((h) => h.key === holidayKey);
  const holidayName = holiday ? (locale === 'zh-CN' ? holiday.name : holiday.nameEn) : null;
  const nextText = plan.next
    ? first
      ? `${holidayName ? `${holidayName} ` : ''}${first.localDate} ${first.localTime} (${first.zone})`
      : `${holidayName ? `${holidayName} ` : ''}${plan.next.slice(0, 16).replace('T', ' ')} UTC`
    : t('nextSendNone');
  return (
    <section class="panel campaign-plan" aria-labelledby="plan-title" data-testid="campaign-plan">
      <h3 id="plan-title">{t('planTitle')}</h3>
      <dl class="facts">
        <dt>{t('nextSend')}</dt>
        <dd data-testid="next-send" data-at={plan.next ?? ''}>
          {nextText}
        </dd>
        {plan.waves.length > 0 ? (
          <>
            <dt>{t('duration')}</dt>
            <dd>
              <DurationEstimate duration={plan.duration} quietWindow={plan.quietWindow} />
            </dd>
          </>
        ) : null}
      </dl>
      {plan.next ? (
        <>
          <h4>{t('wavesTitle')}</h4>
          {plan.waves.length === 0 ? <p>{t('wavesNone')}</p> : <p class="hint">{plan.perZone ? t('ownClock') : t('sameInstant')}</p>}
          <ul class="waves" data-testid="waves">
            {plan.waves.map((w) => {
              const local = `${w.localDate} ${w.localTime} ${zoneAbbreviation(w.at, w.zone, locale)}`.trim();
              const params = { zone: w.zone, count: formatCount(w.recipients, locale), local, utc: utcTime(w.at) };
              return (
                <li key={w.zone} data-zone={w.zone} data-recipients={w.recipients}>
                  {w.recipients === 1 ? t('waveLineOne', params) : t('waveLine', params)}
                </li>
              );
            })}
          </ul>
        </>
      ) : null}
    </section>
  );
}

/**
 * The campaign page's "when it sends" panel (GET /api/campaigns/{id}/plan), for a scheduled
 * campaign still to send; nothing for one sent on start (its progress says it all) or finished.
 */
export function CampaignWaves({ campaignId, status, schedule }: { campaignId: number; status: string; schedule: Readonly<Record<string, unknown>> | null }) {
  const active = schedule !== null && schedule.kind !== 'now' && (status === 'scheduled' || status === 'running' || status === 'paused' || status === 'draft');
  const plan = useAsync((signal) => (active ? api<CampaignPlan>(`/api/campaigns/${campaignId}/plan`, { signal }) : Promise.resolve(null)), [campaignId, active]);
  if (!active) return null;
  if (plan.error) return <ErrorNotice error={plan.error} onRetry={plan.reload} />;
  if (!plan.data) return <Loading />;
  return <PlanView plan={plan.data} schedule={schedule} />;
}

import { useAuth } from '../../auth.js';
import { formatDateTime, formatMinor } from '../../i18n/format.js';
import { useLocale, useT, type Translate } from '../../i18n/index.js';
import { campaignsMessages } from '../campaigns/campaigns.messages.js';
import { readableReason } from '../campaigns/pause-reason.js';
import type { Overview } from './overview.api.js';
import { overviewMessages } from './overview.messages.js';

type Keys = keyof (typeof overviewMessages)['en'];

function countdown(t: Translate<Keys>, inDays: number): string {
  return inDays === 0 ? t('today') : inDays === 1 ? t('tomorrow') : t('inDays', { n: inDays });
}

/** Holidays of the next 30 days with a countdown, the campaigns scheduled for each, and the greeting. */
export function HolidaysCard({ holidays }: { holidays: Overview['holidays'] }) {
  const t = useT(overviewMessages);
  const { locale } = useLocale();
  const { can } = useAuth();
  return (
    <section class="panel" aria-labelledby="due-holidays" data-testid="due-holidays">
      <h2 id="due-holidays">{t('holidaysTitle')}</h2>
      {holidays.length === 0 ? <p>{t('noHolidays')}</p> : null}
      <ul class="cust-plain due-list">
        {holidays.map((h) => (
          <li key={`${h.key}-${h.date}`}>
            <strong>{locale === 'zh-CN' ? h.name : h.nameEn}</strong> · {h.date} · {countdown(t, h.inDays)}
            {h.campaigns !== null ? (
              <>
                {' · '}
                {h.campaigns.length > 0 ? (
                  <span>
                    {t('scheduledFor', { names: '' })}
                    {h.campaigns.map((c, i) => (
                      <span key={c.id}>
                        {i > 0 ? ', ' : ''}
                        <a href={`/campaigns/${c.id}`}>{c.name}</a>
                      </span>
                    ))}
                  </span>
                ) : can('campaigns:write') ? (
                  <a href="/campaigns/new">{t('noCampaignFor')} — {t('planCampaign')}</a>
                ) : (
                  <span>{t('noCampaignFor')}</span>
                )}
              </>
            ) : null}
            {h.greeting ? (
              <>
                {' · '}
                <a href={h.greeting.path}>{t('sendGreeting')}</a>
              </>
            ) : null}
            <Warnings warnings={h.warnings} />
          </li>
        ))}
      </ul>
    </section>
  );
}

/** The reminder list: customers' birthdays, each with "send the greeting". */
export function BirthdaysCard({ birthdays }: { birthdays: NonNullable<Overview['birthdays']> }) {
  const t = useT(overviewMessages);
  const { locale } = useLocale();
  return (
    <section class="panel" aria-labelledby="due-birthdays" data-testid="due-birthdays">
      <h2 id="due-birthdays">{t('birthdaysTitle', { n: birthdays.daysAhead })}</h2>
      {birthdays.items.length === 0 ? <p>{t('noBirthdays')}</p> : null}
      <ul class="cust-plain due-list">
        {birthdays.items.map((b) => (
          <li key={b.customerId} data-testid="birthday-item">
            <a href={`/customers/${b.customerId}`}>{b.displayName}</a> · {b.calendar === 'lunar' ? (locale === 'zh-CN' ? b.label.zh : b.label.en) : b.date} · {countdown(t, b.inDays)}
            {b.turns !== null ? ` · ${t('turns', { n: b.turns })}` : ''}
            {b.greeting ? (
              <>
                {' '}
                <a class="btn btn-secondary" href={b.greeting.path} aria-label={t('sendGreetingTo', { name: b.displayName })}>
                  {t('sendGreeting')}
                </a>
              </>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** Campaigns running, scheduled (next send) and paused (why). */
export function CampaignsCard({ campaigns }: { campaigns: NonNullable<Overview['campaigns']> }) {
  const t = useT(overviewMessages);
  const tc = useT(campaignsMessages);
  const { locale } = useLocale();
  return (
    <section class="panel" aria-labelledby="due-campaigns" data-testid="due-campaigns">
      <h2 id="due-campaigns">{t('campaignsTitle')}</h2>
      {campaigns.length === 0 ? <p>{t('noCampaigns')}</p> : null}
      <ul class="cust-plain due-list">
        {campaigns.map((c) => (
          <li key={c.id}>
            <a href={`/campaigns/${c.id}`}>{c.name}</a> · {tc(`status_${c.status}`)}
            {c.nextAt ? ` · ${t('nextSend', { when: formatDateTime(c.nextAt, locale) })}` : ''}
            {c.status === 'paused' && c.statusReason ? <p class="notice notice-warning">{t('pausedBecause', { reason: readableReason(c.statusReason, tc) })}</p> : null}
            <Warnings warnings={c.warnings} />
          </li>
        ))}
      </ul>
    </section>
  );
}

/** Replies waiting to be read: My inbox, and (inbox:read) what is not filed yet. */
export function InboxCard({ inbox }: { inbox: NonNullable<Overview['inbox']> }) {
  const t = useT(overviewMessages);
  return (
    <section class="panel" aria-labelledby="due-inbox" data-testid="due-inbox">
      <h2 id="due-inbox">{t('inboxTitle')}</h2>
      <ul class="cust-plain due-list">
        <li>
          <a href="/inbox/mine">{t('mineUnread', { n: inbox.mineUnread })}</a>
        </li>
        {inbox.unfiled !== null ? (
          <li>
            <a href="/inbox">{t('unfiled', { n: inbox.unfiled })}</a>
          </li>
        ) : null}
      </ul>
    </section>
  );
}

/** SMS balance against the scheduled SMS campaigns of the next 30 days: "top up ¥X by <date>". */
export function SmsCard({ sms }: { sms: NonNullable<Overview['sms']> }) {
  const t = useT(overviewMessages);
  const { locale } = useLocale();
  const money = (minor: number, currency: string) => formatMinor(minor, currency, locale);
  return (
    <section class="panel" aria-labelledby="due-sms" data-testid="due-sms">
      <h2 id="due-sms">{t('smsTitle')}</h2>
      {sms.accounts.length === 0 ? <p>{t('smsNothing')}</p> : null}
      <ul class="cust-plain due-list">
        {sms.accounts.map((a) => {
          const vars = { account: a.name, balance: money(a.balanceMinor, a.currency), needed: money(a.neededMinor, a.currency) };
          return (
            <li key={a.smsAccountId}>
              <a href="/wallet">
                {a.shortMinor > 0 && a.topUpBy ? t('smsShort', { ...vars, amount: money(a.shortMinor, a.currency), date: a.topUpBy }) : t('smsCovered', vars)}
              </a>
            </li>
          );
        })}
      </ul>
      {(['birthday-schedule', 'cannot-estimate'] as const).map((reason) => {
        const names = sms.notCounted.filter((c) => c.reason === reason).map((c) => c.name);
        return names.length > 0 ? <p key={reason}>{t(reason === 'birthday-schedule' ? 'smsNotCounted' : 'smsNotEstimated', { names: names.join(', ') })}</p> : null;
      })}
    </section>
  );
}

/** What to act on for a holiday or campaign (an SMS template still under review…), in the reader's language. */
function Warnings({ warnings }: { warnings: readonly { readonly code: string; readonly message: string; readonly messageZh: string }[] }) {
  const { locale } = useLocale();
  return (
    <>
      {warnings.map((w, i) => (
        <p key={`${w.code}-${i}`} class="notice notice-warning">
          {locale === 'zh-CN' ? w.messageZh : w.message}
        </p>
      ))}
    </>
  );
}

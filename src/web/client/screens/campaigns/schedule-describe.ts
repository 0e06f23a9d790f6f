import { formatDateTime } from '../../i18n/format.js';
import type { Locale, Translate } from '../../i18n/index.js';
import { weekdayNames, type Holiday } from './step-schedule.js';
import type { wizardMessages } from './wizard.messages.js';

type Key = keyof (typeof wizardMessages)['en'];

/** A stored or planned schedule in words ("Every Monday at 09:00 (Asia/Shanghai)"); null = now. */
export function describeSchedule(spec: Readonly<Record<string, unknown>> | null, t: Translate<Key>, locale: Locale, holidays: readonly Holiday[] = []): string {
  if (!spec || spec.kind === 'now') return t('desc_now');
  const s = (key: string) => (typeof spec[key] === 'string' ? (spec[key] as string) : '');
  const where = spec.localPerRecipient === true ? t('desc_localPer') : s('timeZone') ? t('desc_zone', { zone: s('timeZone') }) : '';
  switch (spec.kind) {
    case 'at':
      return t('desc_at', { when: formatDateTime(s('at'), locale), zone: Intl.DateTimeFormat().resolvedOptions().timeZone });
    case 'local':
      return t('desc_local', { date: s('date'), time: s('time') });
    case 'birthday':
      return t('desc_birthday', { time: s('time') });
    case 'holiday': {
      const holiday = holidays.find((h) => h.key === s('holiday'));
      const name = holiday ? (locale === 'zh-CN' ? holiday.name : holiday.nameEn) : s('holiday');
      if (spec.everyYear === false && typeof spec.year === 'number') return t('desc_holidayOnce', { holiday: name, year: String(spec.year), time: s('time') }) + where;
      return t('desc_holiday', { holiday: name, time: s('time') }) + where;
    }
    case 'recurring': {
      if (s('cron')) return t('desc_cron', { cron: s('cron') }) + where;
      const time = s('time');
      if (spec.every === 'day') return t('desc_day', { time }) + where;
      if (spec.every === 'week') {
        const index = typeof spec.weekday === 'number' ? spec.weekday : ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'].indexOf(s('weekday'));
        return t('desc_week', { weekday: weekdayNames(locale, locale === 'zh-CN' ? 'short' : 'long')[index] ?? '?', time }) + where;
      }
      if (spec.dayOfMonth === 'last') return t('desc_monthLast', { time }) + where;
      return t('desc_month', { day: String(spec.dayOfMonth), time }) + where;
    }
    default:
      return JSON.stringify(spec);
  }
}

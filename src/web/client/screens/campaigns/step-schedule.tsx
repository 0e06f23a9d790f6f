import { api, withQuery } from '../../api.js';
import type { ApiResponse, Item } from '../../api/shapes.js';
import { useLocale, useT } from '../../i18n/index.js';
import { ErrorNotice, SelectField, TextField } from '../../ui/components.js';
import { useAsync } from '../../ui/use-async.js';
import { SCHEDULE_KINDS, scheduleProblems, wallDate, type ScheduleForm } from './schedule-form.js';
import type { WizardState } from './wizard-state.js';
import { wizardMessages } from './wizard.messages.js';
import { browserClock } from '../../clock.js';
import { TimeZonePicker } from '../../ui/time-zone-picker.js';
import { loadCompanyZone } from './company-zone.js';

/** A holiday of GET /api/holidays. */
export type Holiday = Item<ApiResponse<'/api/holidays'>>;

/** The next date of each built-in holiday (this year's, or next year's once passed). */
export function useUpcomingHolidays() {
  return useAsync(async (signal) => {
    const year = browserClock.date().getFullYear();
    const [thisYear, nextYear] = await Promise.all([
      api<Holiday[]>(withQuery('/api/holidays', { year }), { signal }),
      api<Holiday[]>(withQuery('/api/holidays', { year: year + 1 }), { signal }).catch(() => [] as Holiday[]),
    ]);
    const today = wallDate(browserClock.date(), 'Asia/Shanghai');
    const next = new Map<string, Holiday>();
    for (const h of [...thisYear, ...nextYear]) if (h.date >= today && !next.has(h.key)) next.set(h.key, h);
    return [...next.values()].sort((a, b) => a.date.localeCompare(b.date));
  }, []);
}

/** Weekday names in the reader's language, Sunday first (index = cron number). */
export function weekdayNames(locale: string, style: 'long' | 'short' = 'long'): string[] {
  // 2023-01-01 was a Sunday.
  return Array.from({ length: 7 }, (_, i) => new Intl.DateTimeFormat(locale, { weekday: style, timeZone: 'UTC' }).format(new Date(Date.UTC(2023, 0, 1 + i))));
}

/** Step 4: the six kinds of schedule and the fields each needs. */
export function StepSchedule({ state, update }: { state: WizardState; update: (patch: Partial<WizardState>) => void }) {
  const t = useT(wizardMessages);
  const { locale } = useLocale();
  const form = state.schedule;
  const set = (patch: Partial<ScheduleForm>) => update({ schedule: { ...form, ...patch } });
  const holidays = useUpcomingHolidays();
  const problems = scheduleProblems(form);
  const companyZone = useAsync((signal) => loadCompanyZone(signal), []).data ?? null;
  const zoneField = <TimeZonePicker label={t('timeZone')} value={form.timeZone} keep={companyZone} onValue={(timeZone) => set({ timeZone, zoneChosen: true })} />;
  const chosenHoliday = (holidays.data ?? []).find((h) => h.key === form.holiday);
  // A one-off holiday campaign sends on the chosen holiday's next date: its year goes in the spec.
  const holidayYear = (key: string) => {
    const next = (holidays.data ?? []).find((h) => h.key === key);
    return next ? Number(next.date.slice(0, 4)) : null;
  };
  const timeField = <TextField label={t('time')} type="time" required value={form.time} onValue={(time) => set({ time })} />;
  const perRecipient = (
    <label class="check">
      <input type="checkbox" checked={form.localPerRecipient} onChange={(event) => set({ localPerRecipient: (event.currentTarget as HTMLInputElement).checked })} />
      {t('localPerRecipient')}
    </label>
  );

  return (
    <div class="columns-even">
      <fieldset class="schedule-kinds">
        <legend>{t('scheduleKind')}</legend>
        {SCHEDULE_KINDS.map((kind) => (
          <label key={kind} class="check kind-option">
            <input type="radio" name="schedule-kind" value={kind} checked={form.kind === kind} onChange={() => set({ kind })} aria-describedby={`kind-hint-${kind}`} />
            <span>
              {t(`kind_${kind}`)}
              <small id={`kind-hint-${kind}`} class="hint">
                {t(`kind_${kind}_hint`)}
              </small>
            </span>
          </label>
        ))}
      </fieldset>
      <div>
        {form.kind === 'at' ? (
          <div class="row">
            <TextField label={t('date')} type="date" required value={form.date} onValue={(date) => set({ date })} />
            {timeField}
            {zoneField}
          </div>
        ) : null}
        {form.kind === 'local' ? (
          <div class="row">
            <TextField label={t('date')} type="date" required value={form.date} onValue={(date) => set({ date })} />
            {timeField}
          </div>
        ) : null}
        {form.kind === 'birthday' ? <div class="row">{timeField}</div> : null}
        {form.kind === 'holiday' ? (
          <>
            <ErrorNotice error={holidays.error} onRetry={holidays.reload} />
            <SelectField
              label={t('holiday')}
              value={form.holiday}
              onValue={(holiday) => set({ holiday, holidayYear: holidayYear(holiday) })}
              options={[
                { value: '', label: t('chooseHoliday') },
                ...(holidays.data ?? []).map((h) => ({ value: h.key, label: t('holidayOption', { name: locale === 'zh-CN' ? h.name : `${h.nameEn} (${h.name})`, date: h.date }) })),
              ]}
            />
            <fieldset class="holiday-repeat">
              <legend>{t('holidayRepeat')}</legend>
              <label class="check">
                <input
                  type="radio"
                  name="holiday-repeat"
                  value="once"
                  checked={!form.holidayEveryYear}
                  onChange={() => set({ holidayEveryYear: false, holidayYear: form.holidayYear ?? holidayYear(form.holiday) })}
                />
                {chosenHoliday ? t('holidayOnce', { date: chosenHoliday.date }) : t('holidayOnceNoDate')}
              </label>
              <label class="check">
                <input type="radio" name="holiday-repeat" value="yearly" checked={form.holidayEveryYear} onChange={() => set({ holidayEveryYear: true })} />
                {t('holidayEveryYear')}
              </label>
            </fieldset>
            <div class="row">
              {timeField}
              {form.localPerRecipient ? null : zoneField}
            </div>
            {perRecipient}
          </>
        ) : null}
        {form.kind === 'recurring' ? (
          <>
            <label class="check">
              <input type="checkbox" checked={form.useCron} onChange={(event) => set({ useCron: (event.currentTarget as HTMLInputElement).checked })} />
              {t('useCron')}
            </label>
            {form.useCron ? (
              <TextField label={t('cron')} hint={t('cronHint')} class="mono" value={form.cron} onValue={(cron) => set({ cron })} />
            ) : (
              <div class="row">
                <SelectField
                  label={t('every')}
                  value={form.every}
                  onValue={(every) => set({ every: every as ScheduleForm['every'] })}
                  options={[
                    { value: 'day', label: t('everyDay') },
                    { value: 'week', label: t('everyWeek') },
                    { value: 'month', label: t('everyMonth') },
                  ]}
                />
                {form.every === 'week' ? (
                  <SelectField label={t('weekday')} value={String(form.weekday)} onValue={(v) => set({ weekday: Number(v) })} options={weekdayNames(locale).map((name, i) => ({ value: String(i), label: name }))} />
                ) : null}
                {form.every === 'month' ? (
                  <SelectField
                    label={t('dayOfMonth')}
                    value={form.dayOfMonth}
                    onValue={(dayOfMonth) => set({ dayOfMonth })}
                    options={[...Array.from({ length: 31 }, (_, i) => ({ value: String(i + 1), label: String(i + 1) })), { value: 'last', label: t('lastDay') }]}
                  />
                ) : null}
                {timeField}
              </div>
            )}
            {form.localPerRecipient ? null : zoneField}
            {perRecipient}
          </>
        ) : null}
        {state.channel === 'email' && form.kind !== 'now' ? (
          <label class="check">
            <input type="checkbox" checked={form.quietHoursEmail} onChange={(event) => set({ quietHoursEmail: (event.currentTarget as HTMLInputElement).checked })} />
            {t('quietHoursEmail')}
          </label>
        ) : null}
        {problems.length > 0 ? (
          <ul class="problems" role="status">
            {problems.map((p) => (
              <li key={p}>{t(`problem_${p}`)}</li>
            ))}
          </ul>
        ) : null}
      </div>
    </div>
  );
}

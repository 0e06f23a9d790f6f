import { useState } from 'preact/hooks';
import { useAuth } from '../../auth.js';
import { common } from '../../i18n/common.js';
import { useLocale, useT } from '../../i18n/index.js';
import { Button, ErrorNotice, SelectField, TextArea, TextField } from '../../ui/components.js';
import { createCustomer, patchCustomer, setMembership, type Customer, type CustomField, type Group } from './customers.api.js';
import { messages } from './customers.messages.js';
import { lunarDayLabel, lunarMonthLabel } from './lunar.format.js';

const lines = (text: string) => text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== '');
const pad = (n: number) => String(n).padStart(2, '0');

/** The birthday as the form shows it: 1990-03-15, or --03-15 without a year. */
const birthdayText = (b: Customer['birthday']) => (b ? `${b.year === null ? '-' : b.year}-${pad(b.month)}-${pad(b.day)}` : '');

type Values = Record<string, string>;

function initialValues(c: Customer | undefined, fields: readonly CustomField[]): Values {
  const values: Values = {
    name: '',
    familyName: c?.familyName ?? '',
    givenName: c?.givenName ?? '',
    displayName: c?.displayName ?? '',
    title: c?.title ?? '',
    gender: c?.gender ?? '',
    company: c?.company ?? '',
    emails: (c?.emails ?? []).join('\n'),
    phones: (c?.phones ?? []).join('\n'),
    birthday: birthdayText(c?.birthday ?? null),
    birthdayCalendar: c?.birthdayCalendar ?? 'gregorian',
    lunarMonth: c?.lunarBirthday ? `${c.lunarBirthday.leap ? 'L' : ''}${c.lunarBirthday.month}` : '',
    lunarDay: c?.lunarBirthday ? String(c.lunarBirthday.day) : '',
    lunarYear: c?.lunarBirthday?.year ? String(c.lunarBirthday.year) : '',
    language: c?.language ?? '',
    timeZone: c?.timeZone ?? '',
    owner: c?.owner ?? '',
    notes: c?.notes ?? '',
    locked: c?.locked ? 'true' : '',
  };
  for (const f of fields) values[`custom.${f.name}`] = c?.custom[f.name] === undefined ? '' : String(c.custom[f.name]);
  return values;
}

const orNull = (v: string | undefined) => (v === undefined || v.trim() === '' ? null : v.trim());

/** 正月, 二月, …, with 闰X月 after its namesake (闰正月 and 闰腊月 do not occur). */
const LUNAR_MONTH_VALUES = Array.from({ length: 12 }, (_, i) => i + 1).flatMap((m) => (m >= 2 && m <= 11 ? [String(m), `L${m}`] : [String(m)]));

/** The lunar birthday fields as the API takes them; null when no month or day is chosen. */
function lunarBody(values: Values): { month: number; day: number; leap: boolean; year: number | null } | null {
  const month = values.lunarMonth ?? '';
  const day = Number(values.lunarDay);
  if (month === '' || !day) return null;
  const year = values.lunarYear?.trim() ? Number(values.lunarYear.trim().normalize('NFKC')) : null;
  return { month: Number(month.replace('L', '')), day, leap: month.startsWith('L'), year: Number.isFinite(year) ? year : null };
}

/**
 * Adds or edits a customer. Addresses are one per line (the first is the primary); the customers
 * module normalises and checks every value and names each bad field (CUSTOMER_INVALID).
 */
export function CustomerForm({
  customer,
  fields,
  groups,
  onSaved,
  onCancel,
}: {
  customer?: Customer;
  fields: readonly CustomField[];
  groups: readonly Group[];
  onSaved: (customer: Customer) => void;
  onCancel: () => void;
}) {
  const t = useT(messages);
  const tc = useT(common);
  const { locale } = useLocale();
  const { can } = useAuth();
  const [values, setValues] = useState<Values>(() => initialValues(customer, fields));
  const [memberOf, setMemberOf] = useState<ReadonlySet<number>>(() => new Set(customer?.groupIds ?? []));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const field = (name: string) => ({ value: values[name] ?? '', onValue: (v: string) => setValues((prev) => ({ ...prev, [name]: v })) });
  const statics = groups.filter((g) => g.kind === 'static');
  const manager = can('customers:write');

  async function save(event: Event) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const custom: Record<string, string | number | boolean | null> = {};
      for (const f of fields) {
        const raw = values[`custom.${f.name}`] ?? '';
        if (f.type === 'boolean') custom[f.name] = raw === 'true' ? true : customer?.custom[f.name] !== undefined ? false : null;
        else if (f.type === 'number') custom[f.name] = raw.trim() === '' ? null : Number(raw);
        else custom[f.name] = orNull(raw);
      }
      const body: Record<string, unknown> = {
        ...(customer
          ? { familyName: orNull(values.familyName), givenName: orNull(values.givenName), ...(orNull(values.displayName) ? { displayName: values.displayName?.trim() } : {}) }
          : { name: values.name?.trim() ?? '' }),
        title: orNull(values.title),
        gender: orNull(values.gender),
        company: orNull(values.company),
        emails: lines(values.emails ?? ''),
        phones: lines(values.phones ?? ''),
        birthday: orNull(values.birthday),
        ...(values.birthdayCalendar === 'lunar'
          ? { birthdayCalendar: 'lunar', lunarBirthday: lunarBody(values) }
          : { birthdayCalendar: 'gregorian' }),
        language: orNull(values.language),
        timeZone: orNull(values.timeZone),
        notes: orNull(values.notes),
        ...(fields.length > 0 ? { custom } : {}),
        ...(manager ? { owner: orNull(values.owner), locked: values.locked === 'true' } : {}),
      };
      let saved = customer ? await patchCustomer(customer.id, body) : await createCustomer(body);
      const before = new Set(saved.groupIds);
      const changes = statics.filter((g) => before.has(g.id) !== memberOf.has(g.id));
      for (const g of changes) await setMembership(saved.id, g.id, memberOf.has(g.id));
      if (changes.length > 0) saved = { ...saved, groupIds: statics.filter((g) => memberOf.has(g.id)).map((g) => g.id) };
      onSaved(saved);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form class="panel cust-form" onSubmit={save} aria-labelledby="customer-form-heading">
      <h2 id="customer-form-heading">{customer ? t('editTitle', { name: customer.displayName }) : t('addTitle')}</h2>
      {customer ? (
        <div class="row">
          <TextField label={t('familyName')} {...field('familyName')} autoComplete="off" />
          <TextField label={t('givenName')} {...field('givenName')} autoComplete="off" />
          <TextField label={t('displayName')} {...field('displayName')} autoComplete="off" />
        </div>
      ) : (
        <TextField label={t('fullName')} hint={t('fullNameHint')} required {...field('name')} autoComplete="off" />
      )}
      <div class="row">
        <TextField label={t('titleLabel')} {...field('title')} />
        <SelectField
          label={t('gender')}
          {...field('gender')}
          options={[
            { value: '', label: t('genderUnknown') },
            { value: 'female', label: t('genderFemale') },
            { value: 'male', label: t('genderMale') },
            { value: 'other', label: t('genderOther') },
          ]}
        />
        <TextField label={t('company')} {...field('company')} />
      </div>
      <div class="columns-even">
        <TextArea label={t('emails')} hint={t('emailsHint')} rows={3} {...field('emails')} />
        <TextArea label={t('phones')} hint={t('phonesHint')} rows={3} {...field('phones')} />
      </div>
      <fieldset class="cust-birthday">
        <legend>{t('birthday')}</legend>
        <div class="row">
          <SelectField
            label={t('birthdayCalendar')}
            {...field('birthdayCalendar')}
            options={[
              { value: 'gregorian', label: t('calendarGregorian') },
              { value: 'lunar', label: t('calendarLunar') },
            ]}
          />
          <TextField label={t('calendarGregorian')} hint={t('birthdayHint')} {...field('birthday')} />
        </div>
        {values.birthdayCalendar === 'lunar' ? (
          <>
            <div class="row">
              <SelectField
                label={t('lunarMonth')}
                {...field('lunarMonth')}
                options={[
                  { value: '', label: t('lunarChoose') },
                  ...LUNAR_MONTH_VALUES.map((v) => ({ value: v, label: lunarMonthLabel(Number(v.replace('L', '')), v.startsWith('L'), locale) })),
                ]}
              />
              <SelectField
                label={t('lunarDay')}
                {...field('lunarDay')}
                options={[{ value: '', label: t('lunarChoose') }, ...Array.from({ length: 30 }, (_, i) => ({ value: String(i + 1), label: lunarDayLabel(i + 1, locale) }))]}
              />
              <TextField label={t('lunarYear')} hint={t('lunarYearHint')} inputMode="numeric" {...field('lunarYear')} />
            </div>
            <p class="hint">{t('lunarRule')}</p>
          </>
        ) : null}
      </fieldset>
      <div class="row">
        <SelectField
          label={t('language')}
          {...field('language')}
          options={[
            { value: '', label: t('languageAny') },
            { value: 'zh-CN', label: '中文（简体）' },
            { value: 'en', label: 'English' },
          ]}
        />
        <TextField label={t('timeZone')} placeholder="Asia/Shanghai" {...field('timeZone')} />
        {manager ? <TextField label={t('owner')} {...field('owner')} /> : null}
      </div>
      {fields.length > 0 ? (
        <fieldset>
          <legend>{t('customFields')}</legend>
          <div class="row">
            {fields.map((f) =>
              f.type === 'boolean' ? (
                <div class="field cust-check" key={f.name}>
                  <label>
                    <input
                      type="checkbox"
                      checked={values[`custom.${f.name}`] === 'true'}
                      onChange={(event) => field(`custom.${f.name}`).onValue((event.currentTarget as HTMLInputElement).checked ? 'true' : '')}
                    />{' '}
                    {f.label ?? f.name}
                  </label>
                </div>
              ) : (
                <TextField key={f.name} label={f.label ?? f.name} type={f.type === 'number' ? 'number' : f.type === 'date' ? 'date' : 'text'} {...field(`custom.${f.name}`)} />
              ),
            )}
          </div>
        </fieldset>
      ) : null}
      {statics.length > 0 && manager ? (
        <fieldset>
          <legend>{t('groups')}</legend>
          <div class="cust-group-checks">
            {statics.map((g) => (
              <label key={g.id}>
                <input
                  type="checkbox"
                  checked={memberOf.has(g.id)}
                  onChange={(event) => {
                    const on = (event.currentTarget as HTMLInputElement).checked;
                    setMemberOf((prev) => {
                      const next = new Set(prev);
                      if (on) next.add(g.id);
                      else next.delete(g.id);
                      return next;
                    });
                  }}
                />{' '}
                {g.path}
              </label>
            ))}
          </div>
        </fieldset>
      ) : null}
      <TextArea label={t('notes')} rows={3} {...field('notes')} />
      {manager ? (
        <div class="field cust-check">
          <label>
            <input type="checkbox" checked={values.locked === 'true'} onChange={(event) => field('locked').onValue((event.currentTarget as HTMLInputElement).checked ? 'true' : '')} /> {t('locked')}
          </label>
        </div>
      ) : null}
      <ErrorNotice error={error} />
      <div class="cust-actions">
        <Button type="submit" busy={busy}>
          {tc('save')}
        </Button>
        <Button kind="secondary" onClick={onCancel}>
          {tc('cancel')}
        </Button>
      </div>
    </form>
  );
}

import { useEffect, useState } from 'preact/hooks';
import { useT } from '../../i18n/index.js';
import { languageName } from '../../ui/language-name.js';
import { Button, ErrorNotice, Loading, Notice, PageHeader, SelectField, TextField } from '../../ui/components.js';
import { TimeZonePicker } from '../../ui/time-zone-picker.js';
import { useAsync } from '../../ui/use-async.js';
import { CheckboxField } from '../accounts/checkbox-field.js';
import { getMySettings, saveMySettings, type MySettings } from './overview.api.js';
import { mySettingsMessages } from './my-settings.messages.js';

/** The person's own settings: their email address and the morning digest (PATCH /api/me/settings). */
export function MySettingsScreen() {
  const t = useT(mySettingsMessages);
  const loaded = useAsync((signal) => getMySettings(signal), []);
  const [current, setCurrent] = useState<MySettings | undefined>(undefined);
  const [email, setEmail] = useState('');
  const [enabled, setEnabled] = useState(true);
  const [days, setDays] = useState('7');
  const [time, setTime] = useState('08:00');
  const [zone, setZone] = useState('');
  const [language, setLanguage] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const [saved, setSaved] = useState(false);

  function show(s: MySettings) {
    setCurrent(s);
    setEmail(s.email ?? '');
    setEnabled(s.reminders.digestEnabled);
    setDays(String(s.reminders.daysAhead));
    setTime(s.reminders.sendTime);
    setZone(s.reminders.timeZone ?? s.effective.timeZone);
    setLanguage(s.reminders.language ?? '');
  }
  useEffect(() => {
    if (loaded.data) show(loaded.data);
  }, [loaded.data]);

  async function save(event: Event) {
    event.preventDefault();
    if (!current) return;
    setError(undefined);
    setSaved(false);
    const daysAhead = Number(days);
    if (!Number.isInteger(daysAhead) || daysAhead < 1 || daysAhead > 60) {
      setError(new Error(t('badDays')));
      return;
    }
    setBusy(true);
    try {
      // The company's zone stays "the company's" (null) unless another one is chosen.
      const timeZone = current.reminders.timeZone === null && zone === current.effective.timeZone ? null : zone;
      const lang = language === 'en' || language === 'zh-CN' ? language : null;
      show(await saveMySettings({ email: email.trim(), reminders: { digestEnabled: enabled, daysAhead, sendTime: time, timeZone, language: lang } }));
      setSaved(true);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }

  if (!current) return loaded.error ? <ErrorNotice error={loaded.error} onRetry={loaded.reload} /> : <Loading />;
  const status = current.digest.status;
  return (
    <>
      <PageHeader title={t('title')} />
      <div data-testid="digest-status">
        {status === 'on' ? (
          <Notice kind="success">{t('statusOn', { email: current.email ?? '', time: current.reminders.sendTime, zone: current.effective.timeZone })}</Notice>
        ) : (
          <Notice kind="warning">{t(status === 'no-email' ? 'statusNoEmail' : status === 'user-disabled' ? 'statusUserDisabled' : 'statusOff')}</Notice>
        )}
        {current.digest.noDefaultMailbox ? <Notice kind="warning">{t('noDefaultMailbox')}</Notice> : null}
        {current.digest.last ? <p>{t('lastSent', { date: current.digest.last.localDate })}</p> : null}
      </div>
      <form class="panel" onSubmit={save}>
        <TextField label={t('email')} hint={t('emailHint')} type="email" name="email" value={email} onValue={setEmail} autoComplete="email" />
        <h2>{t('digestHeading')}</h2>
        <CheckboxField label={t('digestEnabled')} name="digestEnabled" checked={enabled} onChecked={setEnabled} />
        <TextField label={t('daysAhead')} type="number" min={1} max={60} name="daysAhead" value={days} onValue={setDays} />
        <TextField label={t('sendTime')} type="time" name="sendTime" value={time} onValue={setTime} />
        <TimeZonePicker label={t('timeZone')} value={zone} onValue={setZone} name="timeZone" />
        <SelectField
          label={t('language')}
          name="language"
          value={language}
          onValue={setLanguage}
          options={[
            { value: '', label: t('languageCompany', { language: languageName(current.effective.language) }) },
            { value: 'en', label: languageName('en') },
            { value: 'zh-CN', label: languageName('zh-CN') },
          ]}
        />
        <ErrorNotice error={error} />
        {saved ? <Notice kind="success">{t('saved')}</Notice> : null}
        <Button type="submit" busy={busy}>
          {t('save')}
        </Button>
      </form>
    </>
  );
}

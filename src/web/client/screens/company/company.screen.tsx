import { useEffect, useState } from 'preact/hooks';
import { useT } from '../../i18n/index.js';
import { Button, ErrorNotice, Loading, Notice, PageHeader, SelectField, TextArea, TextField } from '../../ui/components.js';
import { TimeZonePicker } from '../../ui/time-zone-picker.js';
import { useAsync } from '../../ui/use-async.js';
import { readCompany, saveCompany, type CompanyProfile } from './company.api.js';
import { companyMessages } from './company.messages.js';
import { LogoField } from './logo-field.js';

/** `/company` (admins): the company profile other screens and templates read. */
export function CompanyScreen() {
  const t = useT(companyMessages);
  const loaded = useAsync((signal) => readCompany(signal), []);
  const [form, setForm] = useState<CompanyProfile | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const [saved, setSaved] = useState(false);

  useEffect(() => {
    if (loaded.data && !form) setForm(loaded.data);
  }, [loaded.data, form]);

  const set = <K extends keyof CompanyProfile>(key: K) => (value: CompanyProfile[K]) => {
    setSaved(false);
    setForm((previous) => previous && { ...previous, [key]: value });
  };

  const submit = async (event: Event) => {
    event.preventDefault();
    if (!form) return;
    setBusy(true);
    setError(undefined);
    try {
      setForm(await saveCompany(form));
      setSaved(true);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <PageHeader title={t('title')} />
      <p>{t('intro')}</p>
      <ErrorNotice error={loaded.error} onRetry={loaded.reload} />
      {!form ? (
        <Loading />
      ) : (
        <form class="form-narrow company-form" onSubmit={submit} aria-label={t('title')}>
          <TextField label={t('name')} name="name" value={form.name} onValue={set('name')} maxLength={200} />
          <TextArea label={t('address')} name="address" rows={3} value={form.address} onValue={set('address')} hint={t('addressHint')} />
          <LogoField value={form.logo} onValue={set('logo')} />
          <TimeZonePicker label={t('timeZone')} name="timeZone" value={form.timeZone} onValue={set('timeZone')} hint={t('timeZoneHint')} />
          <SelectField
            label={t('language')}
            name="language"
            value={form.language}
            onValue={(v) => set('language')(v === 'en' ? 'en' : 'zh-CN')}
            hint={t('languageHint')}
            options={[
              { value: 'zh-CN', label: '简体中文' },
              { value: 'en', label: 'English' },
            ]}
          />
          <TextField label={t('smsSignature')} name="smsSignature" value={form.smsSignature} onValue={set('smsSignature')} hint={t('smsSignatureHint')} maxLength={20} />
          <ErrorNotice error={error} />
          {saved ? <Notice kind="success">{t('saved')}</Notice> : null}
          <Button type="submit" busy={busy}>
            {t('save')}
          </Button>
        </form>
      )}
    </>
  );
}

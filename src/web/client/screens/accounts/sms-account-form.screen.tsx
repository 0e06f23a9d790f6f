import { useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { withQuery } from '../../api.js';
import { common } from '../../i18n/common.js';
import { useT } from '../../i18n/index.js';
import { Button, ErrorNotice, PageHeader, SelectField, TextField } from '../../ui/components.js';
import { createSmsAccount, type SmsProvider } from './accounts.api.js';
import { accountsMessages } from './accounts.messages.js';
import { CheckboxField } from './checkbox-field.js';
import { PROVIDER_FIELDS, providerLabel } from './sms-providers.js';

const PROVIDERS: readonly SmsProvider[] = ['aliyun', 'tencent', 'twilio', 'smpp', 'sandbox'];

/**
 * Adds an SMS account. Each provider shows its own credential and setting fields; secrets are
 * password inputs, sent once and never shown again (the list shows only which ones are stored).
 */
export function SmsAccountFormScreen() {
  const t = useT(accountsMessages);
  const tc = useT(common);
  const { route } = useLocation();
  const [provider, setProvider] = useState<SmsProvider>('aliyun');
  const [name, setName] = useState('');
  const [values, setValues] = useState<Record<string, string>>({});
  const [senderId, setSenderId] = useState('');
  const [signature, setSignature] = useState('');
  const [currency, setCurrency] = useState('CNY');
  const [timeZone, setTimeZone] = useState('Asia/Shanghai');
  const [isDefault, setIsDefault] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const fields = PROVIDER_FIELDS[provider];

  async function save(event: Event) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    const credentials: Record<string, string> = {};
    const settings: Record<string, string | number> = {};
    for (const field of fields) {
      const value = (values[`${provider}.${field.key}`] ?? '').trim();
      if (!value) continue;
      if (field.target === 'credentials') credentials[field.key] = value;
      else settings[field.key] = field.numeric ? Number(value) : value;
    }
    try {
      const created = await createSmsAccount({
        provider,
        name: name.trim(),
        credentials,
        settings,
        ...(senderId.trim() ? { senderId: senderId.trim() } : {}),
        ...(signature.trim() ? { signature: signature.trim() } : {}),
        currency: currency.trim().toUpperCase(),
        timeZone: timeZone.trim(),
        isDefault,
      });
      // The typed secrets leave memory with this screen; nothing echoes them.
      setValues({});
      route(withQuery('/accounts', { sms: created.name }));
    } catch (failure) {
      setError(failure);
      setBusy(false);
    }
  }

  return (
    <>
      <PageHeader title={t('smsTitle')}>
        <a class="btn btn-secondary" href="/accounts">
          {t('backToList')}
        </a>
      </PageHeader>
      <p class="hint">{t('smsIntro')}</p>
      <form class="panel acct-form" onSubmit={(event) => void save(event)} autocomplete="off">
        <SelectField label={t('provider')} name="provider" value={provider} onValue={(value) => setProvider(value as SmsProvider)} options={PROVIDERS.map((p) => ({ value: p, label: providerLabel(p, t) }))} />
        <TextField label={t('accountName')} hint={t('accountNameHint')} name="name" value={name} onValue={setName} required maxLength={64} />
        <fieldset>
          <legend>{providerLabel(provider, t)}</legend>
          {provider === 'sandbox' ? <p class="hint">{t('sandboxHint')}</p> : null}
          {fields.map((field) => (
            <TextField
              key={`${provider}.${field.key}`}
              label={t(field.label)}
              hint={field.hint ? t(field.hint) : undefined}
              name={field.key}
              type={field.secret ? 'password' : field.numeric ? 'number' : 'text'}
              autocomplete={field.secret ? 'new-password' : 'off'}
              placeholder={field.placeholder}
              required={field.required}
              value={values[`${provider}.${field.key}`] ?? ''}
              onValue={(value) => setValues((previous) => ({ ...previous, [`${provider}.${field.key}`]: value }))}
            />
          ))}
        </fieldset>
        <div class="row">
          <TextField label={t('senderId')} hint={t('senderIdHint')} name="senderId" value={senderId} onValue={setSenderId} maxLength={32} />
          <TextField label={t('smsSignature')} hint={t('smsSignatureHint')} name="signature" value={signature} onValue={setSignature} maxLength={22} placeholder="【某某公司】" />
        </div>
        <div class="row">
          <TextField label={t('currency')} name="currency" value={currency} onValue={setCurrency} maxLength={3} required />
          <TextField label={t('timeZone')} hint={t('timeZoneHint')} name="timeZone" value={timeZone} onValue={setTimeZone} required />
        </div>
        <CheckboxField label={t('makeSmsDefault')} checked={isDefault} onChecked={setIsDefault} />
        <ErrorNotice error={error} />
        <div class="row">
          <Button type="submit" busy={busy}>
            {t('saveSms')}
          </Button>
          <a class="btn btn-secondary" href="/accounts">
            {tc('cancel')}
          </a>
        </div>
      </form>
    </>
  );
}

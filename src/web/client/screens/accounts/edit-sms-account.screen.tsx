import { useEffect, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { withQuery } from '../../api.js';
import { common } from '../../i18n/common.js';
import { formatCount, formatMinor } from '../../i18n/format.js';
import { useLocale, useT } from '../../i18n/index.js';
import { Button, ErrorNotice, Loading, PageHeader, TextField } from '../../ui/components.js';
import { useAsync } from '../../ui/use-async.js';
import { getSmsAccount, sendTestSms, updateSmsAccount, type SmsAccount, type SmsTestResult } from './accounts.api.js';
import { accountsMessages } from './accounts.messages.js';
import { PROVIDER_FIELDS, providerLabel } from './sms-providers.js';
import { SignaturesPanel } from './signatures-panel.js';

/** /accounts/sms/:id — change an SMS account (secrets: blank keeps them) and send it a test message. */
export function EditSmsAccountScreen({ id }: { id?: string }) {
  const t = useT(accountsMessages);
  const account = useAsync((signal) => getSmsAccount(Number(id), signal), [id]);
  return (
    <>
      <PageHeader title={t('smsEditTitle', { name: account.data?.name ?? '' })}>
        <a class="btn btn-secondary" href="/accounts">
          {t('backToList')}
        </a>
      </PageHeader>
      <ErrorNotice error={account.error} onRetry={account.reload} />
      {account.loading && !account.data ? <Loading /> : null}
      {account.data ? <EditForm account={account.data} /> : null}
      {account.data ? <TestMessage account={account.data} /> : null}
      {account.data ? <SignaturesPanel accountId={account.data.id} provider={account.data.provider} /> : null}
    </>
  );
}

function EditForm({ account }: { account: SmsAccount }) {
  const t = useT(accountsMessages);
  const tc = useT(common);
  const { route } = useLocation();
  const fields = PROVIDER_FIELDS[account.provider];
  const initial = () => Object.fromEntries(fields.filter((f) => f.target === 'settings').map((f) => [f.key, String(account.settings[f.key] ?? '')]));
  const [name, setName] = useState(account.name);
  const [values, setValues] = useState<Record<string, string>>(initial);
  const [senderId, setSenderId] = useState(account.senderId ?? '');
  const [signature, setSignature] = useState(account.signature ?? '');
  const [timeZone, setTimeZone] = useState(account.timeZone);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => setValues(initial()), [account.id]);

  async function save(event: Event) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    const credentials: Record<string, string> = {};
    const settings: Record<string, unknown> = { ...account.settings };
    for (const field of fields) {
      const value = (values[field.key] ?? '').trim();
      if (field.target === 'credentials') {
        // Blank keeps the stored secret; it is never sent back to this screen.
        if (value) credentials[field.key] = value;
      } else if (value) settings[field.key] = field.numeric ? Number(value) : value;
      else delete settings[field.key];
    }
    try {
      const saved = await updateSmsAccount(account.id, {
        name: name.trim(),
        credentials,
        settings,
        senderId: senderId.trim() || null,
        signature: signature.trim() || null,
        timeZone: timeZone.trim(),
      });
      setValues({});
      route(withQuery('/accounts', { sms: saved.name }));
    } catch (failure) {
      setError(failure);
      setBusy(false);
    }
  }

  return (
    <form class="panel acct-form" onSubmit={(event) => void save(event)} autocomplete="off" data-testid="sms-edit-form">
      <p class="hint">{providerLabel(account.provider, t)}</p>
      <TextField label={t('accountName')} name="name" value={name} onValue={setName} required maxLength={64} />
      {fields.length > 0 ? (
        <fieldset>
          <legend>{providerLabel(account.provider, t)}</legend>
          {fields.map((field) => (
            <TextField
              key={field.key}
              label={t(field.label)}
              hint={field.target === 'credentials' ? t('keepSecretHint') : field.hint ? t(field.hint) : undefined}
              name={field.key}
              type={field.secret ? 'password' : field.numeric ? 'number' : 'text'}
              autocomplete={field.secret ? 'new-password' : 'off'}
              placeholder={field.target === 'credentials' ? t('keepSecretPlaceholder') : field.placeholder}
              value={values[field.key] ?? ''}
              onValue={(value) => setValues((previous) => ({ ...previous, [field.key]: value }))}
            />
          ))}
        </fieldset>
      ) : (
        <p class="hint">{t('sandboxHint')}</p>
      )}
      <div class="row">
        <TextField label={t('senderId')} hint={t('senderIdHint')} name="senderId" value={senderId} onValue={setSenderId} maxLength={32} />
        <TextField label={t('smsSignature')} hint={t('smsSignatureHint')} name="signature" value={signature} onValue={setSignature} maxLength={22} placeholder="【某某公司】" />
      </div>
      <TextField label={t('timeZone')} hint={t('timeZoneHint')} name="timeZone" value={timeZone} onValue={setTimeZone} required />
      <ErrorNotice error={error} />
      <div class="row">
        <Button type="submit" busy={busy}>
          {t('saveSmsChanges')}
        </Button>
        <a class="btn btn-secondary" href="/accounts">
          {tc('cancel')}
        </a>
      </div>
    </form>
  );
}

function TestMessage({ account }: { account: SmsAccount }) {
  const t = useT(accountsMessages);
  const { locale } = useLocale();
  const [to, setTo] = useState('');
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [result, setResult] = useState<SmsTestResult | null>(null);

  async function send(event: Event) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setResult(null);
    try {
      setResult(await sendTestSms(account.id, { to: to.trim(), text: text.trim() }));
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form class="panel acct-form" onSubmit={(event) => void send(event)} aria-labelledby="sms-test-heading" data-testid="sms-test-form">
      <h2 id="sms-test-heading">{t('testSmsHeading')}</h2>
      <p class="hint">{t('testSmsHint')}</p>
      <div class="row">
        <TextField label={t('testSmsTo')} name="to" type="tel" value={to} onValue={setTo} required placeholder="+86 138 0013 8000" />
        <TextField label={t('testSmsText')} name="text" value={text} onValue={setText} required maxLength={500} />
      </div>
      <ErrorNotice error={error} />
      {result ? (
        <p role="status" data-testid="sms-test-result">
          {t(result.parts === 1 ? 'testSmsSentOne' : 'testSmsSent', { parts: formatCount(result.parts, locale), cost: formatMinor(result.costMinor, account.currency, locale) })}
        </p>
      ) : null}
      <Button type="submit" busy={busy}>
        {t('testSmsSend')}
      </Button>
    </form>
  );
}

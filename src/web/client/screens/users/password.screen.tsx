import { useState } from 'preact/hooks';
import { api } from '../../api.js';
import { useAuth } from '../../auth.js';
import { useT } from '../../i18n/index.js';
import { Button, ErrorNotice, Notice, PageHeader, TextField } from '../../ui/components.js';
import { passwordMessages } from './password.messages.js';

/** The server's rule (checkPassword in src/modules/users); checked here too so the form says it at once. */
export const PASSWORD_MIN = 12;

/**
 * Changes the signed-in user's own password. `forced`: shown alone after a sign-in with a
 * one-time password; on success the session is read again and the app appears.
 */
export function ChangePasswordForm({ forced }: { forced: boolean }) {
  const t = useT(passwordMessages);
  const { refresh } = useAuth();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const [done, setDone] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    setDone(false);
    if ([...next].length < PASSWORD_MIN) return setError(new Error(t('tooShort', { min: PASSWORD_MIN })));
    if (next !== repeat) return setError(new Error(t('mismatch')));
    setBusy(true);
    setError(undefined);
    try {
      await api('/api/auth/password', { method: 'PUT', body: { currentPassword: current, newPassword: next } });
      setCurrent('');
      setNext('');
      setRepeat('');
      setDone(true);
      await refresh();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="form-narrow" onSubmit={submit} aria-label={forced ? t('forcedTitle') : t('title')}>
      <p>{forced ? t('forcedIntro') : t('intro')}</p>
      <TextField label={forced ? t('currentForced') : t('current')} name="current-password" type="password" autoComplete="current-password" value={current} onValue={setCurrent} required />
      <TextField label={t('next')} name="new-password" type="password" autoComplete="new-password" value={next} onValue={setNext} hint={t('rule', { min: PASSWORD_MIN })} required />
      <TextField label={t('repeat')} name="repeat-password" type="password" autoComplete="new-password" value={repeat} onValue={setRepeat} required />
      <ErrorNotice error={error} />
      {done ? <Notice kind="success">{t('done')}</Notice> : null}
      <Button type="submit" busy={busy}>
        {t('submit')}
      </Button>
    </form>
  );
}

/** `/password`: the menu entry "Change password". */
export function ChangePasswordScreen() {
  const t = useT(passwordMessages);
  return (
    <>
      <PageHeader title={t('title')} />
      <ChangePasswordForm forced={false} />
    </>
  );
}

import { useState } from 'preact/hooks';
import { useAuth } from '../../auth.js';
import { defineMessages, useT } from '../../i18n/index.js';
import { Button, ErrorNotice, TextField } from '../../ui/components.js';
import { LanguageSwitch } from '../../layout/language-switch.js';

const messages = defineMessages({
  en: { title: 'Sign in to Tidings', username: 'User name', password: 'Password', submit: 'Sign in', firstRun: 'First time? The administrator password was printed once by `tidings serve` when the store was created.' },
  'zh-CN': { title: '登录 Tidings', username: '用户名', password: '密码', submit: '登录', firstRun: '首次使用？创建数据库时，`tidings serve` 已在终端打印过一次管理员密码。' },
});

/** The sign-in form; on success the session provider swaps in the app. */
export function SignInScreen() {
  const t = useT(messages);
  const { signIn } = useAuth();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await signIn(username.trim(), password);
    } catch (failure) {
      setError(failure);
      setBusy(false);
    }
  };

  return (
    <main id="main" class="signin">
      <div class="signin-box">
        <div class="signin-top">
          <h1>{t('title')}</h1>
          <LanguageSwitch />
        </div>
        <form onSubmit={submit} aria-label={t('title')}>
          <TextField label={t('username')} name="username" autoComplete="username" value={username} onValue={setUsername} required autoFocus />
          <TextField label={t('password')} name="password" type="password" autoComplete="current-password" value={password} onValue={setPassword} required />
          <ErrorNotice error={error} />
          <Button type="submit" busy={busy}>
            {t('submit')}
          </Button>
        </form>
        <p class="hint">{t('firstRun')}</p>
      </div>
    </main>
  );
}

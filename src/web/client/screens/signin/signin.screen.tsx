import { useEffect, useState } from 'preact/hooks';
import { useAuth } from '../../auth.js';
import { defineMessages, useT } from '../../i18n/index.js';
import { Button, ErrorNotice, TextField } from '../../ui/components.js';
import { common } from '../../i18n/common.js';
import { LanguageSwitch } from '../../layout/language-switch.js';
import { pageTitle } from '../../layout/page-title.js';

/** A message with one `{command}` placeholder, the command shown as code (never raw backticks). */
function WithCommand({ text, command }: { text: string; command: string }) {
  const [before, after] = text.split('{command}');
  return (
    <>
      {before}
      <code>{command}</code>
      {after}
    </>
  );
}

const messages = defineMessages({
  en: { title: 'Sign in to Tidings', username: 'User name', password: 'Password', submit: 'Sign in', firstRun: 'First time? Sign in as admin with the one-time password that {command} printed once when the store was created; you will then choose your own.' },
  'zh-CN': { title: '登录 Tidings', username: '用户名', password: '密码', submit: '登录', firstRun: '首次使用？创建数据库时，{command} 已在终端打印过一次管理员的一次性密码。请用用户名 admin 和该密码登录，随后设置您自己的密码。' },
});

/** The sign-in form; on success the session provider swaps in the app. */
export function SignInScreen() {
  const t = useT(messages);
  const tc = useT(common);
  const { signIn } = useAuth();
  useEffect(() => {
    document.title = pageTitle(tc('titleSignIn'), 'Tidings');
  }, [tc]);
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
        <p class="hint" data-testid="first-run-hint">
          <WithCommand text={t('firstRun')} command="tidings serve" />
        </p>
      </div>
    </main>
  );
}

import { useEffect } from 'preact/hooks';
import { useAuth, useMe } from '../../auth.js';
import { common } from '../../i18n/common.js';
import { useT } from '../../i18n/index.js';
import { LanguageSwitch } from '../../layout/language-switch.js';
import { pageTitle } from '../../layout/page-title.js';
import { roleLabel } from '../../layout/role-label.js';
import { ChangePasswordForm } from '../users/password.screen.js';
import { passwordMessages } from '../users/password.messages.js';

/**
 * All a user signed in with a one-time password sees: choose their own password, or sign out.
 * When the change succeeds the session is read again and the app replaces this screen.
 */
export function ForcedPasswordScreen() {
  const me = useMe();
  const { signOut } = useAuth();
  const t = useT(passwordMessages);
  const tc = useT(common);
  useEffect(() => {
    document.title = pageTitle(t('forcedTitle'), 'Tidings');
  }, [t]);
  return (
    <main id="main" class="signin">
      <div class="signin-box">
        <div class="signin-top">
          <h1>{t('forcedTitle')}</h1>
          <LanguageSwitch />
        </div>
        <p class="hint">{tc('signedInAs', { name: me.user.displayName || me.user.username, role: roleLabel(me.user.role, tc) })}</p>
        <ChangePasswordForm forced />
        <button type="button" class="btn btn-secondary" onClick={() => void signOut()}>
          {tc('signOut')}
        </button>
      </div>
    </main>
  );
}

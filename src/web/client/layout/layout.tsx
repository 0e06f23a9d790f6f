import type { ComponentChildren } from 'preact';
import { useEffect } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { useAuth, useMe } from '../auth.js';
import { common } from '../i18n/common.js';
import { useT } from '../i18n/index.js';
import { SCREEN_ROUTES } from '../screens/index.js';
import { LanguageSwitch } from './language-switch.js';
import { MenuContext } from './menu.js';
import { pageTitle, titleKeyOf } from './page-title.js';
import { roleLabel } from './role-label.js';

/** The frame of every signed-in page: skip link, header, the menu the role may use, content. */
export function Layout({ children }: { children: ComponentChildren }) {
  const me = useMe();
  const { signOut } = useAuth();
  const { path } = useLocation();
  const t = useT(common);
  const menu = SCREEN_ROUTES.filter((route) => route.nav && route.permissions.some((p) => me.permissions.includes(p)));
  const titleKey = titleKeyOf(SCREEN_ROUTES, path);
  const title = pageTitle(titleKey ? t(titleKey) : undefined, 'Tidings');
  useEffect(() => {
    document.title = title;
  }, [title]);
  const current = (routePath: string) => (routePath === '/' ? path === '/' : path === routePath || path.startsWith(`${routePath}/`));
  return (
    <div class="frame">
      <a class="skip-link" href="#main">
        {t('skipToContent')}
      </a>
      <header class="topbar">
        <a class="brand" href="/">
          {t('appName')}
        </a>
        <div class="topbar-right">
          <LanguageSwitch />
          <span class="whoami">{t('signedInAs', { name: me.user.displayName || me.user.username, role: roleLabel(me.user.role, t) })}</span>
          <a class="btn btn-secondary" href="/password" aria-current={path === '/password' ? 'page' : undefined}>
            {t('changePassword')}
          </a>
          <button type="button" class="btn btn-secondary" onClick={() => void signOut()}>
            {t('signOut')}
          </button>
        </div>
      </header>
      <nav class="sidebar" aria-label={t('mainMenu')}>
        <ul>
          {menu.map((route) => (
            <li key={route.path}>
              <a href={route.path} aria-current={current(route.path) ? 'page' : undefined}>
                {route.nav ? t(route.nav) : route.path}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <main id="main" class="content" tabIndex={-1}>
        <MenuContext.Provider value={menu}>{children}</MenuContext.Provider>
      </main>
    </div>
  );
}

import { ErrorBoundary, LocationProvider, Route, Router } from 'preact-iso';
import { AuthProvider, useAuth, useMe } from './auth.js';
import { common } from './i18n/common.js';
import { LocaleProvider, useT } from './i18n/index.js';
import { Layout } from './layout/layout.js';
import { roleLabel } from './layout/role-label.js';
import { SCREEN_ROUTES } from './screens/index.js';
import { SignInScreen } from './screens/signin/signin.screen.js';
import { ForcedPasswordScreen } from './screens/signin/forced-password.screen.js';
import { Loading } from './ui/components.js';

function NotFound() {
  const t = useT(common);
  return <p role="alert">{t('notFound')}</p>;
}

/** Shown instead of a screen the role may not use (the API would refuse it anyway). */
function Forbidden() {
  const me = useMe();
  const t = useT(common);
  return (
    <p class="notice notice-error" role="alert" data-testid="forbidden">
      {t('forbidden', { role: roleLabel(me.user.role, t) })}
    </p>
  );
}

function SignedInRoutes() {
  const me = useMe();
  return (
    <Layout>
      <ErrorBoundary>
        <Router>
          {[
            ...SCREEN_ROUTES.map((route) => (
              <Route key={route.path} path={route.path} component={route.permissions.some((p) => me.permissions.includes(p)) ? route.component : Forbidden} />
            )),
            <Route key="404" default component={NotFound} />,
          ]}
        </Router>
      </ErrorBoundary>
    </Layout>
  );
}

function Gate() {
  const { me } = useAuth();
  if (me === undefined) return <Loading />;
  if (me === null) return <SignInScreen />;
  // A one-time password: nothing but choosing one's own until it is done (the API refuses the rest).
  if (me.user.mustChangePassword) return <ForcedPasswordScreen />;
  return <SignedInRoutes />;
}

/** The whole UI: language, session, location. */
export function App() {
  return (
    <LocaleProvider>
      <LocationProvider>
        <AuthProvider>
          <Gate />
        </AuthProvider>
      </LocationProvider>
    </LocaleProvider>
  );
}

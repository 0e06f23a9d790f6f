import { createContext, type ComponentChildren } from 'preact';
import { useCallback, useContext, useEffect, useMemo, useState } from 'preact/hooks';
import { api, setCsrfToken } from './api.js';
import type { ApiResponse } from './api/shapes.js';

/** The signed-in user as `/api/auth/me` (and sign-in) describes them. */
export type Me = ApiResponse<'/api/auth/me'>;
/** A permission name (`campaigns:read`); a misspelt one is a type error. */
export type Permission = Me['permissions'][number];

interface AuthState {
  /** undefined while the first `/api/auth/me` is in flight; null when nobody is signed in. */
  readonly me: Me | null | undefined;
  readonly signIn: (username: string, password: string) => Promise<void>;
  readonly signOut: () => Promise<void>;
  /** Reads `/api/auth/me` again (after the user changed their password, their name, …). */
  readonly refresh: () => Promise<void>;
  /** Whether the user holds any of these permissions. */
  readonly can: (...permissions: Permission[]) => boolean;
}

const AuthContext = createContext<AuthState | null>(null);

/** Loads the session once and keeps the CSRF token for the API client. */
export function AuthProvider({ children }: { children: ComponentChildren }) {
  const [me, setMe] = useState<Me | null | undefined>(undefined);
  const accept = useCallback((next: Me | null) => {
    setCsrfToken(next?.csrfToken ?? null);
    setMe(next);
  }, []);

  useEffect(() => {
    api<Me>('/api/auth/me')
      .then(accept)
      // 401 is the usual answer before sign-in; any other failure also leads to the sign-in page.
      .catch(() => accept(null));
  }, [accept]);

  const signIn = useCallback(
    async (username: string, password: string) => accept(await api<Me>('/api/auth/login', { body: { username, password } })),
    [accept],
  );
  const signOut = useCallback(async () => {
    await api('/api/auth/logout', { method: 'POST', body: {} }).catch(() => undefined);
    accept(null);
  }, [accept]);
  // A session that ended meanwhile (the user disabled themselves, say) leads back to sign-in.
  const refresh = useCallback(async () => accept(await api<Me>('/api/auth/me').catch(() => null)), [accept]);
  const can = useCallback((...permissions: Permission[]) => !!me && permissions.some((p) => me.permissions.includes(p)), [me]);

  const value = useMemo(() => ({ me, signIn, signOut, refresh, can }), [me, signIn, signOut, refresh, can]);
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

/** The session state; only inside {@link AuthProvider}. */
export function useAuth(): AuthState {
  const state = useContext(AuthContext);
  if (!state) throw new Error('useAuth outside AuthProvider');
  return state;
}

/** The signed-in user; screens behind the sign-in gate may rely on it. */
export function useMe(): Me {
  const { me } = useAuth();
  if (!me) throw new Error('useMe without a session');
  return me;
}

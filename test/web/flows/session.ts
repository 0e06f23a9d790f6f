// What every UI e2e needs around the browser: an API session to seed data as a client would, the
// sign-in form, users, and a mail account on the local Postfix/Dovecot.
import type { Page } from 'playwright-core';

import { MAILBOX_PASSWORD } from '../../helpers/mailbox.js';
import { waitFor } from '../../helpers/wait.js';

export { MAILBOX_PASSWORD };

/** A signed-in API session (cookie + CSRF token), as the browser would hold it. */
export interface ApiSession {
  call<T = unknown>(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; body: T; text: string }>;
}

/** Signs in over the API and returns a session for further calls. */
export async function apiSession(baseUrl: string, username: string, password: string): Promise<ApiSession> {
  const login = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (login.status !== 200) throw new Error(`sign-in of ${username} answered ${login.status}: ${await login.text()}`);
  const cookie = login.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const { csrfToken } = (await login.json()) as { csrfToken: string | null };
  return {
    async call<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
      const response = await fetch(`${baseUrl}${path}`, {
        method,
        headers: {
          cookie,
          accept: 'application/json',
          ...(csrfToken && method !== 'GET' ? { 'x-csrf-token': csrfToken } : {}),
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...headers,
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await response.text();
      let parsed: unknown = undefined;
      try {
        parsed = text ? JSON.parse(text) : undefined;
      } catch {
        parsed = text;
      }
      return { status: response.status, body: parsed as T, text };
    },
  };
}

/** Calls and insists on a 2xx answer (a seeding step that fails says why). */
export async function must<T>(session: ApiSession, method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<T> {
  const r = await session.call<T>(method, path, body, headers);
  if (r.status < 200 || r.status > 299) throw new Error(`${method} ${path} answered ${r.status}: ${r.text.slice(0, 500)}`);
  return r.body;
}

/** Creates a user with a password (as admin). */
export async function createUser(admin: ApiSession, user: { username: string; role: string; password: string; displayName?: string }): Promise<void> {
  await must(admin, 'POST', '/api/users', user);
}

/** Signs in through the sign-in page (either language) and waits for the main menu. */
export async function signInInBrowser(page: Page, baseUrl: string, username: string, password: string): Promise<void> {
  await page.goto(baseUrl);
  await page.getByLabel(/User name|用户名/).fill(username);
  await page.getByLabel(/Password|密码/).fill(password);
  await page.getByRole('button', { name: /Sign in|登录/ }).click();
  await page.getByRole('navigation', { name: /Main menu|主菜单/ }).waitFor();
}

/**
 * A mail account for `address` on the local Postfix (submission 587, STARTTLS with login) and
 * Dovecot (IMAP 143, STARTTLS); the certificates are self-signed, so verification is off.
 * `isDefault` makes it the default sending account.
 */
export async function createLocalMailAccount(
  admin: ApiSession,
  input: { address: string; name?: string; displayName?: string; limits?: { perSecond?: number; perMinute?: number }; isDefault?: boolean },
): Promise<{ id: number; email: string }> {
  const account = await must<{ id: number; email: string }>(admin, 'POST', '/api/accounts', {
    name: input.name ?? input.address.replace(/[^a-z0-9._-]/gi, '-'),
    displayName: input.displayName ?? 'Tidings Sender',
    email: input.address,
    tlsVerify: false,
    smtp: { host: '127.0.0.1', port: 587, security: 'starttls', auth: true, username: input.address, password: MAILBOX_PASSWORD },
    incoming: { protocol: 'imap', host: '127.0.0.1', port: 143, security: 'starttls', username: input.address, password: MAILBOX_PASSWORD },
    ...(input.limits ? { limits: input.limits } : {}),
  });
  if (input.isDefault) await must(admin, 'POST', `/api/accounts/${account.id}/default`, {});
  return account;
}

/**
 * Asks `probe` every half second until it answers, failing after `timeout` with `what`. Usable in
 * hooks too (expect.poll is not); used where the server offers no push (the poller's schedule, a campaign's status).
 */
export async function pollUntil<T>(what: string, probe: () => Promise<T | undefined>, timeout: number): Promise<T> {
  let found: T | undefined;
  await waitFor(async () => (found = await probe()) !== undefined, { timeoutMs: timeout, intervalMs: 500, what });
  return found as T;
}

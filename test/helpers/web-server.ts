// A real `tidings serve` for browser tests: its own SQLite file, secret key and port.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { firstAdminPassword, servingAddress, stop, tidings, waitForLine, type TidingsProcess } from './processes.js';

/** A running service and what a test needs to use it. */
export interface WebServer {
  readonly url: string;
  /**
   * The first admin's password: by default already changed from the printed one-time password
   * (which must be replaced before anything else works), so tests can use the API at once. With
   * `keepOneTimePassword`, the printed one-time password itself.
   */
  readonly adminPassword: string;
  readonly process: TidingsProcess;
  readonly dataDir: string;
  close(): Promise<void>;
}

/** Replaces the first admin's one-time password by a new random one, over the API; returns it. */
export async function replaceOneTimePassword(url: string, username: string, oneTime: string): Promise<string> {
  const login = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: oneTime }) });
  if (login.status !== 200) throw new Error(`sign-in of ${username} answered ${login.status}: ${await login.text()}`);
  const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const password = `pw-${randomBytes(12).toString('hex')}`;
  const changed = await fetch(`${url}/api/auth/password`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken },
    body: JSON.stringify({ currentPassword: oneTime, newPassword: password }),
  });
  if (changed.status !== 200) throw new Error(`changing the one-time password answered ${changed.status}: ${await changed.text()}`);
  return password;
}

/** Starts `tidings serve` (with its workers) on a free port over a fresh SQLite store. */
export async function startWebServer(env: Record<string, string> = {}, options: { readonly keepOneTimePassword?: boolean } = {}): Promise<WebServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'tidings-web-'));
  const started = tidings(['serve'], {
    TIDINGS_DATA_DIR: dataDir,
    TIDINGS_SECRET_KEY: randomBytes(32).toString('base64'),
    PORT: '0',
    LOG_LEVEL: 'info',
    ...env,
  });
  try {
    const { value: url, plain } = await waitForLine(started, servingAddress, 60_000);
    const oneTime = firstAdminPassword(plain);
    return {
      url,
      adminPassword: options.keepOneTimePassword ? oneTime : await replaceOneTimePassword(url, 'admin', oneTime),
      process: started,
      dataDir,
      async close() {
        await stop(started.child);
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await stop(started.child);
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
}

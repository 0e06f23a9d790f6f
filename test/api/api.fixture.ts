import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../src/app/index.js';
import { loadConfig } from '../../src/app/index.js';
import { SecretBox } from '../../src/platform/crypto/index.js';
import { createLogger } from '../../src/platform/logger/index.js';
import { createMetrics } from '../../src/platform/metrics/index.js';
import type { Store } from '../../src/platform/db/index.js';
import { AuthService, type Role } from '../../src/http/index.js';
import { usePasswordHashCostForTests } from '../../src/modules/users/index.js';
import { systemClock } from '../../src/platform/clock/index.js';

/**
 * API suites hash at a tiny cost (1 MiB, a few ms) instead of production's 128 MiB and ~0.5 s, so
 * files that sign many users in stay fast on a shared machine. Tests about hashing itself switch
 * back with `usePasswordHashCostForTests(undefined)`; production cannot lower the cost at all.
 */
export const TEST_HASH_PARAMS = { N: 2 ** 10, r: 8, p: 1 } as const;
usePasswordHashCostForTests(TEST_HASH_PARAMS);

/** Collects log lines written by the app, for tests that read what was logged. */
export class LogSink extends Writable {
  readonly lines: string[] = [];
  override _write(chunk: Buffer, _encoding: BufferEncoding, done: () => void): void {
    this.lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    done();
  }
}

/** An AppContext over a contract store; closing it leaves the store open (the contract closes it). */
export function makeContext(store: Store, env: Record<string, string> = {}, sink = new LogSink()): AppContext {
  const config = loadConfig({ LOG_LEVEL: 'info', TIDINGS_DATA_DIR: '/nonexistent', ...env });
  return {
    config,
    logger: createLogger({ level: config.LOG_LEVEL, destination: sink }),
    store,
    secrets: new SecretBox(randomBytes(32)),
    redis: undefined,
    metrics: createMetrics(),
    clock: systemClock,
    async close() {},
  };
}

/**
 * A user of `role` with a fresh bearer token; unique names so tests share one store. Only users
 * that sign in get a password: even at the test cost, hashing is the slow part.
 */
export async function userWithToken(
  store: Store,
  role: Role,
  options: { password?: boolean } = {},
): Promise<{ userId: number; username: string; token: string }> {
  const auth = new AuthService(store);
  const username = `${role}-${randomBytes(4).toString('hex')}`;
  const user = await auth.users.create({ username, role, password: options.password ? passwordOf(username) : undefined });
  const { token } = await auth.tokens.create({ userId: user.id, name: 'test' });
  return { userId: user.id, username, token };
}

export const passwordOf = (username: string) => `pw-${username}-long-enough`;

/** Signs in through the API; returns the cookie header to send and the CSRF token. */
export async function signIn(app: FastifyInstance, username: string, password = passwordOf(username)): Promise<{ cookie: string; csrf: string }> {
  const response = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
  if (response.statusCode !== 200) throw new Error(`sign-in failed: ${response.statusCode} ${response.body}`);
  const cookie = response.cookies.find((c) => c.name === 'tidings_session');
  if (!cookie) throw new Error('no session cookie');
  return { cookie: `tidings_session=${cookie.value}`, csrf: (response.json() as { csrfToken: string }).csrfToken };
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

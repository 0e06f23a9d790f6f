import { createConnection } from 'node:net';
import { describe, it } from 'vitest';

/**
 * Integration suites need real servers (scripts/test-services.sh, run by `npm test`'s
 * globalSetup). By default a missing server FAILS the suite; `TIDINGS_TEST_SERVICES=optional`
 * (`npm run test:unit`) skips it instead, its name saying why.
 */
export const servicesRequired = process.env.TIDINGS_TEST_SERVICES !== 'optional';

export const SERVICES = {
  postgres: { host: '127.0.0.1', port: 5432 },
  redis: { host: '127.0.0.1', port: 6379 },
  smtp: { host: '127.0.0.1', port: 25 },
  submission: { host: '127.0.0.1', port: 587 },
  imap: { host: '127.0.0.1', port: 143 },
  imaps: { host: '127.0.0.1', port: 993 },
  pop3: { host: '127.0.0.1', port: 110 },
  pop3s: { host: '127.0.0.1', port: 995 },
} as const;

export type ServiceName = keyof typeof SERVICES;

export const POSTGRES_URL = process.env.TIDINGS_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const REDIS_URL = process.env.TIDINGS_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

const cache = new Map<ServiceName, Promise<boolean>>();

/** True when the service's port accepts a TCP connection within a second. */
export function isServiceUp(name: ServiceName): Promise<boolean> {
  let probe = cache.get(name);
  if (!probe) {
    const { host, port } = SERVICES[name];
    probe = new Promise<boolean>((resolve) => {
      const socket = createConnection({ host, port });
      const done = (up: boolean) => {
        socket.destroy();
        resolve(up);
      };
      socket.setTimeout(1000, () => done(false));
      socket.once('connect', () => done(true));
      socket.once('error', () => done(false));
    });
    cache.set(name, probe);
  }
  return probe;
}

/**
 * `describe` that runs only when every named service answers. When one is missing: a failing
 * test names it; with `TIDINGS_TEST_SERVICES=optional` the suite is skipped with the reason in its title.
 */
export async function describeWithServices(
  names: readonly ServiceName[],
  title: string,
  body: () => void,
): Promise<void> {
  const missing: ServiceName[] = [];
  for (const name of names) if (!(await isServiceUp(name))) missing.push(name);
  if (missing.length === 0) {
    describe(title, body);
    return;
  }
  const reason = `${missing.join(', ')} not reachable; run: sudo bash scripts/test-services.sh`;
  if (servicesRequired) {
    describe(title, () => {
      it(`needs ${missing.join(', ')}`, () => {
        throw new Error(`required service missing: ${reason}`);
      });
    });
  } else {
    describe.skipIf(true)(`${title} (skipped: ${reason})`, body);
  }
}

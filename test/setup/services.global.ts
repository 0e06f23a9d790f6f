// vitest globalSetup: `npm test` brings up what the suites need, or says the one command that does.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createConnection } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { servicesRequired } from '../helpers/services.js';

/** Every port scripts/test-services.sh brings up (the suites use all of them). */
const PORTS: Readonly<Record<string, number>> = {
  postgresql: 5432,
  redis: 6379,
  smtp: 25,
  submission: 587,
  smtps: 465,
  imap: 143,
  imaps: 993,
  pop3: 110,
  pop3s: 995,
};

/** What the web UI suites need on disk (test/helpers/browser.ts launches this Chromium). */
const FILES: Readonly<Record<string, string>> = {
  chromium: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  'fonts-wqy-microhei': '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc',
};

export const SETUP_COMMAND = 'sudo bash scripts/test-services.sh';
const SCRIPT = fileURLToPath(new URL('../../scripts/test-services.sh', import.meta.url));

/** Loopback ports answer at once or refuse at once; the timeout only bounds a wedged one. */
function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    const done = (open: boolean) => {
      socket.destroy();
      resolve(open);
    };
    socket.setTimeout(500, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** What is missing, as `name` or `name:port`; empty when everything is there. */
export async function missingTestServices(options: { browser: boolean } = { browser: true }): Promise<string[]> {
  const ports = await Promise.all(Object.entries(PORTS).map(async ([name, port]) => ((await portOpen(port)) ? undefined : `${name}:${port}`)));
  const files = options.browser ? Object.entries(FILES).map(([name, path]) => (existsSync(path) ? undefined : name)) : [];
  return [...ports, ...files].filter((entry): entry is string => entry !== undefined);
}

/**
 * Whether this run includes a web UI suite (test/web): `npx vitest run test/api/x.test.ts` should not
 * need Chromium. Vitest keeps the command line's file filters in `filenamePattern` (not in its typed
 * API); without it every file counts, so the answer errs towards checking.
 */
async function runsBrowserSuites(project: TestProject): Promise<boolean> {
  const filters = (project.vitest as unknown as { filenamePattern?: string[] }).filenamePattern;
  const specs = await project.vitest.globTestSpecifications(filters);
  return specs.some((spec) => spec.moduleId.includes('/test/web/'));
}

/**
 * Runs once before any suite. With everything up it only checks (a few ms). Otherwise, as root,
 * it runs scripts/test-services.sh (installs and starts what is missing, idempotent); as anyone
 * else it stops with the command to run. `TIDINGS_TEST_SERVICES=optional` (`npm run test:unit`)
 * skips all of it: suites needing a server are then skipped, not failed.
 */
export default async function setup(project: TestProject): Promise<void> {
  if (!servicesRequired) return;
  const browser = await runsBrowserSuites(project);
  const missing = await missingTestServices({ browser });
  if (missing.length === 0) return;
  if (process.getuid?.() !== 0) {
    throw new Error(
      `The test suites need local servers and Chromium; missing: ${missing.join(', ')}.\n` +
        `Run once: ${SETUP_COMMAND}\n` +
        '(or `npm run test:unit` for the tests that need none)',
    );
  }
  process.stdout.write(`[test setup] missing: ${missing.join(', ')}; running scripts/test-services.sh\n`);
  const run = spawnSync('bash', [SCRIPT], { stdio: 'inherit' });
  if (run.status !== 0) throw new Error(`scripts/test-services.sh failed (exit ${run.status ?? run.signal}); see its output above`);
  const still = await missingTestServices({ browser });
  if (still.length > 0) throw new Error(`still missing after scripts/test-services.sh: ${still.join(', ')}`);
}

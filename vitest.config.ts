import { defineConfig } from 'vitest/config';

/**
 * Two projects: `unit` needs no servers (store tests also run on PostgreSQL); `integration`
 * (`*.int.test.ts`) talks to the real Postfix, Dovecot, Redis and PostgreSQL and drives Chromium.
 * The global setup checks they are all there first and, as root, brings up what is missing with
 * `scripts/test-services.sh`; `TIDINGS_TEST_SERVICES=optional` (`npm run test:unit`) skips it.
 */
export default defineConfig({
  test: {
    globalSetup: ['test/setup/services.global.ts'],
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          exclude: ['test/**/*.int.test.ts', 'node_modules/**'],
          testTimeout: 20_000,
          sequence: { groupOrder: 0 },
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/**/*.int.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          // expect.poll waits on real servers and a real browser on a shared 2-core machine: 1 s
          // (vitest's default) is too short under load; a poll still ends as soon as it holds.
          expect: { poll: { timeout: 15_000 } },
          // Integration suites share real servers (one Postfix, one Redis); two files at a time
          // keeps a 2-core machine responsive without serialising everything.
          maxWorkers: 2,
          // Runs after the unit project (vitest needs distinct group orders for distinct worker caps).
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});

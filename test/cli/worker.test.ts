import { expect, it } from 'vitest';
import { runTidings } from '../helpers/cli.js';

it('tidings worker --roles with an unknown role fails before starting anything, naming the roles there are', async () => {
  const run = await runTidings({ TIDINGS_DATA_DIR: '/nonexistent/never-opened' }, ['worker', '--roles', 'send,mailer']);
  expect(run.code).toBe(1);
  expect(run.err).toBe('error VALIDATION_FAILED: --roles: unknown role "mailer"; the roles are send, schedule, inbox (comma-separated)\n');
  expect(run.out).toBe('');
});

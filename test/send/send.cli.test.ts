import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { expect, it } from 'vitest';
import { runCli } from '../../src/cli/index.js';
import { openAppStore } from '../../src/app/index.js';
import { seedAccount, seedCustomers, seedTemplateVersion } from '../fixtures/send/seed.js';

function io(env: Record<string, string>) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c: Buffer) => (out += c.toString()));
  stderr.on('data', (c: Buffer) => (err += c.toString()));
  return { io: { stdout, stderr, env, stdin: new PassThrough() }, out: () => out, err: () => err };
}

it('creates, starts, pauses, shows and lists a campaign from the CLI', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tidings-send-cli-'));
  const env = { DATABASE_URL: `sqlite:${join(dir, 't.db')}`, TIDINGS_DATA_DIR: dir, REDIS_URL: '' };
  const store = await openAppStore({ target: { kind: 'sqlite', path: join(dir, 't.db') } });
  const account = await seedAccount(store.db, { port: 2525 });
  const version = await seedTemplateVersion(store.db);
  await seedCustomers(store.db, 3, (i) => `cli${i}@example.test`);
  await store.close();

  const create = io(env);
  expect(await runCli(['campaign', 'create', '--name', 'Spring', '--account', String(account), '--template-version', String(version), '--json'], create.io)).toBe(0);
  const id = JSON.parse(create.out()).id as number;

  const start = io(env);
  expect(await runCli(['campaign', 'start', String(id), '--json'], start.io)).toBe(0);
  expect(JSON.parse(start.out())).toMatchObject({ status: 'running', total: 3, counts: { queued: 3 } });

  const pause = io(env);
  expect(await runCli(['campaign', 'pause', String(id)], pause.io)).toBe(0);
  expect(pause.out()).toMatch(new RegExp(`^#${id} paused .* 0/3 sent=0 queued=3`));

  const again = io(env);
  expect(await runCli(['campaign', 'pause', String(id)], again.io)).toBe(1);
  expect(again.err()).toContain('error SEND_CAMPAIGN_STATE');

  const list = io(env);
  expect(await runCli(['campaign', 'list', '--json'], list.io)).toBe(0);
  expect(JSON.parse(list.out())).toEqual([expect.objectContaining({ id, status: 'paused' })]);

  const watch = io(env);
  expect(await runCli(['campaign', 'cancel', String(id)], io(env).io)).toBe(0);
  expect(await runCli(['campaign', 'watch', String(id), '--json'], watch.io)).toBe(0);
  expect(JSON.parse(watch.out().trim().split('\n').at(-1) ?? '{}')).toMatchObject({ status: 'cancelled', counts: { cancelled: 3 } });
});

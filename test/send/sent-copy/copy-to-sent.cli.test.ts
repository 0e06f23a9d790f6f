import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { openAppStore } from '../../../src/app/index.js';
import { runTidings } from '../../helpers/cli.js';
import { seedAccount, seedTemplateVersion } from '../../fixtures/send/seed.js';

const dir = mkdtempSync(join(tmpdir(), 'tidings-copy-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('campaign create stores --copy-to-sent / --no-copy-to-sent, and the kind default otherwise', async () => {
  const env = { DATABASE_URL: `sqlite:${join(dir, 't.db')}`, TIDINGS_DATA_DIR: dir, REDIS_URL: '' };
  const store = await openAppStore({ target: { kind: 'sqlite', path: join(dir, 't.db') } });
  const account = String(await seedAccount(store.db, { port: 2525 }));
  const version = String(await seedTemplateVersion(store.db));
  await store.close();
  const create = async (...flags: string[]) => {
    const run = await runTidings(env, ['campaign', 'create', '--name', 'c', '--account', account, '--template-version', version, '--json', ...flags]);
    expect(run.code, run.err).toBe(0);
    return JSON.parse(run.out) as { kind: string; copy_to_sent: number | null };
  };
  expect(await create()).toMatchObject({ kind: 'bulk', copy_to_sent: null });
  expect(await create('--copy-to-sent')).toMatchObject({ kind: 'bulk', copy_to_sent: 1 });
  expect(await create('--oneoff', '--no-copy-to-sent')).toMatchObject({ kind: 'oneoff', copy_to_sent: 0 });
});

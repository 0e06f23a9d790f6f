// Item 8: the SQLite file was created world-readable (0644), in a world-readable data dir, while it
// holds customers, raw mail and sealed credentials.
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { PRIVATE_DIR_MODE, tightenMode } from '../../src/platform/config/index.js';
import { openAppStore } from '../../src/app/index.js';
import { runTidings } from '../helpers/cli.js';
import { POSTGRES_URL } from '../helpers/services.js';
import { describeStoreContract } from '../helpers/store-contract.js';

const modeOf = (path: string) => (statSync(path).mode & 0o777).toString(8);
const parents: string[] = [];
afterAll(() => {
  for (const dir of parents) rmSync(dir, { recursive: true, force: true });
});

describeStoreContract('security 08: data dir and database file modes', (store, engine) => {
  /** Starts the service's context the way every command does (`tidings db migrate`) on a data dir. */
  const start = (dataDir: string) =>
    runTidings(
      engine === 'postgres'
        ? { DATABASE_URL: POSTGRES_URL, DATABASE_SCHEMA: store().schema, TIDINGS_DATA_DIR: dataDir }
        : { TIDINGS_DATA_DIR: dataDir },
      ['db', 'migrate'],
    );
  const freshDataDir = () => {
    const parent = mkdtempSync(join(tmpdir(), 'tidings-perms-'));
    parents.push(parent);
    return join(parent, 'data');
  };
  // What the data dir holds on this engine: the key file always, the database on SQLite.
  const privateFiles = (dataDir: string) =>
    ['secret.key', ...(engine === 'sqlite' ? ['tidings.db', 'tidings.db-wal', 'tidings.db-shm'] : [])].map((f) => join(dataDir, f));

  it('creates a fresh data dir 0700 and the database and key file 0600', async () => {
    const dataDir = freshDataDir();
    const run = await start(dataDir);
    expect(run.code, run.err).toBe(0);
    expect(modeOf(dataDir)).toBe('700');
    if (engine === 'sqlite') expect(existsSync(join(dataDir, 'tidings.db'))).toBe(true);
    for (const file of privateFiles(dataDir).filter(existsSync)) expect({ file, mode: modeOf(file) }).toEqual({ file, mode: '600' });
    // Nothing in it was left readable by others.
    expect(run.err).not.toMatch(/tightened/);
  });

  it('tightens a data dir and files left readable by an older version, and says so', async () => {
    const dataDir = freshDataDir();
    expect((await start(dataDir)).code).toBe(0);
    chmodSync(dataDir, 0o755);
    const loosened = privateFiles(dataDir).filter(existsSync);
    for (const file of loosened) chmodSync(file, 0o644);

    const run = await start(dataDir);
    expect(run.code, run.err).toBe(0);
    expect(modeOf(dataDir)).toBe('700');
    for (const file of loosened) {
      expect(modeOf(file)).toBe('600');
      expect(run.err).toContain(`tightened permissions of ${file} from 644 to 600`);
    }
    expect(run.err).toContain(`tightened permissions of ${dataDir} from 755 to 700`);
  });
});

it('keeps the -wal and -shm files of an open SQLite database 0600 too', async () => {
  const parent = mkdtempSync(join(tmpdir(), 'tidings-perms-'));
  parents.push(parent);
  const path = join(parent, 'data', 'tidings.db');
  const open = await openAppStore({ target: { kind: 'sqlite', path } });
  try {
    await open.db.insertInto('login_limits').values({ key: 'perms-check', window_start: 1, attempts: 1 }).execute();
    expect(modeOf(join(parent, 'data'))).toBe('700');
    for (const file of [path, `${path}-wal`, `${path}-shm`]) expect({ file, mode: modeOf(file) }).toEqual({ file, mode: '600' });
  } finally {
    await open.close();
  }
});

it('never tightens a shared sticky directory such as /tmp, even when pointed at as the data dir', () => {
  const parent = mkdtempSync(join(tmpdir(), 'tidings-perms-'));
  parents.push(parent);
  const shared = join(parent, 'shared');
  mkdirSync(shared);
  chmodSync(shared, 0o1777);
  const changes: unknown[] = [];
  tightenMode(shared, PRIVATE_DIR_MODE, (change) => changes.push(change));
  expect((statSync(shared).mode & 0o7777).toString(8)).toBe('1777');
  expect(changes).toEqual([]);
});

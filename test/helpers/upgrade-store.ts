import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { ALL_MIGRATIONS, openAppStore } from '../../src/app/index.js';
import { applyMigrations, type Store } from '../../src/platform/db/index.js';
import { POSTGRES_URL } from './services.js';

/** A store as an older release left it: every migration but `later`, which {@link UpgradeStore.upgrade} then applies. */
export interface UpgradeStore {
  readonly store: Store;
  /** Applies the pending migrations, as a new release does on start; returns their names. */
  upgrade(): Promise<string[]>;
  close(): Promise<void>;
}

/** Opens a fresh SQLite file or PostgreSQL schema with every migration applied except `later` (by name). */
export async function storeBefore(engine: 'sqlite' | 'postgres', later: readonly string[]): Promise<UpgradeStore> {
  const dir = mkdtempSync(join(tmpdir(), 'tidings-upgrade-'));
  const unique = randomBytes(8).toString('hex');
  const store: Store =
    engine === 'sqlite'
      ? await openAppStore({ target: { kind: 'sqlite', path: join(dir, 'old.db') }, migrate: false })
      : await openAppStore({ target: { kind: 'postgres', url: POSTGRES_URL }, schema: `t_${unique}`, migrate: false });
  const { schema } = store;
  const dialect = engine;
  await applyMigrations(store.db, { dialect, schema, migrations: ALL_MIGRATIONS.filter((m) => !later.includes(m.name)) });
  return {
    store,
    upgrade: () => applyMigrations(store.db, { dialect, schema, migrations: ALL_MIGRATIONS }),
    async close() {
      if (schema) await sql`drop schema if exists ${sql.id(schema)} cascade`.execute(store.db);
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { type Store } from '../../src/platform/db/index.js';
import { openAppStore } from '../../src/app/index.js';
import { isServiceUp, POSTGRES_URL, servicesRequired } from './services.js';

/** A store factory for one engine; each call gives an empty, migrated store of its own. */
export interface StoreEngine {
  readonly name: 'sqlite' | 'postgres';
  make(): Promise<Store>;
}

/** An empty SQLite store in a temp directory, removed when closed. */
export async function makeSqliteStore(): Promise<Store> {
  const dir = mkdtempSync(join(tmpdir(), 'tidings-store-'));
  const store = await openAppStore({ target: { kind: 'sqlite', path: join(dir, 'test.db') } });
  return {
    ...store,
    async close() {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** An empty PostgreSQL store in a fresh schema of the `test` database, dropped when closed. */
export async function makePostgresStore(): Promise<Store> {
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const store = await openAppStore({ target: { kind: 'postgres', url: POSTGRES_URL }, schema });
  return {
    ...store,
    async close() {
      await store.close();
      const client = new pg.Client({ connectionString: POSTGRES_URL });
      await client.connect();
      try {
        await client.query(`drop schema if exists ${schema} cascade`);
      } finally {
        await client.end();
      }
    },
  };
}

export const STORE_ENGINES: readonly StoreEngine[] = [
  { name: 'sqlite', make: makeSqliteStore },
  { name: 'postgres', make: makePostgresStore },
];

const postgresUp = await isServiceUp('postgres');

/**
 * Runs the same store tests on SQLite and on PostgreSQL. `body` gets a getter for the store of
 * the current engine (one store per describe block, created before its tests and closed after).
 * Without a PostgreSQL server the postgres half is skipped outside CI and fails in CI.
 */
export function describeStoreContract(title: string, body: (store: () => Store, engine: StoreEngine['name']) => void): void {
  for (const engine of STORE_ENGINES) {
    const unavailable = engine.name === 'postgres' && !postgresUp;
    if (unavailable && servicesRequired) {
      describe(`${title} [postgres]`, () => {
        it('needs PostgreSQL', () => {
          throw new Error('PostgreSQL on 127.0.0.1:5432 is required: run sudo bash scripts/test-services.sh (or set TIDINGS_TEST_SERVICES=optional to skip its suites)');
        });
      });
      continue;
    }
    describe.skipIf(unavailable)(`${title} [${engine.name}]${unavailable ? ' (skipped: PostgreSQL not reachable)' : ''}`, () => {
      let store: Store | undefined;
      beforeAll(async () => {
        store = await engine.make();
      });
      afterAll(async () => {
        await store?.close();
      });
      body(() => {
        if (!store) throw new Error('store not open yet');
        return store;
      }, engine.name);
    });
  }
}

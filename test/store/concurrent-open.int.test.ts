import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type Store } from '../../src/platform/db/index.js';
import { ALL_MIGRATIONS, migrateAppStore, openAppStore } from '../../src/app/index.js';
import { describeWithServices, POSTGRES_URL } from '../helpers/services.js';

// Workers on many machines start at once against one database, in which other schemas (other
// tenants, other test runs) come and go. Opening the store must succeed in every one of them.

const CHILD = join(import.meta.dirname, 'open-store.child.ts');
const target = { kind: 'postgres' as const, url: POSTGRES_URL };
const freshSchema = () => `t_${randomBytes(6).toString('hex')}`;

/** Runs the child in a process of its own; resolves with its exit code and stderr. */
function openInProcess(schema: string): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, POSTGRES_URL, schema], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString();
    });
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, stderr }));
  });
}

/** The migrations recorded in `schema`, in name order. */
async function recorded(admin: pg.Client, schema: string): Promise<string[]> {
  const { rows } = await admin.query<{ name: string }>(`select name from ${schema}.kysely_migration order by name`);
  return rows.map((r) => r.name);
}

await describeWithServices(['postgres'], 'store: concurrent openStore on PostgreSQL', () => {
  const admin = new pg.Client({ connectionString: POSTGRES_URL });
  const schemas: string[] = [];
  const allNames = ALL_MIGRATIONS.map((m) => m.name).sort();
  const newSchema = () => {
    const schema = freshSchema();
    schemas.push(schema);
    return schema;
  };
  beforeAll(async () => {
    await admin.connect();
  });
  afterAll(async () => {
    for (const schema of schemas) await admin.query(`drop schema if exists ${schema} cascade`);
    await admin.end();
  });

  it('four processes opening one fresh, unmigrated schema at once all succeed; each migration runs once', async () => {
    for (let round = 0; round < 2; round++) {
      const schema = newSchema();
      const results = await Promise.all([1, 2, 3, 4].map(() => openInProcess(schema)));
      expect(results).toEqual(results.map(() => ({ code: 0, stderr: '' })));
      expect(await recorded(admin, schema)).toEqual(allNames);
    }
  });

  it('eight pools opening one fresh schema at once all succeed, and only one of them migrates', async () => {
    for (let round = 0; round < 8; round++) {
      const schema = newSchema();
      const opened = await Promise.allSettled(Array.from({ length: 8 }, () => openAppStore({ target, schema, migrate: false })));
      const stores = opened.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
      try {
        expect(opened.flatMap((r) => (r.status === 'rejected' ? [String(r.reason)] : []))).toEqual([]);
        const applied = await Promise.all(stores.map((s) => migrateAppStore(s)));
        expect(applied.flat().sort()).toEqual(allNames); // every migration applied exactly once
        expect(applied.filter((a) => a.length > 0)).toHaveLength(1); // by one of them, under the lock
        expect(await recorded(admin, schema)).toEqual(allNames);
      } finally {
        await Promise.all(stores.map((s) => s.close()));
      }
    }
  });

  it('opening succeeds while other schemas of the database are created and dropped', async () => {
    // Regression: Kysely's Migrator introspected every table of every schema before taking its
    // lock and failed with `schema "<a sibling>" does not exist` when one was dropped meanwhile.
    const schema = newSchema();
    await (await openAppStore({ target, schema })).close();
    const churner = new pg.Client({ connectionString: POSTGRES_URL });
    await churner.connect();
    let opening = true;
    let dropped = 0;
    const churn = (async () => {
      for (let i = 0; opening && i < 5000; i++) {
        const sibling = `${schema}_sib${i}`;
        await churner.query(`create schema ${sibling}; create table ${sibling}.t (id int primary key, v text)`);
        await churner.query(`drop schema ${sibling} cascade`);
        dropped++;
      }
    })();
    const failures: string[] = [];
    try {
      // At least 25 opens, and on until the churner has really come and gone ten times: how many
      // it manages during 25 opens depends on how the machine's load falls on the two (bounded).
      for (let i = 0; (i < 25 || dropped < 10) && i < 500; i++) {
        try {
          const store: Store = await openAppStore({ target, schema });
          await store.close();
        } catch (error) {
          failures.push((error as Error).message);
        }
      }
    } finally {
      opening = false;
      await churn;
      await churner.end();
    }
    expect(failures).toEqual([]);
    expect(dropped).toBeGreaterThanOrEqual(10); // siblings really came and went during the opens
  });
});

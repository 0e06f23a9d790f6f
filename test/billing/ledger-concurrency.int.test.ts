import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import pg from 'pg';
import { afterAll, expect, it } from 'vitest';
import { balance, checkConsistency, topUp } from '../../src/modules/billing/index.js';
import { type Store } from '../../src/platform/db/index.js';
import { openAppStore } from '../../src/app/index.js';
import { describeWithServices, POSTGRES_URL } from '../helpers/services.js';
import { makeSmsAccount } from './sms-account.fixture.js';

const WORKER = join(import.meta.dirname, '../fixtures/sms/reserve-worker.ts');

interface WorkerResult {
  accepted: number;
  insufficient: number;
  other: string[];
  minBalance: number;
}

/**
 * Starts a worker process and resolves once it has opened the store. `primed` resolves once it
 * has booked its first reservation (after "go"); it books the rest after "race".
 */
async function startWorker(options: object): Promise<{ child: ChildProcess; primed: Promise<void>; result: Promise<WorkerResult> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', WORKER, JSON.stringify(options)], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout! });
  const iterator = lines[Symbol.asyncIterator]();
  const first = await iterator.next();
  if (first.value !== 'ready') throw new Error(`worker did not start: ${String(first.value)}`);
  const primed = (async () => {
    const line = await iterator.next();
    if (line.value !== 'primed') throw new Error(`worker did not book its first reservation: ${String(line.value)}`);
  })();
  const result = (async () => {
    await primed;
    const last = await iterator.next();
    await once(child, 'exit');
    return JSON.parse(String(last.value)) as WorkerResult;
  })();
  return { child, primed, result };
}

/** Two processes, 500 reservations each, against a balance for exactly 500 messages. */
async function race(store: Store, target: object, schema?: string): Promise<void> {
  const { db } = store;
  const account = await makeSmsAccount(db);
  await topUp(db, { accountId: account.id, idempotencyKey: `${account.name}:topup`, amountMinor: 500 * 10, reference: 'r', operator: 'test' });
  const common = { target, schema, accountId: account.id, count: 500, parallel: 4 };
  const a = await startWorker({ ...common, prefix: `${account.name}:a` });
  const b = await startWorker({ ...common, prefix: `${account.name}:b` });
  a.child.stdin!.write('go\n');
  b.child.stdin!.write('go\n');
  // Both in the race before either books the rest: otherwise a process scheduled late on a loaded
  // machine could find the wallet already emptied, and "each got some" would measure the OS.
  await Promise.all([a.primed, b.primed]);
  a.child.stdin!.write('race\n');
  b.child.stdin!.write('race\n');
  const results = await Promise.all([a.result, b.result]);
  expect(results.flatMap((r) => r.other)).toEqual([]);
  expect(results[0]!.accepted + results[1]!.accepted).toBe(500);
  expect(results[0]!.insufficient + results[1]!.insufficient).toBe(500);
  // Both processes were in the race (their first reservations, before the barrier, both fit).
  expect(results[0]!.accepted).toBeGreaterThan(0);
  expect(results[1]!.accepted).toBeGreaterThan(0);
  expect(Math.min(...results.map((r) => r.minBalance))).toBe(0);
  const wallet = await balance(db, account.id);
  expect(wallet).toMatchObject({ balanceMinor: 0, pendingMinor: 5000, creditedMinor: 5000 });
  const report = await checkConsistency(db, account.id);
  expect(report.problems).toEqual([]);
  const entries = await db.selectFrom('sms_ledger').select(db.fn.countAll<number>().as('n')).where('kind', '=', 'pending').where('sms_account_id', '=', account.id).executeTakeFirstOrThrow();
  expect(Number(entries.n)).toBe(500);
}

await describeWithServices(['postgres'], 'ledger under two concurrent processes', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tidings-ledger-'));
  const schema = `t_${randomBytes(6).toString('hex')}`;
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    const client = new pg.Client({ connectionString: POSTGRES_URL });
    await client.connect();
    await client.query(`drop schema if exists ${schema} cascade`);
    await client.end();
  });

  it('PostgreSQL: exactly 500 of 1,000 reservations succeed, balance exactly 0', async () => {
    const target = { kind: 'postgres' as const, url: POSTGRES_URL };
    const store = await openAppStore({ target, schema });
    try {
      await race(store, target, schema);
    } finally {
      await store.close();
    }
  });

  it('SQLite (one file, two processes): exactly 500 of 1,000 succeed, balance exactly 0', async () => {
    const target = { kind: 'sqlite' as const, path: join(dir, 'race.db') };
    const store = await openAppStore({ target });
    try {
      await race(store, target);
    } finally {
      await store.close();
    }
  });
});

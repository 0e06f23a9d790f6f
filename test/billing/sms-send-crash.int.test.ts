import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkConsistency, sendSms, settleSms, topUp } from '../../src/modules/billing/index.js';
import { type Store } from '../../src/platform/db/index.js';
import { openAppStore } from '../../src/app/index.js';
import { makeSmsAccount } from './sms-account.fixture.js';
import { expectAgreement, fakeProvider, stateOf, type State } from './sms-send.fixture.js';

const CHILD = join(import.meta.dirname, 'sms-send-crash.child.ts');

/** Runs the child until it stops at `at`, then kills it with SIGKILL (no rollback, no cleanup of its own). */
async function crashAt(path: string, accountId: number, key: string, at: 'reserve' | 'provider' | 'post'): Promise<void> {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, JSON.stringify({ path, accountId, key, at })], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  const exited = once(child, 'exit');
  const lines = createInterface({ input: child.stdout! });
  const stopped = new Promise<void>((resolve, reject) => {
    lines.on('line', (line) => line === 'stopped' && resolve());
    void exited.then(() => reject(new Error(`child exited before stopping: ${stderr}`)));
  });
  await stopped;
  child.kill('SIGKILL');
  await exited;
}

interface Case {
  name: string;
  input: { at: 'reserve' | 'provider' | 'post'; recover: 'send-again' | 'settle-accepted' };
  expected: { afterCrash: Omit<State, 'cost'>; afterRecovery: Omit<State, 'cost'> };
}

const cases: Case[] = [
  {
    name: 'killed inside the reservation: neither the reservation nor the row survives; sending again charges once',
    input: { at: 'reserve', recover: 'send-again' },
    expected: {
      afterCrash: { reserved: false, resolved: null, row: null, wallet: { balance: 100, pending: 0, posted: 0 } },
      afterRecovery: { reserved: true, resolved: 'post', row: 'accepted', wallet: { balance: 90, pending: 0, posted: 10 } },
    },
  },
  {
    name: 'killed while the provider has the message: reservation and pending row both kept until settled',
    input: { at: 'provider', recover: 'settle-accepted' },
    expected: {
      afterCrash: { reserved: true, resolved: null, row: 'pending', wallet: { balance: 90, pending: 10, posted: 0 } },
      afterRecovery: { reserved: true, resolved: 'post', row: 'accepted', wallet: { balance: 90, pending: 0, posted: 10 } },
    },
  },
  {
    name: 'killed inside the post: neither the post nor the row’s accepted survives; settling charges once',
    input: { at: 'post', recover: 'settle-accepted' },
    expected: {
      afterCrash: { reserved: true, resolved: null, row: 'pending', wallet: { balance: 90, pending: 10, posted: 0 } },
      afterRecovery: { reserved: true, resolved: 'post', row: 'accepted', wallet: { balance: 90, pending: 0, posted: 10 } },
    },
  },
];

describe('sendSms: kill -9 at each step leaves the reservation and its row in agreement (SQLite, one file, two processes)', () => {
  let dir: string;
  let path: string;
  let store: Store;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tidings-sms-crash-'));
    path = join(dir, 'crash.db');
    store = await openAppStore({ target: { kind: 'sqlite', path } });
  });
  afterAll(async () => {
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  for (const c of cases) {
    it(c.name, async () => {
      const { db } = store;
      const account = await makeSmsAccount(db);
      await topUp(db, { accountId: account.id, idempotencyKey: `${account.name}:t`, amountMinor: 100, reference: 'r', operator: 'f' });
      const key = `${account.name}:m1`;
      await crashAt(path, account.id, key, c.input.at);

      const { cost: _c1, ...afterCrash } = await stateOf(db, account.id, key);
      expect(afterCrash).toEqual(c.expected.afterCrash);
      expectAgreement({ ...afterCrash, cost: null });
      expect((await checkConsistency(db, account.id)).problems).toEqual([]);

      const provider = fakeProvider('accepts');
      if (c.input.recover === 'send-again') {
        await sendSms(db, provider, { account: { id: account.id, timeZone: 'Asia/Shanghai' }, to: '+8613800138000', text: 'hello', idempotencyKey: key });
        expect(provider.sent).toHaveLength(1);
      } else {
        await settleSms(db, { idempotencyKey: key, accepted: true, providerMessageId: 'SM1' });
      }
      const { cost: _c2, ...afterRecovery } = await stateOf(db, account.id, key);
      expect(afterRecovery).toEqual(c.expected.afterRecovery);
      expectAgreement({ ...afterRecovery, cost: null });
      expect((await checkConsistency(db, account.id)).problems).toEqual([]);
    }, 30_000);
  }
});

// Issue #16, item 9 (the supervisor): every background loop of `tidings serve` / `tidings worker`
// runs under superviseLoop. A loop that throws is logged with its context, retried with capped
// exponential backoff with jitter (time from an injected clock: no sleeps here), and shown in
// /health; an unhandled rejection is contained by the serve/worker handler instead of ending the
// process. On the base commit none of this exists (the modules are missing).
import { spawnSync } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApi } from '../../src/http/index.js';
import { backoffDelay, containUnhandledRejections, LoopRegistry, loopRegistry, superviseLoop } from '../../src/platform/runtime/index.js';
import { createLogger } from '../../src/platform/logger/index.js';
import { InProcessDispatcher } from '../../src/modules/sending/dispatch/inprocess.dispatcher.js';
import { LogSink, makeContext } from '../api/api.fixture.js';
import { FakeClock } from '../helpers/clock.js';
import { describeStoreContract } from '../helpers/store-contract.js';

class CodedError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const logged = (sink: LogSink) => sink.lines.map((line) => JSON.parse(line) as Record<string, unknown>);

describe('superviseLoop', () => {
  it('backs off exponentially, capped, with jitter around the nominal delay', () => {
    const backoff = { baseMs: 1000, maxMs: 5000, jitter: 0.2 };
    expect([1, 2, 3, 4, 5, 6].map((n) => backoffDelay(backoff, n, () => 0.5))).toEqual([1000, 2000, 4000, 5000, 5000, 5000]);
    expect(backoffDelay(backoff, 2, () => 0)).toBe(1600);
    expect(backoffDelay(backoff, 2, () => 0.999999)).toBe(2400);
    expect(backoffDelay(backoff, 40, () => 0.999999)).toBe(5000);
  });

  it('a loop that throws is logged with its context, retried with backoff, shown failing, and clears on success', async () => {
    const clock = new FakeClock(1_000_000);
    const registry = new LoopRegistry();
    const sink = new LogSink();
    const stop = new AbortController();
    let runs = 0;
    const loop = superviseLoop({
      name: 'sweeper',
      critical: true,
      context: { campaignId: 42 },
      registry,
      logger: createLogger({ level: 'info', destination: sink }),
      signal: stop.signal,
      clock,
      backoff: { baseMs: 1000, maxMs: 3000, jitter: 0.2 },
      random: () => 0.5,
      run: async () => {
        runs++;
        if (runs <= 4) throw new CodedError('SQLITE_BUSY', `database is locked (run ${runs})`);
        return 60_000;
      },
    });

    await clock.asleep();
    expect(registry.summary().sweeper).toEqual({
      ok: false,
      failures: 1,
      lastError: 'SQLITE_BUSY',
      lastErrorAt: 1_000_000,
      retryAt: 1_001_000,
      instances: 1,
      failing: false,
      critical: true,
    });
    // One failure is a hiccup: the process still counts as healthy.
    expect(registry.healthy()).toBe(true);
    const first = logged(sink).find((l) => l.msg === 'background loop failed; retrying');
    expect(first).toMatchObject({ loop: 'sweeper', campaignId: 42, code: 'SQLITE_BUSY', err: 'database is locked (run 1)', failures: 1, retryInMs: 1000 });

    for (let i = 0; i < 3; i++) {
      clock.wake();
      await clock.asleep();
    }
    expect(clock.sleeps).toEqual([1000, 2000, 3000, 3000]);
    expect(registry.summary().sweeper).toMatchObject({ ok: false, failures: 4, failing: true });
    // A critical loop failing run after run is what turns /health degraded.
    expect(registry.healthy()).toBe(false);

    clock.wake();
    await clock.asleep();
    expect(clock.sleeps.at(-1)).toBe(60_000);
    expect(registry.summary().sweeper).toMatchObject({ ok: true, failures: 0, failing: false });
    expect(registry.summary().sweeper?.retryAt).toBeUndefined();
    expect(registry.healthy()).toBe(true);

    stop.abort();
    await loop;
    expect(runs).toBe(5);
    expect(registry.summary().sweeper).toBeUndefined();
  });

  it('a failure whose subject is gone (a deleted mailbox) stops the loop quietly instead of retrying', async () => {
    const clock = new FakeClock(1_000_000);
    const registry = new LoopRegistry();
    const sink = new LogSink();
    let gone = false;
    let runs = 0;
    const loop = superviseLoop({
      name: 'inbox',
      instance: 'mailbox:7',
      context: { accountId: 7 },
      registry,
      logger: createLogger({ level: 'info', destination: sink }),
      signal: new AbortController().signal,
      clock,
      run: async () => {
        runs++;
        throw new CodedError('SQLITE_CONSTRAINT_FOREIGNKEY', 'FOREIGN KEY constraint failed');
      },
      classify: () => (gone ? 'stop' : 'retry'),
    });
    await clock.asleep();
    expect(registry.summary().inbox).toMatchObject({ ok: false, instances: 1, lastError: 'SQLITE_CONSTRAINT_FOREIGNKEY' });
    gone = true;
    clock.wake();
    await loop; // ends by itself
    expect(runs).toBe(2);
    expect(registry.summary().inbox).toBeUndefined();
    expect(logged(sink).at(-1)).toMatchObject({ level: 30, loop: 'inbox', accountId: 7, msg: 'background loop stopped: what it worked on is gone' });
  });

  it('a per-mailbox loop failing again and again shows in its family but does not make the process unhealthy', async () => {
    const registry = new LoopRegistry();
    const state = registry.register('inbox', 'mailbox:1', false);
    registry.register('inbox', 'mailbox:2', false);
    Object.assign(state, { ok: false, failures: 9, lastError: 'ACCOUNT_AUTH_FAILED', lastErrorAt: 5, retryAt: 10 });
    expect(registry.summary().inbox).toMatchObject({ ok: false, failures: 9, failing: true, instances: 2, critical: false, retryAt: 10 });
    expect(registry.healthy()).toBe(true);
  });
});

describe('the sender reports to the same registry', () => {
  it('a send job that fails unexpectedly shows in the sender loop until a job succeeds', async () => {
    const registry = new LoopRegistry();
    let fail = true;
    const dispatcher = new InProcessDispatcher({
      concurrency: 1,
      logger: createLogger({ level: 'silent' }),
      registry,
      process: async () => {
        if (fail) throw new CodedError('SQLITE_BUSY', 'database is locked');
        return { kind: 'done', outcome: 'sent' };
      },
    });
    await dispatcher.start();
    expect(registry.summary().sender).toMatchObject({ ok: true, instances: 1, critical: false });
    await dispatcher.enqueue([1]);
    await dispatcher.onIdle();
    expect(registry.summary().sender).toMatchObject({ ok: false, failures: 1, lastError: 'SQLITE_BUSY' });
    fail = false;
    await dispatcher.enqueue([1]);
    await dispatcher.onIdle();
    expect(registry.summary().sender).toMatchObject({ ok: true, failures: 0 });
    await dispatcher.close();
    expect(registry.summary().sender).toBeUndefined();
  });
});

describe('unhandled rejections', () => {
  it('are logged with their stack and counted instead of ending the process', () => {
    const events = new EventEmitter();
    const registry = new LoopRegistry();
    const sink = new LogSink();
    const remove = containUnhandledRejections(events, createLogger({ level: 'info', destination: sink }), registry, () => 123);
    events.emit('unhandledRejection', new CodedError('SQLITE_CONSTRAINT_FOREIGNKEY', 'FOREIGN KEY constraint failed'));
    events.emit('unhandledRejection', 'a string');
    expect(registry.unhandledSummary()).toEqual({ count: 2, lastAt: 123, lastError: 'string' });
    const first = logged(sink)[0];
    expect(first).toMatchObject({ level: 50, code: 'SQLITE_CONSTRAINT_FOREIGNKEY', count: 1 });
    expect(String((first?.err as { stack?: string }).stack)).toContain('FOREIGN KEY constraint failed');
    remove();
    expect(events.listenerCount('unhandledRejection')).toBe(0);
  });

  it('a real process with the handler survives a rejection nobody awaited; without it, it dies', () => {
    const unhandled = fileURLToPath(new URL('../../src/platform/runtime/unhandled.ts', import.meta.url));
    const loopHealth = fileURLToPath(new URL('../../src/platform/runtime/loop-health.ts', import.meta.url));
    const script = (contain: boolean) => `
      const { containUnhandledRejections } = await import(${JSON.stringify(unhandled)});
      const { LoopRegistry } = await import(${JSON.stringify(loopHealth)});
      const registry = new LoopRegistry();
      const logger = { error: (o, m) => process.stdout.write(JSON.stringify({ ...o, msg: m }) + '\\n') };
      if (${contain}) containUnhandledRejections(process, logger, registry);
      process.on('exit', () => process.stdout.write('count ' + registry.unhandledSummary().count + '\\n'));
      Promise.reject(Object.assign(new Error('lease lost'), { code: 'SQLITE_CONSTRAINT_FOREIGNKEY' }));
      setImmediate(() => setImmediate(() => process.stdout.write('still alive\\n')));
    `;
    const run = (contain: boolean) =>
      spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script(contain)], { encoding: 'utf8', timeout: 60_000 });
    const contained = run(true);
    expect(contained.status).toBe(0);
    expect(contained.stdout).toContain('"code":"SQLITE_CONSTRAINT_FOREIGNKEY"');
    expect(contained.stdout).toContain('still alive');
    expect(contained.stdout).toContain('count 1');
    const bare = run(false);
    expect(bare.status).not.toBe(0);
    expect(bare.stdout).not.toContain('still alive');
  });
});

describeStoreContract('item 9: /health shows the background loops of the process', (store) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildApi(makeContext(store()));
  });
  afterAll(() => app?.close());

  it('a failing mailbox shows without degrading; a critical loop failing run after run degrades (503); contained rejections are counted', async () => {
    const registry = loopRegistry(store());
    const mailbox = registry.register('inbox', 'mailbox:3', false);
    Object.assign(mailbox, { ok: false, failures: 5, lastError: 'ACCOUNT_AUTH_FAILED', lastErrorAt: 1, retryAt: 2 });
    registry.recordUnhandled(new CodedError('SQLITE_CONSTRAINT_FOREIGNKEY', 'x'), 7);
    let response = await app.inject({ url: '/health' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      status: 'ok',
      loops: { inbox: { ok: false, failures: 5, lastError: 'ACCOUNT_AUTH_FAILED', retryAt: 2, failing: true, critical: false, instances: 1 } },
      unhandledRejections: { count: 1, lastAt: 7, lastError: 'SQLITE_CONSTRAINT_FOREIGNKEY' },
    });

    const sweeper = registry.register('sweeper', 'sweeper', true);
    Object.assign(sweeper, { ok: false, failures: 1, lastError: 'ECONNREFUSED', lastErrorAt: 1, retryAt: 2 });
    response = await app.inject({ url: '/health' });
    expect(response.statusCode).toBe(200);
    Object.assign(sweeper, { failures: 3 });
    response = await app.inject({ url: '/health' });
    expect(response.statusCode).toBe(503);
    expect(response.json()).toMatchObject({ status: 'degraded', loops: { sweeper: { ok: false, failing: true, critical: true } } });
    registry.unregister('sweeper', 'sweeper');
    registry.unregister('inbox', 'mailbox:3');
    expect((await app.inject({ url: '/health' })).statusCode).toBe(200);
  });
});

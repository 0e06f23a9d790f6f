// The process runner every long-running command goes through (serve, worker, inbox poll --watch):
// services start in order and stop in reverse, on a signal or when asked; a failed start or stop
// never leaves the others running.
import { EventEmitter } from 'node:events';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { parseRoles, ROLES, runProcess, type AppContext, type ProcessSignals, type Service } from '../../src/app/index.js';
import { createLogger } from '../../src/platform/logger/index.js';

/** A context with what the runner itself touches (roles are not run here: `roles: []`). */
function fakeContext(): { context: AppContext; logs: () => string } {
  const sink = new PassThrough();
  let logs = '';
  sink.on('data', (chunk) => (logs += String(chunk)));
  const context = { logger: createLogger({ level: 'info', destination: sink }), store: {} } as unknown as AppContext;
  return { context, logs: () => logs };
}

/** A service recording its start and stop in `journal`. */
function recorder(name: string, journal: string[], fail: { start?: boolean; stop?: boolean } = {}): Service {
  return {
    name,
    async start() {
      if (fail.start) throw new Error(`${name} cannot start`);
      journal.push(`start ${name}`);
    },
    async stop() {
      journal.push(`stop ${name}`);
      if (fail.stop) throw new Error(`${name} cannot stop`);
    },
  };
}

describe('parseRoles', () => {
  it('is every role without --roles, and the given ones in start order otherwise', () => {
    expect(parseRoles(undefined)).toEqual([...ROLES]);
    expect(parseRoles('inbox, send,inbox')).toEqual(['send', 'inbox']);
  });

  it('refuses an unknown or empty list, naming the roles there are', () => {
    expect(() => parseRoles('send,mailer')).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED', message: expect.stringContaining('unknown role "mailer"; the roles are send, schedule, inbox') }));
    expect(() => parseRoles(' , ')).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
  });
});

describe('runProcess', () => {
  it('starts the extra services, then the API; on SIGTERM stops them in reverse and lets go of the signals', async () => {
    const { context } = fakeContext();
    const journal: string[] = [];
    const signals = new EventEmitter();
    let started: readonly string[] = [];
    const running = runProcess({
      context,
      roles: [],
      extra: [recorder('heartbeat', journal)],
      api: recorder('api', journal),
      signals: signals as unknown as ProcessSignals,
      onStarted: (names) => {
        started = names;
        signals.emit('SIGTERM');
      },
    });
    await running;
    expect(started).toEqual(['heartbeat', 'api']);
    expect(journal).toEqual(['start heartbeat', 'start api', 'stop api', 'stop heartbeat']);
    expect(signals.listenerCount('SIGTERM') + signals.listenerCount('SIGINT') + signals.listenerCount('unhandledRejection')).toBe(0);
  });

  it('stops when `until` aborts, without listening to signals', async () => {
    const { context } = fakeContext();
    const journal: string[] = [];
    const signals = new EventEmitter();
    const until = new AbortController();
    const running = runProcess({ context, roles: [], extra: [recorder('a', journal)], until: until.signal, signals: signals as unknown as ProcessSignals, onStarted: () => until.abort() });
    expect(signals.listenerCount('SIGTERM')).toBe(0);
    await running;
    expect(journal).toEqual(['start a', 'stop a']);
  });

  it('a service that cannot start stops those already started, and the error comes out', async () => {
    const { context } = fakeContext();
    const journal: string[] = [];
    const signals = new EventEmitter();
    await expect(
      runProcess({ context, roles: [], extra: [recorder('a', journal), recorder('b', journal, { start: true }), recorder('c', journal)], signals: signals as unknown as ProcessSignals }),
    ).rejects.toThrow('b cannot start');
    expect(journal).toEqual(['start a', 'stop a']);
    expect(signals.listenerCount('SIGTERM')).toBe(0);
  });

  it('one service failing to stop is logged and the others still stop', async () => {
    const { context, logs } = fakeContext();
    const journal: string[] = [];
    const until = new AbortController();
    await runProcess({ context, roles: [], extra: [recorder('a', journal), recorder('b', journal, { stop: true })], until: until.signal, onStarted: () => until.abort() });
    expect(journal).toEqual(['start a', 'start b', 'stop b', 'stop a']);
    expect(logs()).toContain('"service":"b"');
    expect(logs()).toContain('service did not stop cleanly');
  });

  it('a second signal while stopping does not stop anything twice', async () => {
    const { context, logs } = fakeContext();
    const journal: string[] = [];
    const signals = new EventEmitter();
    const slow: Service = {
      name: 'slow',
      start: async () => undefined,
      async stop() {
        journal.push('stop slow');
        signals.emit('SIGINT');
      },
    };
    await runProcess({ context, roles: [], extra: [slow], signals: signals as unknown as ProcessSignals, onStarted: () => void signals.emit('SIGTERM') });
    expect(journal).toEqual(['stop slow']);
    expect(logs()).toContain('already shutting down');
  });
});

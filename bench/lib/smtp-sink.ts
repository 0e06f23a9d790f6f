import { spawn, type ChildProcess } from 'node:child_process';
import { connect, createServer } from 'node:net';
import { onCleanup } from './cleanup.js';
import { stopChild } from './child.js';

const SINK = '/usr/sbin/smtp-sink';
const SOURCE = '/usr/sbin/smtp-source';

/** A Postfix smtp-sink on loopback, counting the messages it accepted. */
export interface SmtpSink {
  readonly port: number;
  /** Messages accepted so far (smtp-sink's own `-c` counter). */
  received(): number;
  /** Resolves once the counter reached `count` (bounded). */
  waitFor(count: number, timeoutMs: number): Promise<void>;
  close(): Promise<void>;
}

/** A free TCP port on 127.0.0.1 (listen on 0, read it, close). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (!address || typeof address === 'string') throw new Error('no port');
  return address.port;
}

async function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/**
 * Starts `smtp-sink -c [-u root] 127.0.0.1:PORT 1000`: it accepts everything, stores nothing and
 * prints a running counter (`sess=… quit=… mesg=N`) that we parse to check every run delivered
 * what it claims.
 */
export async function startSmtpSink(): Promise<SmtpSink> {
  const port = await freePort();
  const args = ['-c', ...(process.getuid?.() === 0 ? ['-u', 'root'] : []), `127.0.0.1:${port}`, '1000'];
  const child: ChildProcess = spawn(SINK, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let tail = '';
  let count = 0;
  const waiters = new Set<{ count: number; resolve: () => void }>();
  child.stdout?.on('data', (chunk: Buffer) => {
    tail = (tail + chunk.toString()).slice(-200);
    const all = [...tail.matchAll(/mesg=(\d+)/g)];
    const last = all.at(-1)?.[1];
    if (last !== undefined) count = Math.max(count, Number(last));
    for (const w of waiters) if (count >= w.count) (waiters.delete(w), w.resolve());
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const stop = onCleanup('smtp-sink', () => stopChild(child));
  const deadline = Date.now() + 10_000;
  while (!(await canConnect(port))) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`smtp-sink did not start: ${stderr}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  return {
    port,
    received: () => count,
    waitFor(target, timeoutMs) {
      if (count >= target) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const w = { count: target, resolve: () => (clearTimeout(timer), resolve()) };
        const timer = setTimeout(() => (waiters.delete(w), reject(new Error(`smtp-sink saw ${count} of ${target} messages within ${timeoutMs} ms`))), timeoutMs);
        waiters.add(w);
      });
    },
    close: stop,
  };
}

/**
 * The physical limit: `smtp-source -d -s 20 -m N -l SIZE` (20 parallel sessions, each sending
 * messages over one persistent connection) against the sink. Returns elapsed milliseconds.
 */
export async function runSmtpSource(port: number, messages: number, size: number, sessions = 20): Promise<number> {
  const args = ['-d', '-s', String(sessions), '-m', String(messages), '-l', String(size), '-f', 'bench@example.test', '-t', 'sink@example.test', `127.0.0.1:${port}`];
  const started = performance.now();
  const child = spawn(SOURCE, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  const stop = onCleanup('smtp-source', () => stopChild(child));
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  const elapsed = performance.now() - started;
  await stop();
  if (code !== 0) throw new Error(`smtp-source exited with ${code}: ${stderr}`);
  return elapsed;
}

// Real `tidings` child processes for tests that need the service as people run it. They run
// bin/tidings.js, which runs the TypeScript sources through tsx: the current code, never a stale
// dist/ (`npm run build`'s output, which the installed command runs).
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../bin/tidings.js', import.meta.url));
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** A running `node bin/tidings.js …` child and the tail of its stderr (for failure messages). */
export interface TidingsProcess {
  readonly child: ChildProcess;
  readonly stderr: () => string;
}

/** Starts `tidings <args>` with only PATH and `env` in its environment. */
export function tidings(args: string[], env: Record<string, string>): TidingsProcess {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  return { child, stderr: () => stderr };
}

/**
 * Resolves with the first stdout line `match` accepts (and every plain line seen before it);
 * rejects when the process exits first or after `timeoutMs`.
 */
export function waitForLine<T>(
  started: TidingsProcess,
  match: (line: string) => T | undefined,
  timeoutMs = 30_000,
): Promise<{ value: T; plain: string[] }> {
  const { child, stderr } = started;
  const plain: string[] = [];
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    const fail = (why: string) => {
      lines.close();
      reject(new Error(`${why}; stderr: ${stderr()}`));
    };
    const timer = setTimeout(() => fail(`no matching line within ${timeoutMs} ms`), timeoutMs);
    const onExit = (code: number | null) => {
      clearTimeout(timer);
      fail(`process exited with ${code} before the expected line`);
    };
    child.once('exit', onExit);
    lines.on('line', (line) => {
      const value = match(line);
      if (value === undefined) {
        if (!line.startsWith('{')) plain.push(line);
        return;
      }
      clearTimeout(timer);
      child.off('exit', onExit);
      lines.close();
      resolve({ value, plain });
    });
  });
}

/** Matches serve's "tidings is serving" log line (LOG_LEVEL info) and yields its address. */
export function servingAddress(line: string): string | undefined {
  if (!line.startsWith('{')) return undefined;
  const entry = JSON.parse(line) as { msg?: string; address?: string };
  return entry.msg === 'tidings is serving' ? entry.address : undefined;
}

/** The first admin's one-time password among serve's plain output lines. */
export function firstAdminPassword(plain: readonly string[]): string {
  const password = /one-time password (\S+)/.exec(plain.join('\n'))?.[1];
  if (!password) throw new Error(`no first-admin password among: ${plain.join(' | ')}`);
  return password;
}

/** SIGTERM, then SIGKILL if the process has not exited within 5 s. */
export async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

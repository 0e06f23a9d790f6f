import { spawn, type ChildProcess } from 'node:child_process';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundled } from '../../bin/bundle.js';
import { onCleanup } from './cleanup.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Waits (bounded) for a child to exit; SIGKILL when SIGTERM was not enough. */
export async function stopChild(child: ChildProcess, graceMs = 5_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

/** Spawns a TypeScript entry under tsx; the child is stopped by the cleanup if still running. */
export function spawnTs(entry: string, args: readonly string[], nodeFlags: readonly string[] = [], env: NodeJS.ProcessEnv = process.env): ChildProcess {
  const child = spawn(process.execPath, [...nodeFlags, '--import', 'tsx', entry, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env });
  const stop = onCleanup(`child ${entry}`, () => stopChild(child));
  child.once('exit', () => void stop());
  return child;
}

/**
 * Spawns a TypeScript entry the way bin/tidings.js runs Tidings: bundled by esbuild (bin/bundle.js,
 * npm packages external, cached under `name`) and started by plain node. Stopped by the cleanup.
 */
export async function spawnBundled(entry: string, name: string, args: readonly string[], nodeFlags: readonly string[] = []): Promise<ChildProcess> {
  const bundle = await bundled(relative(ROOT, entry), name);
  const child = spawn(process.execPath, [...nodeFlags, bundle, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const stop = onCleanup(`child ${name}`, () => stopChild(child));
  child.once('exit', () => void stop());
  return child;
}

/** Resolves the first stdout line matching `pattern` (bounded); rejects if the child exits first. */
export function waitForLine(child: ChildProcess, pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => done(new Error(`no ${pattern} within ${timeoutMs} ms; stderr: ${err.slice(-2000)}`)), timeoutMs);
    const onOut = (chunk: Buffer) => {
      out += chunk.toString();
      const match = out.match(pattern);
      if (match) done(undefined, match);
    };
    const onErr = (chunk: Buffer) => {
      err += chunk.toString();
    };
    const onExit = (code: number | null) => done(new Error(`child exited with ${code} before ${pattern}; stderr: ${err.slice(-2000)}`));
    function done(error?: Error, match?: RegExpMatchArray) {
      clearTimeout(timer);
      child.stdout?.off('data', onOut);
      child.stderr?.off('data', onErr);
      child.off('exit', onExit);
      if (error) reject(error);
      else resolve(match as RegExpMatchArray);
    }
    child.stdout?.on('data', onOut);
    child.stderr?.on('data', onErr);
    child.once('exit', onExit);
  });
}

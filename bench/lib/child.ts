import { spawn, type ChildProcess } from 'node:child_process';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { onCleanup } from './cleanup.js';
import { tidingsNodeFlags } from './node-flags.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** Under the project root (so the bundle resolves node_modules as dist/ does); git-ignored. */
const OUT_DIR = fileURLToPath(new URL('../../dist/bench/', import.meta.url));

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
 * Spawns a TypeScript entry the way `tidings` runs in production: bundled by esbuild as
 * `npm run build` bundles dist/tidings.js (npm packages external, dynamic imports split into
 * chunks) and started by plain node with `nodeFlags`: by default those of src/main.ts's `#!` line.
 * Stopped by the cleanup.
 */
export async function spawnBundled(entry: string, name: string, args: readonly string[], nodeFlags: readonly string[] = tidingsNodeFlags()): Promise<ChildProcess> {
  const outdir = `${OUT_DIR}${name}`;
  await build({
    entryPoints: { [basename(entry).replace(/\.ts$/, '')]: entry },
    absWorkingDir: ROOT,
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    logLevel: 'warning',
  });
  const bundle = `${outdir}/${basename(entry).replace(/\.ts$/, '.js')}`;
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

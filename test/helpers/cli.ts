import { PassThrough } from 'node:stream';
import { runCli } from '../../src/cli/index.js';

/** What one in-process `tidings …` invocation printed and returned. */
export interface CliRun {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

/**
 * Runs `tidings <argv>` in-process against `env` (a temp SQLite store, usually), with `stdin`
 * as standard input, and collects its output. runCli itself resets process.exitCode per call.
 */
export async function runTidings(env: NodeJS.ProcessEnv, argv: readonly string[], stdin = ''): Promise<CliRun> {
  const input = new PassThrough();
  input.end(stdin);
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (chunk) => (out += String(chunk)));
  stderr.on('data', (chunk) => (err += String(chunk)));
  const code = await runCli(argv, { stdout, stderr, env, stdin: input });
  return { code, out, err };
}

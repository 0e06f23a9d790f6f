import { PassThrough } from 'node:stream';
import { runCli } from '../../../src/cli/index.js';

/** Runs `tidings …` in-process with `env`; resolves exit code, stdout and stderr. */
export async function tidings(argv: string[], env: Record<string, string>): Promise<{ code: number; out: string; err: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c: Buffer) => (out += c.toString()));
  stderr.on('data', (c: Buffer) => (err += c.toString()));
  const code = await runCli(argv, { stdout, stderr, env, stdin: new PassThrough() });
  return { code, out, err };
}

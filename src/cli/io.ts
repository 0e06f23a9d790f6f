import type { Writable } from 'node:stream';

/** Where a command writes; tests pass buffers instead of the process streams. */
export interface CliIo {
  readonly stdout: Writable;
  readonly stderr: Writable;
  readonly env: NodeJS.ProcessEnv;
  /** Standard input, for `--password-stdin` and prompts. */
  readonly stdin: NodeJS.ReadableStream;
}

/** The process's own streams. */
export const processIo = (): CliIo => ({
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  stdin: process.stdin,
});

/**
 * Prints a command's result: JSON (one document, for scripts) with `--json`, else the human form.
 * Data commands call this exactly once.
 */
export function printResult<T>(io: CliIo, json: boolean | undefined, data: T, human: (data: T) => string): void {
  io.stdout.write(json ? `${JSON.stringify(data)}\n` : `${human(data)}\n`);
}

/** Formats rows as an aligned text table for humans. */
export function formatTable(rows: readonly Record<string, unknown>[], columns?: readonly string[]): string {
  if (rows.length === 0) return '(none)';
  const keys = columns ?? Object.keys(rows[0] ?? {});
  const cells = rows.map((row) => keys.map((key) => (row[key] === null || row[key] === undefined ? '' : String(row[key]))));
  const widths = keys.map((key, i) => Math.max(key.length, ...cells.map((r) => [...(r[i] ?? '')].length)));
  const line = (values: readonly string[]) =>
    values.map((v, i) => v + ' '.repeat(Math.max(0, (widths[i] ?? 0) - [...v].length))).join('  ').trimEnd();
  return [line(keys), ...cells.map(line)].join('\n');
}

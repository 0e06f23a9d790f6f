import { CommanderError } from 'commander';
import type { CliIo } from './io.js';
import { buildProgram } from './program.js';

/** Exit codes: 0 ok, 1 failure, 2 usage error, 3 "nothing found" (set by the command itself). */
export const EXIT = { ok: 0, failure: 1, usage: 2, nothingFound: 3 } as const;

/**
 * Runs one CLI invocation and returns its exit code. Known errors print `error CODE: message` on
 * stderr (never a stack trace); anything else is a bug and prints its stack.
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  // Commands signal "nothing found" through process.exitCode; start each run from a clean slate
  // so one in-process invocation's code never leaks into the next.
  process.exitCode = undefined;
  try {
    const program = await buildProgram(argv, io);
    await program.parseAsync([...argv], { from: 'user' });
    const code = typeof process.exitCode === 'number' ? process.exitCode : EXIT.ok;
    process.exitCode = undefined;
    return code;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version "fail" with exit code 0.
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    // Loaded only on failure: `--version` and `--help` need none of it.
    const { isTidingsError } = await import('../platform/errors/index.js');
    if (isTidingsError(error)) {
      io.stderr.write(`error ${error.code}: ${error.message}\n`);
      // Messages are worded for every surface; the command-line spelling of the advice rides here.
      if (typeof error.context.cliHint === 'string') io.stderr.write(`hint: ${error.context.cliHint}\n`);
      return EXIT.failure;
    }
    io.stderr.write(`unexpected error: ${(error as Error).stack ?? String(error)}\n`);
    return EXIT.failure;
  }
}

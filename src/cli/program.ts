import { Command } from 'commander';
import { COMMANDS, requestedCommand } from './command-table.js';
import type { CliIo } from './io.js';

/** The version `tidings --version` prints (package.json's). */
export const VERSION = '0.1.0';

/**
 * Builds the `tidings` command tree writing to `io` for this `argv`: the command argv names is
 * loaded and registered in full; every other one is a placeholder with its name and summary, so
 * `--help`, `--version` and a mistyped command load no module graph at all.
 */
export async function buildProgram(argv: readonly string[], io: CliIo): Promise<Command> {
  const program = new Command('tidings')
    .description('Tidings: bulk email and SMS outreach, replies filed per customer, prepaid SMS')
    .version(VERSION)
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    })
    .exitOverride()
    // Program options only before the subcommand, so subcommands may have their own --version.
    .enablePositionalOptions()
    .showHelpAfterError('(run with --help for usage)');
  const wanted = requestedCommand(argv);
  if (wanted) {
    const register = await wanted.load();
    register(program, io);
    return program;
  }
  for (const entry of COMMANDS) {
    const placeholder = program.command(entry.args ? `${entry.name} ${entry.args}` : entry.name).description(entry.summary);
    for (const alias of entry.aliases ?? []) placeholder.alias(alias);
  }
  return program;
}

import { Command } from 'commander';
import { registerAccountsCommands } from './commands/accounts.cli.js';
import { registerApiCommands } from './commands/api.cli.js';
import { registerBillingCommands } from './commands/billing.cli.js';
import { registerCustomersCommands } from './commands/customers.cli.js';
import { registerInboxCommands } from './commands/inbox.cli.js';
import { registerScheduleCommands } from './commands/schedule.cli.js';
import { registerSendCommands } from './commands/send.cli.js';
import { registerTemplatesCommands } from './commands/templates.cli.js';
import { registerConfig } from './commands/config.command.js';
import { registerDb } from './commands/db.command.js';
import { registerServe } from './commands/serve.command.js';
import type { CliIo } from './io.js';

/** Builds the `tidings` command tree writing to `io`. */
export function buildProgram(io: CliIo): Command {
  const program = new Command('tidings')
    .description('Tidings: bulk email and SMS outreach, replies filed per customer, prepaid SMS')
    .version('0.1.0')
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    })
    .exitOverride()
    // Program options only before the subcommand, so subcommands may have their own --version.
    .enablePositionalOptions()
    .showHelpAfterError('(run with --help for usage)');
  registerServe(program, io);
  registerDb(program, io);
  registerConfig(program, io);
  registerAccountsCommands(program, io);
  registerCustomersCommands(program, io);
  registerTemplatesCommands(program, io);
  registerSendCommands(program, io);
  registerBillingCommands(program, io);
  registerInboxCommands(program, io);
  registerScheduleCommands(program, io);
  registerApiCommands(program, io);
  return program;
}

import type { Command } from 'commander';
import type { CliIo } from '../io.js';
import { registerDkimCommands } from './dkim.cli.js';
import { registerMailAccountCommands } from './mail-account.cli.js';
import { registerSmsAccountCommands } from './sms-account.cli.js';
import { registerSmsApprovalCommands } from './sms-approval.cli.js';

/** Adds `tidings account …` (alias `accounts`, with `account dkim …`), `tidings sms-account …` and `tidings sms-template …`. */
export function registerAccountsCommands(program: Command, io: CliIo): void {
  registerMailAccountCommands(program, io);
  const account = program.commands.find((c) => c.name() === 'account');
  if (account) {
    account.alias('accounts');
    registerDkimCommands(account, io);
  }
  registerSmsAccountCommands(program, io);
  registerSmsApprovalCommands(program, io);
}

import type { Command } from 'commander';
import type { CliIo } from '../cli/io.js';
import { registerMailAccountCommands } from './mail-account.cli.js';
import { registerSmsAccountCommands } from './sms-account.cli.js';

/** Adds `tidings account …` and `tidings sms-account …`. */
export function registerAccountsCommands(program: Command, io: CliIo): void {
  registerMailAccountCommands(program, io);
  registerSmsAccountCommands(program, io);
}

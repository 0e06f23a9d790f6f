import type { Command } from 'commander';
import type { CliIo } from '../cli/io.js';

/** Adds src/accounts's commands to the `tidings` program. */
export function registerAccountsCommands(_program: Command, _io: CliIo): void {}

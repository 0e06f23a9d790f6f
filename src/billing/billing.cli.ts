import type { Command } from 'commander';
import type { CliIo } from '../cli/io.js';

/** Adds src/billing's commands to the `tidings` program. */
export function registerBillingCommands(_program: Command, _io: CliIo): void {}

import type { Command } from 'commander';
import type { CliIo } from '../cli/io.js';

/** Adds src/customers's commands to the `tidings` program. */
export function registerCustomersCommands(_program: Command, _io: CliIo): void {}

import type { Command } from 'commander';
import type { CliIo } from '../cli/io.js';

/** Adds src/templates's commands to the `tidings` program. */
export function registerTemplatesCommands(_program: Command, _io: CliIo): void {}

import type { Command } from 'commander';
import type { CliIo } from '../cli/io.js';

/** Adds src/send's commands to the `tidings` program. */
export function registerSendCommands(_program: Command, _io: CliIo): void {}

import type { Command } from 'commander';
import type { CliIo } from '../cli/io.js';

/** Adds src/inbox's commands to the `tidings` program. */
export function registerInboxCommands(_program: Command, _io: CliIo): void {}

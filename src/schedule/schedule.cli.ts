import type { Command } from 'commander';
import type { CliIo } from '../cli/io.js';

/** Adds src/schedule's commands to the `tidings` program. */
export function registerScheduleCommands(_program: Command, _io: CliIo): void {}

import type { Command } from 'commander';
import { redactConfig } from '../../platform/config/index.js';
import { loadConfig } from '../../app/index.js';
import { printResult, type CliIo } from '../io.js';

/** `tidings config`: shows the effective configuration with secrets masked, URL passwords included. */
export function registerConfig(program: Command, io: CliIo): void {
  program
    .command('config')
    .description('check the environment and print the effective configuration (secrets masked)')
    .option('--json', 'print JSON')
    .action((options: { json?: boolean }) => {
      const config = loadConfig(io.env);
      const shown = redactConfig(config);
      printResult(io, options.json, shown, (c) =>
        Object.entries(c)
          .map(([k, v]) => `${k}=${typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v ?? '')}`)
          .join('\n'),
      );
    });
}

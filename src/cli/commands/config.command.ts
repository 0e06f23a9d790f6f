import type { Command } from 'commander';
import { loadConfig } from '../../config/index.js';
import { MASK } from '../../crypto/index.js';
import { printResult, type CliIo } from '../io.js';

/** `tidings config`: shows the effective configuration with secrets masked. */
export function registerConfig(program: Command, io: CliIo): void {
  program
    .command('config')
    .description('check the environment and print the effective configuration (secrets masked)')
    .option('--json', 'print JSON')
    .action((options: { json?: boolean }) => {
      const config = loadConfig(io.env);
      const shown = Object.fromEntries(
        Object.entries(config).map(([key, value]) => [key, /SECRET|PASSWORD|TOKEN/.test(key) && value ? MASK : value]),
      );
      printResult(io, options.json, shown, (c) =>
        Object.entries(c)
          .map(([k, v]) => `${k}=${typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v ?? '')}`)
          .join('\n'),
      );
    });
}

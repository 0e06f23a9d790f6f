import type { Command } from 'commander';
import { migrateAppStore } from '../../app/index.js';
import { withContext } from '../cli-context.js';
import { printResult, type CliIo } from '../io.js';

/** `tidings db migrate`: apply pending migrations (serve does this on its own too). */
export function registerDb(program: Command, io: CliIo): void {
  const db = program.command('db').description('database maintenance');
  db.command('migrate')
    .description('apply pending schema migrations')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      await withContext(io, async (context) => {
        // createContext has already migrated; run again to report, which is a no-op.
        const applied = await migrateAppStore(context.store);
        printResult(io, options.json, { dialect: context.store.dialect, applied }, (r) =>
          `store: ${r.dialect}; up to date${r.applied.length ? ` (applied ${r.applied.join(', ')})` : ''}`,
        );
      });
    });
}

/**
 * Entry point of a worker process run straight from the sources (`node --import tsx
 * src/workers/send.worker.ts [--roles send,schedule,inbox]`): the same runner as `tidings worker`,
 * taking the send and schedule roles unless `--roles` says otherwise. Ends by itself once
 * SIGTERM/SIGINT stopped every role and closed every connection.
 */
import { parseRoles } from '../app/index.js';
import { runWorker } from '../cli/commands/worker.command.js';
import { processIo } from '../cli/io.js';

const flag = process.argv.indexOf('--roles');
try {
  await runWorker(processIo(), flag === -1 ? ['send', 'schedule'] : parseRoles(process.argv[flag + 1] ?? ''));
} catch (error) {
  process.stderr.write(`worker failed: ${(error as Error).message}\n`);
  process.exitCode = 1;
}

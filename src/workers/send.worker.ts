/**
 * Entry point of a send worker process (`node --import tsx workers/send.worker.ts`, or
 * `tidings worker`): parse config, build the pipeline, start it, close it on SIGTERM/SIGINT.
 */
import { processIo } from '../cli/io.js';
import { runWorker } from '../modules/sending/send.worker-runner.js';

try {
  await runWorker(processIo());
  process.exit(0);
} catch (error) {
  process.stderr.write(`send worker failed: ${(error as Error).message}\n`);
  process.exit(1);
}

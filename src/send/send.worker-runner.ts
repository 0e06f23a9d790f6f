import type { CliIo } from '../cli/io.js';
import { createSendRuntime, type SendPorts } from './send.runtime.js';
import { openSendContext } from './send.context.js';

/**
 * Runs a send worker until SIGTERM/SIGINT: dispatcher + sweeper, closed gracefully (running
 * jobs finish, connections close). Resolves when stopped. Used by `tidings worker` and
 * workers/send.worker.ts.
 */
export async function runWorker(io: CliIo, ports: SendPorts = {}): Promise<void> {
  const context = await openSendContext(io);
  const runtime = await createSendRuntime(context, { ...ports, work: true });
  await runtime.start();
  context.logger.info({ mode: runtime.dispatcher.mode, pid: process.pid }, 'send worker started');
  // Tests and supervisors wait for this line rather than sleeping.
  io.stdout.write(`worker ready ${runtime.dispatcher.mode} ${process.pid}\n`);
  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      context.logger.info({ signal }, 'send worker stopping');
      resolve();
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
  });
  await runtime.close();
  await context.close();
}

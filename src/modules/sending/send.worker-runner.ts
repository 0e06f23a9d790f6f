import { hostname } from 'node:os';
// The leaf module, not src/api/index.ts: the API's routes import the send module.
import { recordHeartbeat } from '../../http/worker.heartbeat.js';
import { containUnhandledRejections, createContext, loopRegistry, type Service } from '../../app/index.js';
import type { CliIo } from '../../cli/io.js';
import { loadConfig } from '../../platform/config/index.js';
import { createLogger } from '../../platform/logger/index.js';
import { schedulerServiceFactory } from '../schedule/index.js';
import type { SendPorts } from './send.runtime.js';
import { sendCampaignLauncher, sharedSendRuntime } from './wiring/shared.runtime.js';

/**
 * Runs a send worker until SIGTERM/SIGINT: dispatcher + sweeper, plus the scheduler (its claims
 * make each occurrence fire once however many workers tick), closed gracefully (running jobs
 * finish, connections close). Resolves when stopped. Used by `tidings worker` and
 * workers/send.worker.ts. The database schema comes from DATABASE_SCHEMA.
 */
export async function runWorker(io: CliIo, ports: SendPorts = {}): Promise<void> {
  const config = loadConfig(io.env);
  const context = await createContext({ config, logger: createLogger({ level: config.LOG_LEVEL, destination: io.stderr }) });
  // A forgotten await in a background path is logged and counted, never fatal (see unhandled.ts).
  const uncontain = containUnhandledRejections(process, context.logger, loopRegistry(context.store));
  const runtime = await sharedSendRuntime(context, ports);
  await runtime.start();
  const scheduler: Service | undefined = await schedulerServiceFactory({ launcher: sendCampaignLauncher })(context);
  await scheduler?.start();
  // /health lists the workers seen in the last minute; beat well inside that.
  const workerId = `send:${hostname()}:${process.pid}`;
  const beat = () =>
    recordHeartbeat(context.store, { workerId, kind: 'send' }, context.clock.now()).catch((error: Error) =>
      context.logger.warn({ err: error.message }, 'heartbeat not recorded'),
    );
  await beat();
  const heartbeat = setInterval(() => void beat(), 15_000);
  heartbeat.unref();
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
  clearInterval(heartbeat);
  await scheduler?.stop();
  await runtime.close();
  await context.close();
  uncontain();
}

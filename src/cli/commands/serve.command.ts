import type { Command } from 'commander';
import { buildApi, ensureFirstAdmin } from '../../http/index.js';
import { createContext, SERVICE_FACTORIES } from '../../app/index.js';
import { containUnhandledRejections, loopRegistry, type Service } from '../../platform/runtime/index.js';
import { loadConfig } from '../../app/index.js';
import { closeSharedSendRuntime } from '../../modules/sending/index.js';
import { createLogger } from '../../platform/logger/index.js';
import type { CliIo } from '../io.js';

/** `tidings serve`: the HTTP API plus, unless `--no-workers`, every background service in-process. */
export function registerServe(program: Command, io: CliIo): void {
  program
    .command('serve')
    .description('start the HTTP API with the in-process workers (store migrated on start)')
    .option('--no-workers', 'API only; run `tidings worker` processes elsewhere')
    .action(async (options: { workers: boolean }) => {
      const config = loadConfig(io.env);
      const logger = createLogger({ level: config.LOG_LEVEL });
      const context = await createContext({ config, logger });
      // A forgotten await in a background path is logged and counted in /health, never fatal.
      containUnhandledRejections(process, logger, loopRegistry(context.store));
      // On an empty store: create the first admin and print its password once, to the terminal only.
      await ensureFirstAdmin(context, (line) => io.stdout.write(`${line}\n`));
      const app = await buildApi(context);
      const services: Service[] = [];
      if (options.workers) {
        for (const factory of SERVICE_FACTORIES) {
          const service = await factory(context);
          if (service) services.push(service);
        }
      }
      for (const service of services) await service.start();
      const address = await app.listen({ host: config.HOST, port: config.PORT });
      logger.info(
        { address, store: context.store.dialect, queue: context.redis ? 'bullmq' : 'in-process', services: services.map((s) => s.name) },
        'tidings is serving',
      );

      let stopping = false;
      const stop = async (signal: string) => {
        if (stopping) return;
        stopping = true;
        logger.info({ signal }, 'shutting down');
        await app.close();
        for (const service of services.reverse()) await service.stop();
        // With --no-workers the API may still have opened the send runtime (to queue campaigns).
        await closeSharedSendRuntime(context);
        await context.close();
        process.exit(0);
      };
      process.once('SIGTERM', () => void stop('SIGTERM'));
      process.once('SIGINT', () => void stop('SIGINT'));
    });
}

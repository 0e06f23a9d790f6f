import type { Command } from 'commander';
import { buildApi, ensureFirstAdmin } from '../../http/index.js';
import { createContext, ROLES, runProcess, type Service } from '../../app/index.js';
import { loadConfig } from '../../app/index.js';
import { createLogger } from '../../platform/logger/index.js';
import type { CliIo } from '../io.js';

/** `tidings serve`: the HTTP API plus, unless `--no-workers`, every background role in-process. */
export function registerServe(program: Command, io: CliIo): void {
  program
    .command('serve')
    .description('start the HTTP API with every background role: send, schedule, inbox (store migrated on start)')
    .option('--no-workers', 'API only; run `tidings worker` processes elsewhere')
    .action(async (options: { workers: boolean }) => {
      const config = loadConfig(io.env);
      const logger = createLogger({ level: config.LOG_LEVEL });
      const context = await createContext({ config, logger });
      try {
        // On an empty store: create the first admin and print its password once, to the terminal only.
        await ensureFirstAdmin(context, (line) => io.stdout.write(`${line}\n`));
        const app = await buildApi(context);
        const roles = options.workers ? ROLES : [];
        const api: Service = {
          name: 'api',
          async start() {
            const address = await app.listen({ host: config.HOST, port: config.PORT });
            // Tests and supervisors wait for this line (its address) rather than sleeping.
            logger.info({ address, store: context.store.dialect, queue: context.redis ? 'bullmq' : 'in-process', roles }, 'tidings is serving');
          },
          // Stops accepting connections and lets the requests in flight finish.
          stop: () => app.close(),
        };
        await runProcess({ context, roles, api });
      } finally {
        await context.close();
      }
    });
}

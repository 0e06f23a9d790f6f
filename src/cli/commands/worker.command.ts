import { hostname } from 'node:os';
import type { Command } from 'commander';
import { createContext, loadConfig, parseRoles, type AppContext, ROLES, runProcess, type Role, type Service } from '../../app/index.js';
import { recordHeartbeat } from '../../modules/users/index.js';
import { createLogger } from '../../platform/logger/index.js';
import type { CliIo } from '../io.js';

/** `tidings worker [--roles send,schedule,inbox]`: background roles without the API, any number of processes on any machines. */
export function registerWorker(program: Command, io: CliIo): void {
  program
    .command('worker')
    .description(
      `run background roles without the API (${ROLES.join(', ')}; default: all). Sending uses BullMQ when REDIS_URL is set (any number of workers, on any machines), else the in-process queue`,
    )
    .option('--roles <roles>', `comma-separated roles among ${ROLES.join(', ')}`)
    .action(async (options: { roles?: string }) => {
      await runWorker(io, parseRoles(options.roles));
    });
}

/**
 * Runs the given roles until SIGTERM/SIGINT, with a heartbeat /health lists, and prints
 * `worker ready <queue mode> <pid>` on stdout once they all started. The schema comes from
 * DATABASE_SCHEMA.
 */
export async function runWorker(io: CliIo, roles: readonly Role[]): Promise<void> {
  const config = loadConfig(io.env);
  const context = await createContext({ config, logger: createLogger({ level: config.LOG_LEVEL, destination: io.stderr }) });
  try {
    const mode = context.redis ? 'bullmq' : 'in-process';
    await runProcess({
      context,
      roles,
      extra: [heartbeatService(context, roles)],
      onStarted: (services) => {
        context.logger.info({ mode, pid: process.pid, roles, services }, 'worker started');
        // Tests and supervisors wait for this line rather than sleeping.
        io.stdout.write(`worker ready ${mode} ${process.pid}\n`);
      },
    });
  } finally {
    await context.close();
  }
}

/** /health lists the workers seen in the last minute: beat at start and well inside that. */
function heartbeatService(context: Pick<AppContext, 'store' | 'logger'>, roles: readonly Role[]): Service {
  const workerId = `worker:${hostname()}:${process.pid}`;
  const kind = roles.join('+');
  let timer: NodeJS.Timeout | undefined;
  let inFlight: Promise<void> = Promise.resolve();
  const beat = () => {
    inFlight = recordHeartbeat(context.store, { workerId, kind }).catch((error: Error) => context.logger.warn({ err: error.message }, 'heartbeat not recorded'));
    return inFlight;
  };
  return {
    name: 'heartbeat',
    async start() {
      await beat();
      timer = setInterval(() => void beat(), 15_000);
      timer.unref();
    },
    async stop() {
      clearInterval(timer);
      await inFlight;
    },
  };
}

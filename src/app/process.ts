import { closeSharedSendRuntime } from '../modules/sending/index.js';
import { containUnhandledRejections, loopRegistry, type Service } from '../platform/runtime/index.js';
import type { AppContext } from './context.js';
import { ROLES, type Role } from './roles.js';
import { roleServiceFactories, type RoleOptions } from './services.js';

/** The part of `process` the runner listens to (tests pass an EventEmitter). */
export interface ProcessSignals {
  on(event: 'SIGTERM' | 'SIGINT' | 'unhandledRejection', listener: (reason?: unknown) => void): unknown;
  off(event: 'SIGTERM' | 'SIGINT' | 'unhandledRejection', listener: (reason?: unknown) => void): unknown;
}

/** Options for {@link runProcess}. */
export interface RunProcessOptions {
  readonly context: AppContext;
  /** The background roles this process takes (any order; they start in {@link ROLES} order). */
  readonly roles: readonly Role[];
  /**
   * The HTTP API (`tidings serve`): started after the roles and stopped before them, so it
   * never hands a request to a role that is not running.
   */
  readonly api?: Service;
  /** Services besides the roles (a worker's heartbeat): started first, stopped last. */
  readonly extra?: readonly Service[];
  readonly roleOptions?: RoleOptions;
  /** Stops the process when it aborts; without it, the first SIGTERM or SIGINT does. */
  readonly until?: AbortSignal;
  /** Called once every service has started, with their names (the "ready" line). */
  readonly onStarted?: (services: readonly string[]) => void | Promise<void>;
  /** Default: `process`. */
  readonly signals?: ProcessSignals;
}

/**
 * Runs a process's services until SIGTERM/SIGINT (or `until`), then shuts it down gracefully:
 * the API stops taking requests, each role stops taking work and finishes or hands back what is
 * in flight (send jobs finish, mailbox leases are released), in reverse start order; the send
 * runtime the API may have opened is closed last. Resolves once all of that is done. The context
 * (store, Redis) is the caller's to close; nothing here ends the process: once everything is
 * closed there is nothing left to keep it alive.
 *
 * A service that fails to start stops the ones already started and the error is thrown. A
 * forgotten await in a background path is logged and counted in /health, never fatal.
 */
export async function runProcess(options: RunProcessOptions): Promise<void> {
  const { context } = options;
  const { logger } = context;
  const signals = options.signals ?? process;
  const uncontain = containUnhandledRejections(signals, logger, loopRegistry(context.store));
  const stopRequested = new AbortController();
  const onSignal = (name: string) => () => {
    if (stopRequested.signal.aborted) {
      logger.warn({ signal: name }, 'already shutting down; waiting for in-flight work to finish');
      return;
    }
    logger.info({ signal: name }, 'shutting down');
    stopRequested.abort();
  };
  const onTerm = onSignal('SIGTERM');
  const onInt = onSignal('SIGINT');
  if (!options.until) {
    signals.on('SIGTERM', onTerm);
    signals.on('SIGINT', onInt);
  }
  const started: Service[] = [];
  try {
    const factories = roleServiceFactories(options.roleOptions);
    const services: Service[] = [...(options.extra ?? [])];
    for (const role of ROLES) {
      if (!options.roles.includes(role)) continue;
      const service = await factories[role](context);
      if (service) services.push(service);
    }
    if (options.api) services.push(options.api);
    for (const service of services) {
      if (stopRequested.signal.aborted || options.until?.aborted) break;
      await service.start();
      started.push(service);
    }
    if (!(stopRequested.signal.aborted || options.until?.aborted)) {
      await options.onStarted?.(started.map((s) => s.name));
      // The services' own timers are unref'd (so that stopping never waits on them): this one
      // keeps the process alive until it is asked to stop. Signal listeners do not.
      const keepAlive = setInterval(() => undefined, 1 << 30);
      try {
        await Promise.race([aborted(stopRequested.signal), ...(options.until ? [aborted(options.until)] : [])]);
      } finally {
        clearInterval(keepAlive);
      }
    }
  } finally {
    await stopAll(started.reverse(), context);
    signals.off('SIGTERM', onTerm);
    signals.off('SIGINT', onInt);
    uncontain();
  }
}

/** Stops each service in turn; one that fails to stop is logged and the others still stop. */
async function stopAll(services: readonly Service[], context: AppContext): Promise<void> {
  for (const service of services) {
    try {
      await service.stop();
    } catch (error) {
      context.logger.error({ service: service.name, err: error instanceof Error ? error.message : String(error) }, 'service did not stop cleanly');
    }
  }
  // The API (with --no-workers) or a one-off command may have opened the send runtime to queue work.
  await closeSharedSendRuntime(context).catch((error: unknown) =>
    context.logger.error({ err: error instanceof Error ? error.message : String(error) }, 'send runtime did not close cleanly'),
  );
}

function aborted(signal: AbortSignal): Promise<void> {
  return signal.aborted ? Promise.resolve() : new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
}

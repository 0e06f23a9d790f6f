import { loopRegistry, superviseLoop, type Service, type ServiceFactory } from '../../platform/runtime/index.js';
import { runDigestTick, type DigestSender } from './digest.worker.js';
import type { RemindersContext } from './reminders.context.js';

/** Options of {@link digestServiceFactory} (tests pass their own sender). */
export interface DigestServiceOptions {
  readonly send?: DigestSender;
}

/**
 * The morning digest as a background service of the `schedule` role: one {@link runDigestTick}
 * every SCHEDULE_TICK_SECONDS, supervised (a failing pass is logged, shown in /health as the loop
 * `reminders` and retried with backoff). Any number of processes may run it: the per-day claim
 * makes each digest go once. stop() waits for the pass in flight.
 */
export function digestServiceFactory<C extends RemindersContext>(options: DigestServiceOptions = {}): ServiceFactory<C> {
  return (context) => {
    const intervalMs = context.config.SCHEDULE_TICK_SECONDS * 1000;
    const logger = context.logger.child({ service: 'reminders' });
    let stop: AbortController | undefined;
    let loop: Promise<void> | undefined;
    const service: Service = {
      name: 'reminders',
      async start() {
        stop = new AbortController();
        loop = superviseLoop({
          name: 'reminders',
          registry: loopRegistry(context.store),
          logger,
          signal: stop.signal,
          run: async () => {
            await runDigestTick({ ...context, logger }, options.send);
            return intervalMs;
          },
        });
      },
      async stop() {
        stop?.abort();
        await loop;
      },
    };
    return service;
  };
}

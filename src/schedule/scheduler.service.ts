import type { AppContext, Service, ServiceFactory } from '../app/index.js';
import { storeAudienceSource, type AudienceSource } from './audience.js';
import { systemClock, type CampaignLauncher, type Clock } from './launcher.js';
import { Scheduler } from './scheduler.js';

/** Options for {@link schedulerServiceFactory}. */
export interface SchedulerServiceOptions {
  /** The send pipeline's launcher for this context (wired by the team lead). */
  readonly launcher: (context: AppContext) => CampaignLauncher;
  /** Audience resolution; defaults to {@link storeAudienceSource}. */
  readonly audience?: (context: AppContext) => AudienceSource;
  readonly clock?: Clock;
}

/**
 * The scheduler as a background service of `tidings serve` / `tidings worker`: it ticks every
 * SCHEDULE_TICK_SECONDS. Any number of processes may run it; the claims make each occurrence fire
 * once. Ticks never overlap within a process, and stop() waits for the one in flight.
 */
export function schedulerServiceFactory(options: SchedulerServiceOptions): ServiceFactory {
  return (context) => {
    const { config, logger, store } = context;
    const scheduler = new Scheduler({
      store,
      launcher: options.launcher(context),
      audience: options.audience?.(context) ?? storeAudienceSource(store.db),
      logger: logger.child({ service: 'scheduler' }),
      clock: options.clock ?? systemClock,
      defaultZone: config.TIDINGS_DEFAULT_TIMEZONE,
      maxLatenessMs: config.SCHEDULE_MAX_LATENESS_MINUTES * 60_000,
      claimLeaseMs: config.SCHEDULE_CLAIM_LEASE_SECONDS * 1000,
    });
    return createSchedulerService(scheduler, config.SCHEDULE_TICK_SECONDS * 1000, context.logger);
  };
}

/** Wraps a scheduler in a Service that ticks every `intervalMs`. */
export function createSchedulerService(scheduler: Scheduler, intervalMs: number, logger: AppContext['logger']): Service {
  let timer: NodeJS.Timeout | undefined;
  let inFlight: Promise<unknown> | undefined;
  const run = () => {
    if (inFlight) return; // the previous tick is still going: skip rather than pile up
    inFlight = scheduler
      .tick()
      .catch((error: unknown) => logger.error({ err: (error as Error).message }, 'scheduler tick failed'))
      .finally(() => {
        inFlight = undefined;
      });
  };
  return {
    name: 'scheduler',
    async start() {
      run();
      timer = setInterval(run, intervalMs);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
      await inFlight;
    },
  };
}

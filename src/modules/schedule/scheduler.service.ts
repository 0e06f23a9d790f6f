import type { Logger } from '../../platform/logger/index.js';
import { loopRegistry, superviseLoop, type Backoff, type LoopRegistry, type Service, type ServiceFactory, type SupervisorClock } from '../../platform/runtime/index.js';
import { storeAudienceSource, type AudienceSource } from './audience.js';
import type { CampaignLauncher, Clock } from './launcher.js';
import type { ScheduleContext } from './schedule.context.js';
import { Scheduler } from './scheduler.js';

/** Options for {@link schedulerServiceFactory}; `C` is the context the launcher needs (the app's has it). */
export interface SchedulerServiceOptions<C extends ScheduleContext = ScheduleContext> {
  /** The send pipeline's launcher for this context (wired by the app). */
  readonly launcher: (context: C) => CampaignLauncher;
  /** Audience resolution; defaults to {@link storeAudienceSource}. */
  readonly audience?: (context: C) => AudienceSource;
  readonly clock?: Clock;
}

/**
 * The scheduler as a background service of `tidings serve` / `tidings worker`: it ticks every
 * SCHEDULE_TICK_SECONDS. Any number of processes may run it; the claims make each occurrence fire
 * once. Ticks never overlap within a process, and stop() waits for the one in flight.
 */
export function schedulerServiceFactory<C extends ScheduleContext>(options: SchedulerServiceOptions<C>): ServiceFactory<C> {
  return (context) => {
    const { config, logger, store } = context;
    const scheduler = new Scheduler({
      store,
      launcher: options.launcher(context),
      audience: options.audience?.(context) ?? storeAudienceSource(store.db),
      logger: logger.child({ service: 'scheduler' }),
      clock: options.clock ?? context.clock,
      defaultZone: config.TIDINGS_DEFAULT_TIMEZONE,
      maxLatenessMs: config.SCHEDULE_MAX_LATENESS_MINUTES * 60_000,
      claimLeaseMs: config.SCHEDULE_CLAIM_LEASE_SECONDS * 1000,
    });
    return createSchedulerService(scheduler, config.SCHEDULE_TICK_SECONDS * 1000, context.logger, { owner: store });
  };
}

/** Supervision of the tick loop (tests: a fake clock and their own registry). */
export interface SchedulerSupervision {
  readonly registry?: LoopRegistry;
  readonly clock?: SupervisorClock;
  readonly backoff?: Backoff;
}

/**
 * Wraps a scheduler in a Service that ticks every `intervalMs`, supervised: a tick that fails as a
 * whole (the store down) is logged, shown in /health as the critical loop `scheduler` and retried
 * with backoff; the next success clears it. Ticks never overlap (each waits for the previous one).
 */
export function createSchedulerService(
  scheduler: Scheduler,
  intervalMs: number,
  logger: Logger,
  supervision: SchedulerSupervision & { readonly owner?: object } = {},
): Service {
  let stop: AbortController | undefined;
  let loop: Promise<void> | undefined;
  return {
    name: 'scheduler',
    async start() {
      stop = new AbortController();
      loop = superviseLoop({
        name: 'scheduler',
        critical: true,
        registry: supervision.registry ?? loopRegistry(supervision.owner ?? scheduler),
        logger,
        signal: stop.signal,
        ...(supervision.clock ? { clock: supervision.clock } : {}),
        ...(supervision.backoff ? { backoff: supervision.backoff } : {}),
        run: async () => {
          await scheduler.tick();
          return intervalMs;
        },
      });
    },
    async stop() {
      stop?.abort();
      await loop;
    },
  };
}

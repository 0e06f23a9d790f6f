export type { CoreContext } from './context.js';
export { FAILING_AFTER, LoopRegistry, errorCode, loopRegistry, type LoopInstanceState, type LoopSummary, type UnhandledSummary } from './loop-health.js';
export type { Service, ServiceFactory } from './service.js';
export { DEFAULT_BACKOFF, backoffDelay, superviseLoop, systemSupervisorClock, type Backoff, type NextRun, type SupervisedLoop, type SupervisorClock } from './supervisor.js';
export { containUnhandledRejections, type ProcessEvents } from './unhandled.js';
export { Semaphore } from './semaphore.js';

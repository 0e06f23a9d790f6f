import type { Logger } from '../logger/index.js';
import { errorCode, type LoopRegistry } from './loop-health.js';

/** The part of `process` the handler uses (tests pass an EventEmitter). */
export interface ProcessEvents {
  on(event: 'unhandledRejection', listener: (reason: unknown) => void): unknown;
  off(event: 'unhandledRejection', listener: (reason: unknown) => void): unknown;
}

/**
 * Contains unhandled promise rejections for `tidings serve` and `tidings worker`: each is logged
 * with its stack and counted in /health instead of ending the process (Node's default), so one
 * forgotten `await` in a background path cannot stop every send and poll of the service.
 *
 * `uncaughtException` is deliberately left fatal: a synchronous throw that reached the event loop
 * may have left shared state (a half-written buffer, a lock held, a stream mid-frame) in a state
 * nobody can reason about, and Node's own guidance is to exit and be restarted. A rejected promise
 * has unwound through its own async frames only, so the rest of the process is still sound.
 * Returns a function that removes the handler.
 */
export function containUnhandledRejections(events: ProcessEvents, logger: Logger, registry: LoopRegistry, now: () => number = Date.now): () => void {
  const listener = (reason: unknown) => {
    registry.recordUnhandled(reason, now());
    logger.error(
      {
        code: errorCode(reason),
        err: reason instanceof Error ? { message: reason.message, stack: reason.stack } : String(reason),
        count: registry.unhandledSummary().count,
      },
      'unhandled promise rejection contained; the service keeps running (this is a bug: please report it)',
    );
  };
  events.on('unhandledRejection', listener);
  return () => events.off('unhandledRejection', listener);
}

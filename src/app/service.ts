import type { AppContext } from './context.js';

/** A long-running part of `tidings serve` or `tidings worker` (dispatcher, scheduler, pollers). */
export interface Service {
  readonly name: string;
  start(): Promise<void>;
  /** Stops taking new work and finishes or hands back what is in flight. */
  stop(): Promise<void>;
}

/** Builds a service for the given context, or returns undefined when it does not apply. */
export type ServiceFactory = (context: AppContext) => Service | undefined | Promise<Service | undefined>;

/** A long-running part of a process (dispatcher, scheduler, inbox pollers), started and stopped by the app's runner. */
export interface Service {
  readonly name: string;
  start(): Promise<void>;
  /** Stops taking new work and finishes or hands back what is in flight. */
  stop(): Promise<void>;
}

/**
 * Builds a module's service from the context it declares (`C`), or returns undefined when the
 * service does not apply to this process. The app's runner passes its own context, which has more.
 */
export type ServiceFactory<C> = (context: C) => Service | undefined | Promise<Service | undefined>;

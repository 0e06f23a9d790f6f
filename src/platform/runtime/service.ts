/** A long-running part of a process (dispatcher, scheduler, inbox pollers), started and stopped by the app's runner. */
export interface Service {
  readonly name: string;
  start(): Promise<void>;
  /** Stops taking new work and finishes or hands back what is in flight. */
  stop(): Promise<void>;
}

/**
 * What one run of the job processor asks the dispatcher to do next. `done`: drop the job (the row
 * reached a final state, or someone else owns it). `later`: run the same row again after `delayMs`;
 * `rate-limit` means the sending account is at its limit, so the dispatcher should hold back
 * everything for a moment rather than spin through jobs that would all be told to wait.
 */
export type SendJobResult =
  | { readonly kind: 'done'; readonly outcome: string }
  | { readonly kind: 'later'; readonly delayMs: number; readonly reason: 'rate-limit' | 'domain-busy' | 'deferred' | 'not-due' };

/** Runs one outbox row; the one job processor both dispatchers share. */
export type SendJobProcessor = (outboxId: number) => Promise<SendJobResult>;

/**
 * Carries outbox ids to a processor. Jobs hold ids only — the store is the record — and a row id
 * is queued at most once at a time, so enqueueing an id again (sweeper, resume) is harmless.
 */
export interface Dispatcher {
  /** `in-process` (p-queue) or `bullmq`. */
  readonly mode: 'in-process' | 'bullmq';
  /** Queues the rows for sending (ids already queued are ignored). */
  enqueue(ids: readonly number[]): Promise<void>;
  /** How many jobs are queued, delayed or running; the sweeper compares it with the store. */
  backlog(): Promise<number>;
  /** Starts processing (a producer-only dispatcher, e.g. in the CLI, never calls this). */
  start(): Promise<void>;
  /** Stops taking jobs, lets running ones finish, releases connections. */
  close(): Promise<void>;
  /**
   * Most jobs worth holding at once (BullMQ: jobs in Redis). Whoever queues a large campaign stops
   * offering rows once the backlog reaches it — they stay queued in the outbox — and the sweeper
   * tops the queue up. Absent: the dispatcher bounds itself (or needs no bound).
   */
  readonly maxBacklog?: number;
  /**
   * Asks a dispatcher that pulls due rows from the store itself (in-process) to look there;
   * returns false when it does not pull, so the sweeper offers it the due ids instead.
   */
  pullDue?(): boolean;
}

import PQueue from 'p-queue';
import type { Logger } from '../../logger/index.js';
import type { Dispatcher, SendJobProcessor } from './dispatcher.js';

/** Options for {@link InProcessDispatcher}. */
export interface InProcessDispatcherOptions {
  readonly process: SendJobProcessor;
  readonly concurrency: number;
  readonly logger: Logger;
}

/**
 * Dispatcher for one machine with no Redis: a p-queue in this process. Nothing here is durable —
 * the outbox is; after a restart the sweeper finds the queued rows again.
 */
export class InProcessDispatcher implements Dispatcher {
  readonly mode = 'in-process' as const;
  private readonly queue: PQueue;
  /** Ids queued, running or waiting on a timer: each at most once. */
  private readonly pending = new Set<number>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private pausedUntil = 0;
  private resumeTimer: NodeJS.Timeout | undefined;
  private started = false;
  private closed = false;

  constructor(private readonly options: InProcessDispatcherOptions) {
    this.queue = new PQueue({ concurrency: options.concurrency, autoStart: false });
  }

  async enqueue(ids: readonly number[]): Promise<void> {
    for (const id of ids) {
      if (this.closed || this.pending.has(id)) continue;
      this.pending.add(id);
      this.add(id, 0);
    }
  }

  async backlog(): Promise<number> {
    return this.pending.size;
  }

  async start(): Promise<void> {
    this.started = true;
    if (Date.now() >= this.pausedUntil) this.queue.start();
  }

  /** Resolves when nothing is queued or running (tests, graceful stop). */
  onIdle(): Promise<void> {
    return this.queue.onIdle();
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    if (this.resumeTimer) clearTimeout(this.resumeTimer);
    this.queue.clear();
    await this.queue.onIdle();
    this.pending.clear();
  }

  private add(id: number, priority: number): void {
    void this.queue.add(() => this.run(id), { priority }).catch(() => undefined);
  }

  private async run(id: number): Promise<void> {
    if (this.closed) return;
    let result;
    try {
      result = await this.options.process(id);
    } catch (error) {
      // The store or a dependency failed; the row is untouched or recoverable, and the sweeper
      // will offer it again.
      this.options.logger.error({ err: error, outboxId: id }, 'send job failed unexpectedly');
      this.pending.delete(id);
      return;
    }
    if (result.kind === 'done') {
      this.pending.delete(id);
      return;
    }
    if (result.reason === 'rate-limit') {
      // The account is at its limit: hold the whole queue instead of spinning through jobs that
      // would all be told to wait, and put this one back at the front.
      this.holdFor(result.delayMs);
      this.add(id, 1);
      return;
    }
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (!this.closed) this.add(id, 0);
    }, result.delayMs);
    timer.unref();
    this.timers.add(timer);
  }

  private holdFor(ms: number): void {
    const until = Date.now() + ms;
    if (until <= this.pausedUntil) return;
    this.pausedUntil = until;
    this.queue.pause();
    if (this.resumeTimer) clearTimeout(this.resumeTimer);
    this.resumeTimer = setTimeout(() => {
      this.resumeTimer = undefined;
      if (this.started && !this.closed) this.queue.start();
    }, ms);
  }
}

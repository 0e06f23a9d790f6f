import PQueue from 'p-queue';
import { LoopReporter, type LoopRegistry } from '../../../platform/runtime/loop-health.js';
import type { Logger } from '../../../platform/logger/index.js';
import type { Dispatcher, SendJobProcessor } from './dispatcher.js';
import type { InFlightRows } from './sending-lease.js';
import { systemClock, type Clock } from '../../../platform/clock/index.js';

/** Options for {@link InProcessDispatcher}. */
export interface InProcessDispatcherOptions {
  readonly process: SendJobProcessor;
  readonly concurrency: number;
  readonly logger: Logger;
  /**
   * The store's due row ids after `afterId`, in id order (see `nextDueRowIds`). With it the
   * dispatcher holds at most `highWater` ids: ids offered beyond that stay where they are — queued
   * in the outbox — and are pulled page by page whenever fewer than `lowWater` are held, so memory
   * does not grow with the size of a campaign. Without it every id offered is held (tests).
   */
  readonly due?: (afterId: number, limit: number) => Promise<readonly number[]>;
  /** Most ids held when pulling from the store. Default: 8 × concurrency, at least 256. */
  readonly highWater?: number;
  /** Pull again once fewer than this are held. Default: half of `highWater`. */
  readonly lowWater?: number;
  /** Told which rows have a job running here, so their `sending` claim is kept fresh (see SendingLease). */
  readonly inFlight?: InFlightRows;
  /** Where the sender reports for /health (loop `sender`): reading due rows, jobs that failed unexpectedly. */
  readonly registry?: LoopRegistry;
  /** The time source; defaults to the system clock. */
  readonly clock?: Clock;
}

/**
 * Dispatcher for one machine with no Redis: a p-queue in this process. Nothing here is durable —
 * the outbox is; after a restart the sweeper finds the queued rows again.
 *
 * With a `due` source it is bounded: it works through the store's due rows with a keyset cursor,
 * one page at a time, and a pass that reaches the end starts over from the lowest id only when
 * something may have become due behind the cursor (an offer it could not hold, a sweep, a deferred
 * row's retry time). A row pulled twice is harmless: the claim is a conditional update.
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
  private readonly highWater: number;
  private readonly lowWater: number;
  /** Last id pulled in the current pass over the store; 0 between passes. */
  private cursor = 0;
  /** Rows may be due in the store that this pass will not reach (they are behind the cursor). */
  private behind = false;
  private pulling: Promise<void> | undefined;
  private wakeTimer: NodeJS.Timeout | undefined;
  private wakeAt = Infinity;
  private health: LoopReporter | undefined;

  constructor(private readonly options: InProcessDispatcherOptions) {
    this.queue = new PQueue({ concurrency: options.concurrency, autoStart: false });
    this.highWater = Math.max(1, options.highWater ?? Math.max(256, options.concurrency * 8));
    this.lowWater = Math.min(this.highWater - 1, options.lowWater ?? Math.floor(this.highWater / 2));
  }

  async enqueue(ids: readonly number[]): Promise<void> {
    for (const id of ids) {
      if (this.closed || this.pending.has(id)) continue;
      if (this.options.due && this.pending.size >= this.highWater) {
        // Full: the row is queued in the store, which a later pass reads.
        this.behind = true;
        continue;
      }
      this.pending.add(id);
      this.add(id, 0);
    }
  }

  /** Rows may be due in the store (the sweeper's call): start a pass over them when there is room. */
  pullDue(): boolean {
    if (!this.options.due) return false;
    this.behind = true;
    this.pull();
    return true;
  }

  async backlog(): Promise<number> {
    return this.pending.size;
  }

  async start(): Promise<void> {
    if (this.options.registry) this.health ??= new LoopReporter(this.options.registry, 'sender', 'sender', false);
    this.started = true;
    if ((this.options.clock ?? systemClock).now() >= this.pausedUntil) this.queue.start();
    this.pullDue();
  }

  /** Resolves when nothing is queued or running (tests, graceful stop). */
  async onIdle(): Promise<void> {
    // A page being read refills the queue right after it drained: wait for both to settle.
    for (let i = 0; i < 1_000_000; i++) {
      await this.queue.onIdle();
      if (!this.pulling) return;
      await this.pulling;
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    this.health?.close();
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    if (this.resumeTimer) clearTimeout(this.resumeTimer);
    if (this.wakeTimer) clearTimeout(this.wakeTimer);
    this.queue.clear();
    // A rate-limit hold may have paused the queue, and its resume timer is gone: start it so the
    // jobs that are still running can finish and onIdle resolves (anything left returns at once).
    this.queue.start();
    await this.pulling;
    await this.queue.onIdle();
    this.pending.clear();
  }

  /** Starts a pull unless one is running; it fills up to `highWater` from the store. */
  private pull(): void {
    if (!this.options.due || !this.started || this.closed || this.pulling) return;
    if (this.cursor === 0 && !this.behind) return;
    if (this.pending.size > this.lowWater) return;
    this.pulling = this.pullPages()
      .catch((error) => {
        // The store failed; the rows stay queued there and the next sweep asks again.
        this.options.logger.error({ loop: 'sender', err: error }, 'send queue could not read due rows');
        this.health?.failed(error, (this.options.clock ?? systemClock).now());
        this.behind = true;
        this.cursor = 0;
      })
      .finally(() => {
        this.pulling = undefined;
      });
  }

  private async pullPages(): Promise<void> {
    const due = this.options.due!;
    // Bounded: each round either fills the queue, advances the cursor or ends the pass.
    for (let round = 0; round < 10_000 && !this.closed; round++) {
      const room = this.highWater - this.pending.size;
      if (room <= 0) return;
      if (this.cursor === 0) {
        if (!this.behind) return;
        this.behind = false; // this new pass sees everything due up to now
      }
      const ids = await due(this.cursor, room);
      this.health?.ok();
      for (const id of ids) {
        if (this.closed || this.pending.has(id)) continue;
        this.pending.add(id);
        this.add(id, 0);
      }
      const last = ids[ids.length - 1];
      this.cursor = ids.length < room || last === undefined ? 0 : last;
    }
  }

  /** A deferred row left to the store: make sure a pass runs when it becomes due. */
  private wakeIn(ms: number): void {
    const at = (this.options.clock ?? systemClock).now() + Math.max(0, ms);
    if (at >= this.wakeAt) return;
    if (this.wakeTimer) clearTimeout(this.wakeTimer);
    this.wakeAt = at;
    this.wakeTimer = setTimeout(() => {
      this.wakeTimer = undefined;
      this.wakeAt = Infinity;
      this.pullDue();
    }, Math.max(0, ms) + 5);
    this.wakeTimer.unref();
  }

  private release(id: number): void {
    this.pending.delete(id);
    if (this.pending.size <= this.lowWater) this.pull();
  }

  private add(id: number, priority: number): void {
    // A job that ends after close (e.g. told to wait for the rate limit) is not queued again.
    if (this.closed) return;
    void this.queue.add(() => this.run(id), { priority }).catch(() => undefined);
  }

  private async run(id: number): Promise<void> {
    if (this.closed) return;
    let result;
    this.options.inFlight?.hold(id);
    try {
      result = await this.options.process(id);
    } catch (error) {
      // The store or a dependency failed; the row is untouched or recoverable, and the sweeper
      // will offer it again.
      this.options.logger.error({ loop: 'sender', err: error, outboxId: id }, 'send job failed unexpectedly');
      this.health?.failed(error, (this.options.clock ?? systemClock).now());
      this.release(id);
      return;
    } finally {
      this.options.inFlight?.release(id);
    }
    this.health?.ok();
    if (result.kind === 'done') {
      this.release(id);
      return;
    }
    if (result.reason === 'rate-limit') {
      // The account is at its limit: hold the whole queue instead of spinning through jobs that
      // would all be told to wait, and put this one back at the front.
      this.holdFor(result.delayMs);
      this.add(id, 1);
      return;
    }
    if (this.options.due && (result.reason === 'deferred' || result.reason === 'not-due')) {
      // The row is `deferred` in the store with its retry time: hold no timer per row (a quiet
      // hours window can defer a whole campaign), only one to pull when the earliest is due.
      this.release(id);
      this.wakeIn(result.delayMs);
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
    const until = (this.options.clock ?? systemClock).now() + ms;
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

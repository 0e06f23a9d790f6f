import { DelayedError, Queue, UnrecoverableError, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { LoopReporter, type LoopRegistry } from '../../../platform/runtime/loop-health.js';
import { isTidingsError } from '../../../platform/errors/index.js';
import type { Logger } from '../../../platform/logger/index.js';
import type { Dispatcher, SendJobProcessor } from './dispatcher.js';
import type { InFlightRows } from './sending-lease.js';
import { systemClock, type Clock } from '../../../platform/clock/index.js';

/** The only thing a job carries. */
export interface SendJobData {
  readonly outboxId: number;
}

/** Options for {@link BullmqDispatcher}. */
export interface BullmqDispatcherOptions {
  /** Connection for the producer side (enqueue, counts). */
  readonly connection: Redis;
  /** Makes a fresh connection for the worker (BullMQ blocks on its connection). */
  readonly workerConnection?: () => Redis;
  /** Key prefix; tests use a unique one. */
  readonly prefix: string;
  readonly queueName?: string;
  /** Needed to process jobs; a producer-only dispatcher (CLI, API with --no-workers) leaves it out. */
  readonly process?: SendJobProcessor;
  readonly concurrency?: number;
  readonly logger: Logger;
  /**
   * How long a job's lock lasts without renewal; a dead worker's jobs are handed on after about
   * this long (it is also the stalled-job check interval). Default 30 s; crash tests shorten it.
   */
  readonly lockDurationMs?: number;
  /** Longest wait handled by pausing the whole queue; longer waits delay just the job. */
  readonly maxQueueHoldMs?: number;
  /** Jobs held in Redis at most by producers and the sweeper (default 20,000); see {@link Dispatcher.maxBacklog}. */
  readonly maxBacklog?: number;
  /** Told which rows have a job running here, so their `sending` claim is kept fresh (see SendingLease). */
  readonly inFlight?: InFlightRows;
  /** Where the sender reports for /health (loop `sender`): worker errors, jobs that failed unexpectedly. */
  readonly registry?: LoopRegistry;
  /** The time source; defaults to the system clock. */
  readonly clock?: Clock;
}

/** A BullMQ job id for a row. BullMQ refuses purely numeric custom ids. */
export const jobIdFor = (outboxId: number): string => `o${outboxId}`;

/**
 * Dispatcher over BullMQ/Redis: any number of worker processes on any number of machines share
 * one queue. `jobId` = outbox id, so a row is never queued twice while a job for it exists.
 * Finished jobs are removed at once so the same row can be queued again (resume, resend).
 */
export class BullmqDispatcher implements Dispatcher {
  readonly mode = 'bullmq' as const;
  readonly maxBacklog: number;
  private readonly queue: Queue<SendJobData>;
  private worker: Worker<SendJobData> | undefined;
  private health: LoopReporter | undefined;
  /** The worker's own connection: BullMQ leaves a connection it was given open on close. */
  private workerRedis: Redis | undefined;

  constructor(private readonly options: BullmqDispatcherOptions) {
    this.maxBacklog = options.maxBacklog ?? 20_000;
    this.queue = new Queue<SendJobData>(options.queueName ?? 'send', {
      connection: options.connection,
      prefix: options.prefix,
    });
    this.queue.on('error', (error) => options.logger.warn({ err: error.message }, 'send queue error'));
  }

  async enqueue(ids: readonly number[]): Promise<void> {
    for (let i = 0; i < ids.length; i += 500) {
      await this.queue.addBulk(
        ids.slice(i, i + 500).map((outboxId) => ({
          name: 'send',
          data: { outboxId },
          opts: {
            jobId: jobIdFor(outboxId),
            removeOnComplete: true,
            removeOnFail: true,
            // Retries cover unexpected faults only (store briefly down); SMTP outcomes are
            // handled in the outbox and never surface here as failures.
            attempts: 5,
            backoff: { type: 'exponential', delay: 1_000 },
          },
        })),
      );
    }
  }

  async backlog(): Promise<number> {
    return this.queue.getJobCountByTypes('waiting', 'delayed', 'active', 'prioritized');
  }

  async start(): Promise<void> {
    const process = this.options.process;
    if (!process) throw new Error('BullmqDispatcher.start needs a processor');
    const hold = this.options.maxQueueHoldMs ?? 2_000;
    if (this.options.registry) this.health ??= new LoopReporter(this.options.registry, 'sender', 'sender', false);
    this.worker = new Worker<SendJobData>(
      this.queue.name,
      async (job: Job<SendJobData>, token?: string) => {
        let result;
        const outboxId = job.data.outboxId;
        this.options.inFlight?.hold(outboxId);
        try {
          result = await process(outboxId);
          this.health?.ok();
        } catch (error) {
          this.health?.failed(error, (this.options.clock ?? systemClock).now());
          if (isTidingsError(error) && !error.retryable) throw new UnrecoverableError(`${error.code}: ${error.message}`);
          throw error;
        } finally {
          this.options.inFlight?.release(outboxId);
        }
        if (result.kind === 'done') return result.outcome;
        if (result.reason === 'rate-limit' && result.delayMs <= hold) {
          // The account is at its limit: stop every worker fetching for a moment (the job goes
          // back to waiting) instead of moving thousands of jobs in and out of the delayed set.
          await this.queue.rateLimit(result.delayMs);
          throw Worker.RateLimitError();
        }
        await job.moveToDelayed((this.options.clock ?? systemClock).now() + result.delayMs, token);
        throw new DelayedError();
      },
      {
        connection: (this.workerRedis = this.options.workerConnection ? this.options.workerConnection() : this.options.connection.duplicate()),
        prefix: this.options.prefix,
        concurrency: this.options.concurrency ?? 10,
        // A job whose worker died is handed to another worker after this; the outbox claim
        // makes that harmless (the row is `sending`, so the new run does nothing).
        lockDuration: this.options.lockDurationMs ?? 30_000,
        stalledInterval: this.options.lockDurationMs ?? 30_000,
      },
    );
    this.worker.on('error', (error) => {
      this.options.logger.warn({ loop: 'sender', err: error.message }, 'send worker error');
      this.health?.failed(error, (this.options.clock ?? systemClock).now());
    });
    await this.worker.waitUntilReady();
  }

  async close(): Promise<void> {
    this.health?.close();
    await this.worker?.close();
    await this.queue.close();
    // Otherwise its socket keeps a stopped worker process alive.
    await this.workerRedis?.quit().catch(() => this.workerRedis?.disconnect());
  }
}

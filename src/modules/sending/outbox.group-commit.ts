import type { Kysely } from 'kysely';
import type { DatabaseSchema } from '../../platform/db/index.js';
import { finishIfDone } from './campaign.store.js';
import { claimForSending, claimManyForSending, markManySent, markSent } from './outbox.store.js';
import { perDatabase } from '../../platform/db/per-database.js';
import { systemClock, type Clock } from '../../platform/clock/index.js';

type Db = Kysely<DatabaseSchema>;

/** Options for {@link OutboxGroupCommit}. */
export interface OutboxGroupCommitOptions {
  /** Most transitions written in one transaction. */
  readonly maxBatch?: number;
}

type Op =
  | {
      readonly kind: 'claim';
      readonly id: number;
      readonly campaignId: number | undefined;
      readonly resolve: (won: boolean) => void;
      readonly reject: (error: unknown) => void;
    }
  | {
      readonly kind: 'sent';
      readonly id: number;
      readonly campaignId: number;
      readonly messageId: string;
      readonly at: number;
      readonly language: string | null;
      readonly resolve: (recorded: boolean) => void;
      readonly reject: (error: unknown) => void;
    };

/**
 * Group commit for the two outbox transitions every email takes: the claim (queued/deferred →
 * sending) and the sent mark. Each caller still awaits its own transition — a claim is durable
 * before the message is handed over, a job is only done once its `sent` is written — but the
 * transitions requested while one transaction runs are written together in the next: one claim
 * statement for all of them, the sent marks in one transaction, and one "is the campaign
 * finished?" check per campaign per batch instead of one per message.
 *
 * Nothing is written behind the caller's back: a crash leaves at most the rows whose claim was
 * written and whose sent mark was not — `sending`, which recovery turns into `unknown`, as
 * before. A graceful stop waits for the running jobs, and so for their batches.
 *
 * The finish check is skipped while a row of the campaign that this writer claimed is still
 * open (claimed with its campaign id, neither marked sent nor {@link settle}d): that row is
 * `sending`, so the check could only answer "not yet". It runs once the last such row is done —
 * after its sent mark, or in {@link settle} when a check was skipped meanwhile.
 */
export class OutboxGroupCommit {
  private queue: Op[] = [];
  private running = false;
  private scheduled = false;
  private readonly maxBatch: number;
  /** Rows claimed with a campaign id and not yet settled → their campaign. */
  private readonly openRows = new Map<number, number>();
  /** Per campaign: open rows, and whether a finish check was skipped for them. */
  private readonly openCampaigns = new Map<number, { rows: number; checkSkipped: boolean }>();

  constructor(
    private readonly db: Db,
    options: OutboxGroupCommitOptions = {},
    private readonly clock: Clock = systemClock,
  ) {
    this.maxBatch = options.maxBatch ?? 256;
  }

  /**
   * Like {@link claimForSending} (with the time of the write as "now"); true when this caller won
   * the row. With `campaignId`, a won row counts as open until its sent mark or {@link settle}.
   */
  claim(id: number, campaignId?: number): Promise<boolean> {
    return new Promise((resolve, reject) => this.push({ kind: 'claim', id, campaignId, resolve, reject }));
  }

  /**
   * A row claimed with its campaign id is done without a sent mark (its failure is written, or
   * the job gave up): it no longer holds back the campaign's finish check, which runs now if
   * one was skipped because of open rows.
   */
  async settle(id: number): Promise<void> {
    const campaignId = this.close(id);
    // The sweeper checks again; a failed check must not turn a handled message into an error.
    if (campaignId !== undefined) await finishIfDone(this.db, campaignId, this.clock).catch(() => false);
  }

  /** Forgets an open row; the campaign id when a finish check is due now (skipped before, no open rows left). */
  private close(id: number): number | undefined {
    const campaignId = this.openRows.get(id);
    if (campaignId === undefined) return undefined;
    this.openRows.delete(id);
    const open = this.openCampaigns.get(campaignId);
    if (!open) return undefined;
    open.rows -= 1;
    if (open.rows > 0) return undefined;
    this.openCampaigns.delete(campaignId);
    return open.checkSkipped ? campaignId : undefined;
  }

  private opened(id: number, campaignId: number): void {
    if (this.openRows.has(id)) return;
    this.openRows.set(id, campaignId);
    const open = this.openCampaigns.get(campaignId);
    if (open) open.rows += 1;
    else this.openCampaigns.set(campaignId, { rows: 1, checkSkipped: false });
  }

  /** Like {@link markSent}, then checks whether the row's campaign is finished. */
  markSent(id: number, campaignId: number, messageId: string, at: number, language: string | null = null): Promise<boolean> {
    return new Promise((resolve, reject) => this.push({ kind: 'sent', id, campaignId, messageId, at, language, resolve, reject }));
  }

  private push(op: Op): void {
    this.queue.push(op);
    if (this.running || this.scheduled) return;
    this.scheduled = true;
    // Everything requested in this turn of the event loop joins the first batch.
    setImmediate(() => {
      this.scheduled = false;
      void this.drain();
    });
  }

  /** Writes batches one after another until the queue is empty; requests arriving meanwhile wait for the next. */
  private async drain(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, this.maxBatch);
        await this.write(batch);
      }
    } finally {
      this.running = false;
    }
  }

  private async write(batch: readonly Op[]): Promise<void> {
    const claims = batch.filter((op) => op.kind === 'claim');
    const sent = batch.filter((op) => op.kind === 'sent').sort((a, b) => a.id - b.id);
    let won: Set<number>;
    let recorded: boolean[];
    try {
      [won, recorded] = await this.db.transaction().execute(async (trx) => {
        const claimed = new Set(await claimManyForSending(trx, claims.map((op) => op.id), this.clock.now()));
        const marked = await markManySent(trx, sent, this.clock.now());
        return [claimed, sent.map((op) => marked.has(op.id))] as const;
      });
    } catch {
      // One transition's failure must stay its own: write each alone, as without batching.
      await Promise.all(batch.map((op) => this.writeOne(op)));
      return;
    }
    // A claim id appears once per caller; two callers of one row must not both win it.
    for (const op of claims) {
      const first = won.delete(op.id);
      if (first && op.campaignId !== undefined) this.opened(op.id, op.campaignId);
      op.resolve(first);
    }
    for (const op of sent) this.close(op.id);
    // Checked after the commit, so the last batch of a campaign sees every other batch's marks.
    await this.finishCampaigns(sent.map((op) => op.campaignId));
    sent.forEach((op, i) => op.resolve(recorded[i]!));
  }

  private async writeOne(op: Op): Promise<void> {
    try {
      if (op.kind === 'claim') {
        const won = await claimForSending(this.db, op.id, this.clock.now());
        if (won && op.campaignId !== undefined) this.opened(op.id, op.campaignId);
        op.resolve(won);
      } else {
        let ok: boolean;
        try {
          ok = await markSent(this.db, op.id, op.messageId, op.at, this.clock, op.language);
        } finally {
          this.close(op.id);
        }
        await this.finishCampaigns([op.campaignId]);
        op.resolve(ok);
      }
    } catch (error) {
      op.reject(error);
    }
  }

  private async finishCampaigns(ids: readonly number[]): Promise<void> {
    for (const id of new Set(ids)) {
      const open = this.openCampaigns.get(id);
      if (open) {
        // A row of it is still `sending`: not finished; checked when that row is done.
        open.checkSkipped = true;
        continue;
      }
      // The sweeper checks again; a failed check must not turn a sent message into an error.
      await finishIfDone(this.db, id, this.clock).catch(() => false);
    }
  }
}

/** The process's one group-commit writer for a store handle. */
export const outboxGroupCommit = perDatabase((db: Db) => new OutboxGroupCommit(db));

import type { Kysely } from 'kysely';
import { chooseSendingAccount, SYSTEM_ACTOR, type MailboxActor } from '../accounts/index.js';
import { settleSms } from '../billing/index.js';
import { assertTemplateApproved } from '../sms-approval/index.js';
import { TidingsError } from '../../platform/errors/index.js';
import type { Logger } from '../../platform/logger/index.js';
import type { DatabaseSchema } from '../../platform/db/index.js';
import { resolveCampaignRequest, type CampaignRequest, type CreateCampaignInput } from './campaign.request.js';
import { campaignLimits } from './campaign.plan.js';
import { finishIfDone, getCampaign, transitionCampaign } from './campaign.store.js';
import { estimateSendDuration } from './limit/send-duration.js';
import type { Dispatcher } from './dispatch/dispatcher.js';
import { smsKeyFor } from './channels/sms.channel.js';
import { allDueRowIds, countByState, requeueUnknown } from './outbox.store.js';
import type { Campaign, CampaignStatus, OutboxState, Recipient, RecipientSource } from './ports.js';
import { copyToSentValues } from './sent-copy/copy-to-sent.js';
import { newReplyToken } from './trace.js';
import { trackingStats, type TrackingStats } from './tracking/tracking.store.js';
import { systemClock, type Clock } from '../../platform/clock/index.js';

type Db = Kysely<DatabaseSchema>;

export type { CreateCampaignInput };

/** Counts per state, speed and time left. */
export interface CampaignProgress {
  readonly id: number;
  readonly name: string;
  readonly status: CampaignStatus;
  readonly statusReason: string | null;
  readonly total: number;
  readonly counts: Record<OutboxState, number>;
  /** Rows still to be sent (queued + deferred + sending). */
  readonly remaining: number;
  /** Messages sent per second over the last half minute. */
  readonly ratePerSecond: number;
  /** Seconds until done at the current rate; null when unknown (nothing sent lately). */
  readonly etaSeconds: number | null;
  readonly materialized: boolean;
  /** Occurrence runs (child campaigns) summed in, for a standing campaign. */
  readonly runs?: number;
  /** Opens and clicks, on campaigns sent with tracking on. */
  readonly tracking?: TrackingStats;
}

/** Options for {@link CampaignService}. */
export interface CampaignServiceOptions {
  readonly db: Db;
  readonly recipients: RecipientSource;
  /** Where new rows are queued; without one the sweeper of a running worker picks them up. */
  readonly dispatcher?: Dispatcher | undefined;
  readonly batchSize?: number;
  readonly logger?: Logger;
  /** The time source; defaults to the system clock. */
  readonly clock?: Clock;
}

const ACTIVE: readonly CampaignStatus[] = ['draft', 'scheduled', 'running', 'paused'];

/**
 * Creates and controls campaigns. Every status change is a conditional update, and starting is
 * idempotent: a start interrupted half-way can simply be run again (rows are unique per
 * campaign, customer and channel, inserted with ON CONFLICT DO NOTHING).
 */
export class CampaignService {
  /** The store this service works on. */
  readonly db: Db;
  private readonly batchSize: number;

  constructor(private readonly options: CampaignServiceOptions) {
    this.db = options.db;
    this.batchSize = options.batchSize ?? 500;
  }

  async create(input: CreateCampaignInput): Promise<Campaign> {
    const channel = input.channel ?? 'email';
    if (channel === 'email' && !input.mailAccountId) {
      throw new TidingsError('SEND_NO_ACCOUNT', 'An email campaign needs a sending mail account.');
    }
    // Scheduling is promising the send: a reviewing provider's approval is checked now, not on the day.
    if (channel === 'sms' && input.schedule && input.smsAccountId) await assertTemplateApproved(this.db, { versionId: input.templateVersionId, smsAccountId: input.smsAccountId });
    const now = (this.options.clock ?? systemClock).now();
    const row = await this.db
      .insertInto('campaigns')
      .values({
        name: input.name,
        channel,
        kind: input.kind ?? 'bulk',
        mail_account_id: input.mailAccountId ?? null,
        sms_account_id: input.smsAccountId ?? null,
        template_version_id: input.templateVersionId,
        audience: JSON.stringify(input.audience ?? {}),
        schedule: input.schedule ? JSON.stringify(input.schedule) : null,
        status: input.schedule ? 'scheduled' : 'draft',
        status_reason: null,
        tracking: input.tracking ? 1 : 0,
        created_by: input.createdBy ?? null,
        created_at: now,
        started_at: null,
        finished_at: null,
        updated_at: now,
        ...copyToSentValues(input.copyToSent),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return row;
  }

  /**
   * Creates a campaign as a person asks for it (accounts and templates by name or id, the default
   * account when none is named): the one entry point of the CLI, the API and the web UI, so the
   * same request gives the same campaign or the same error from each (campaign.request.ts).
   */
  async createFor(actor: MailboxActor, request: CampaignRequest): Promise<Campaign> {
    return this.create(await resolveCampaignRequest(this.db, actor, request));
  }

  async get(id: number): Promise<Campaign> {
    const campaign = await getCampaign(this.db, id);
    if (!campaign) throw new TidingsError('NOT_FOUND', `No campaign ${id}.`, { context: { id } });
    return campaign;
  }

  /** Newest first; `kind` narrows to marketers' campaigns (`bulk`) or sales reps' one-offs (`oneoff`). */
  list(status?: CampaignStatus, limit = 100, kind?: Campaign['kind']): Promise<Campaign[]> {
    let query = this.db.selectFrom('campaigns').selectAll().orderBy('id', 'desc').limit(limit);
    if (status) query = query.where('status', '=', status);
    if (kind) query = query.where('kind', '=', kind);
    return query.execute();
  }

  /**
   * Starts (or, after an interruption, continues starting) a campaign: marks it running, creates
   * its outbox rows batch by batch (one transaction each; suppressed recipients become
   * `suppressed` rows) and queues each batch as soon as it is written.
   */
  async start(id: number, actor: MailboxActor = SYSTEM_ACTOR): Promise<CampaignProgress> {
    const campaign = await this.get(id);
    await this.assertMaySendFrom(actor, campaign);
    if (campaign.schedule !== null) {
      throw new TidingsError('SEND_CAMPAIGN_STATE', `Campaign ${id} runs on its schedule: the scheduler (tidings serve / tidings worker) starts each occurrence.`, {
        context: { id, status: campaign.status },
      });
    }
    const state = await this.db.selectFrom('send_campaign_state').selectAll().where('campaign_id', '=', id).executeTakeFirst();
    // Started before and every row written: starting again (a retried launch) only reports.
    if (state?.materialized_at && campaign.status !== 'draft' && campaign.status !== 'scheduled') return this.progress(id);
    const resumingStart = campaign.status === 'running' && !state?.materialized_at;
    if (!resumingStart && campaign.channel === 'sms' && campaign.sms_account_id !== null) {
      await assertTemplateApproved(this.db, { versionId: campaign.template_version_id, smsAccountId: campaign.sms_account_id });
    }
    if (!resumingStart && !(await transitionCampaign(this.db, id, ['draft', 'scheduled'], 'running', { started_at: (this.options.clock ?? systemClock).now(), status_reason: null }, this.options.clock))) {
      throw new TidingsError('SEND_CAMPAIGN_STATE', `Campaign ${id} is ${campaign.status}; only a draft or scheduled campaign can be started.`, {
        context: { id, status: campaign.status },
      });
    }
    await this.db
      .insertInto('send_campaign_state')
      .values({ campaign_id: id, materialized_at: null, recipients: 0, updated_at: (this.options.clock ?? systemClock).now() })
      .onConflict((oc) => oc.column('campaign_id').doNothing())
      .execute();
    let recipients = 0;
    const dispatcher = this.options.dispatcher;
    // Rows are written batch by batch (the audience streams with a keyset cursor) and offered to
    // the dispatcher until its backlog reaches its bound; the rest wait, queued in the outbox, for
    // the sweeper (BullMQ) or the dispatcher's own paging (in-process) — memory and Redis hold a
    // bounded window of a million-recipient campaign, never all of it.
    let offering = dispatcher !== undefined;
    for await (const batch of this.options.recipients.batches(campaign, this.batchSize)) {
      const ids = await this.materialiseBatch(campaign, batch);
      recipients += batch.length;
      await yieldToEventLoop();
      if (!dispatcher || !offering || ids.length === 0) continue;
      await dispatcher.enqueue(ids);
      if (dispatcher.maxBacklog !== undefined && (await dispatcher.backlog()) >= dispatcher.maxBacklog) offering = false;
    }
    await this.db
      .updateTable('send_campaign_state')
      .set({ materialized_at: (this.options.clock ?? systemClock).now(), recipients, updated_at: (this.options.clock ?? systemClock).now() })
      .where('campaign_id', '=', id)
      .execute();
    await finishIfDone(this.db, id, this.options.clock);
    return this.progress(id);
  }

  /**
   * Adds these customers to a started campaign (a standing campaign's run that grows, e.g. this
   * year's birthday greetings): their rows are written (at most one per customer, ever) and queued;
   * a finished campaign is reopened for them. A cancelled campaign takes nobody.
   */
  async addRecipients(id: number, customerIds: readonly number[]): Promise<CampaignProgress> {
    const campaign = await this.get(id);
    if (campaign.status === 'cancelled' || customerIds.length === 0) return this.progress(id);
    const only: Campaign = { ...campaign, audience: JSON.stringify({ customerIds: [...new Set(customerIds)] }) };
    const queued: number[] = [];
    let added = 0;
    for await (const batch of this.options.recipients.batches(only, this.batchSize)) {
      queued.push(...(await this.materialiseBatch(campaign, batch)));
      added += batch.length;
    }
    // Rows first, then reopen: a finish check in between sees no open rows of a running campaign.
    if (queued.length > 0) await transitionCampaign(this.db, id, ['finished'], 'running', { finished_at: null }, this.options.clock);
    await this.db
      .updateTable('send_campaign_state')
      .set((eb) => ({ recipients: eb('recipients', '+', added), updated_at: (this.options.clock ?? systemClock).now() }))
      .where('campaign_id', '=', id)
      .execute();
    if (this.options.dispatcher && queued.length > 0) await this.options.dispatcher.enqueue(queued);
    await finishIfDone(this.db, id, this.options.clock);
    return this.progress(id);
  }

  /**
   * Stops sending; takes effect before the next message is claimed (the claim checks the status).
   * On a standing campaign it also pauses its running occurrences, and the scheduler stops firing.
   */
  async pause(id: number, reason = 'paused by user'): Promise<CampaignProgress> {
    await this.change(id, ['running', 'scheduled'], 'paused', 'pause', { status_reason: reason });
    for (const child of await this.childIds(id, ['running'])) await transitionCampaign(this.db, child, ['running'], 'paused', { status_reason: reason }, this.options.clock);
    return this.progress(id);
  }

  /** Continues a paused campaign (and its paused occurrences); rows already sent are never queued again. */
  async resume(id: number, actor: MailboxActor = SYSTEM_ACTOR): Promise<CampaignProgress> {
    await this.assertMaySendFrom(actor, await this.get(id));
    await this.change(id, ['paused'], 'running', 'resume', { status_reason: null });
    for (const child of [id, ...(await this.childIds(id, ['paused']))]) {
      if (child !== id && !(await transitionCampaign(this.db, child, ['paused'], 'running', { status_reason: null }, this.options.clock))) continue;
      await this.enqueueDue(child);
      await finishIfDone(this.db, child, this.options.clock);
    }
    return this.progress(id);
  }

  /** Stops for good (with every occurrence): rows not yet sent become `cancelled`; a message being sent right now completes. */
  async cancel(id: number): Promise<CampaignProgress> {
    await this.change(id, ACTIVE, 'cancelled', 'cancel', { finished_at: (this.options.clock ?? systemClock).now() });
    const children = await this.childIds(id, ACTIVE);
    for (const child of children) await transitionCampaign(this.db, child, ACTIVE, 'cancelled', { finished_at: (this.options.clock ?? systemClock).now() }, this.options.clock);
    // Only SMS rows can hold a reservation, so only their ids come back: cancelling a million
    // queued emails must not read a million ids into memory.
    const cancelled = await this.db
      .updateTable('outbox')
      .set({ state: 'cancelled', updated_at: (this.options.clock ?? systemClock).now() })
      .where('campaign_id', 'in', [id, ...children])
      .where('state', 'in', ['queued', 'deferred'])
      .where('channel', '=', 'sms')
      .returning('id')
      .execute();
    await this.db
      .updateTable('outbox')
      .set({ state: 'cancelled', updated_at: (this.options.clock ?? systemClock).now() })
      .where('campaign_id', 'in', [id, ...children])
      .where('state', 'in', ['queued', 'deferred'])
      .where('channel', '<>', 'sms')
      .execute();
    await this.releaseSmsReservations(cancelled.map((r) => Number(r.id)));
    return this.progress(id);
  }

  /**
   * Starting or resuming sends from the campaign's mailbox: a person's mailbox is theirs (and
   * admins') alone, whoever created the campaign. SMS accounts have no owner.
   */
  private async assertMaySendFrom(actor: MailboxActor, campaign: Campaign): Promise<void> {
    if (actor === SYSTEM_ACTOR || campaign.mail_account_id === null) return;
    await chooseSendingAccount(this.db, { channel: 'email', actor, account: Number(campaign.mail_account_id) });
  }

  /**
   * A deferred SMS (rate limited, provider unreachable) keeps its reservation for the retry; once
   * its row is cancelled there is no retry, so the money goes back to the wallet.
   */
  private async releaseSmsReservations(outboxIds: readonly number[]): Promise<void> {
    for (let i = 0; i < outboxIds.length; i += 500) {
      const keys = outboxIds.slice(i, i + 500).map(smsKeyFor);
      const pending = await this.db
        .selectFrom('sms_messages')
        .select('idempotency_key')
        .where('idempotency_key', 'in', keys)
        .where('status', '=', 'pending')
        .execute();
      for (const { idempotency_key } of pending) {
        await settleSms(this.db, { idempotencyKey: idempotency_key, accepted: false, reason: 'campaign cancelled' });
      }
    }
  }

  /** Occurrence runs (child campaigns) of a standing campaign, optionally only in these statuses. */
  async childIds(id: number, statuses?: readonly CampaignStatus[]): Promise<number[]> {
    let query = this.db.selectFrom('campaigns').select('id').where('parent_id', '=', id).orderBy('id');
    if (statuses) query = query.where('status', 'in', statuses);
    return (await query.execute()).map((r) => Number(r.id));
  }

  /**
   * A person decided to resend the messages whose outcome is unknown (some recipients may get a
   * second copy). Reopens a finished campaign for them.
   */
  async resendUnknown(id: number): Promise<{ requeued: number; progress: CampaignProgress }> {
    const campaign = await this.get(id);
    if (!['running', 'paused', 'finished'].includes(campaign.status)) {
      throw new TidingsError('SEND_CAMPAIGN_STATE', `Campaign ${id} is ${campaign.status}; cannot resend.`, { context: { id } });
    }
    const ids = await requeueUnknown(this.db, id, this.options.clock);
    if (ids.length > 0 && campaign.status === 'finished') {
      await transitionCampaign(this.db, id, ['finished'], 'running', { finished_at: null }, this.options.clock);
    }
    await this.enqueueDue(id);
    return { requeued: ids.length, progress: await this.progress(id) };
  }

  /** Counts, rate and ETA; for a standing campaign, the sum over its own rows and every occurrence's. */
  async progress(id: number): Promise<CampaignProgress> {
    const campaign = await this.get(id);
    const children = await this.childIds(id);
    const ids = [id, ...children];
    const counts = await countByState(this.db, id);
    for (const child of children) {
      const more = await countByState(this.db, child);
      for (const key of Object.keys(counts) as OutboxState[]) counts[key] += more[key];
    }
    const states = await this.db.selectFrom('send_campaign_state').select(['campaign_id', 'materialized_at']).where('campaign_id', 'in', ids).execute();
    const materialised = new Set(states.filter((s) => s.materialized_at !== null).map((s) => Number(s.campaign_id)));
    const now = (this.options.clock ?? systemClock).now();
    const windowMs = Math.max(1_000, Math.min(30_000, now - (campaign.started_at ?? campaign.created_at)));
    const recent = await this.db
      .selectFrom('outbox')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('campaign_id', 'in', ids)
      .where('state', '=', 'sent')
      .where('sent_at', '>=', now - windowMs)
      .executeTakeFirstOrThrow();
    const ratePerSecond = Math.round((Number(recent.n) * 1000 * 10) / windowMs) / 10;
    const remaining = counts.queued + counts.deferred + counts.sending;
    const total = Object.values(counts).reduce((a, b) => a + b, 0);
    // Time left is never quicker than the account's limits allow (1,000 left at 50/min is 20
    // minutes however fast the first messages went), and known before the first one is sent.
    const paced = remaining === 0 ? 0 : estimateSendDuration({ messages: remaining, limits: await campaignLimits(this.db, campaign), start: new Date(now) }).seconds;
    const observed = ratePerSecond > 0 ? Math.ceil(remaining / ratePerSecond) : null;
    return {
      id,
      name: campaign.name,
      status: campaign.status,
      statusReason: campaign.status_reason,
      total,
      counts,
      remaining,
      ratePerSecond,
      etaSeconds: remaining === 0 ? 0 : observed === null ? (paced > 0 ? paced : null) : Math.max(observed, paced),
      materialized: children.length > 0 ? children.every((c) => materialised.has(c)) : materialised.has(id),
      ...(children.length > 0 ? { runs: children.length } : {}),
      ...(campaign.tracking === 1 ? { tracking: await trackingStats(this.db, ids) } : {}),
    };
  }

  private async change(
    id: number,
    from: readonly CampaignStatus[],
    to: CampaignStatus,
    verb: string,
    extra: Parameters<typeof transitionCampaign>[4],
  ): Promise<void> {
    if (await transitionCampaign(this.db, id, from, to, extra, this.options.clock)) return;
    const campaign = await this.get(id);
    throw new TidingsError('SEND_CAMPAIGN_STATE', `Cannot ${verb} campaign ${id}: it is ${campaign.status}.`, {
      context: { id, status: campaign.status },
    });
  }

  private async enqueueDue(id: number): Promise<void> {
    const dispatcher = this.options.dispatcher;
    if (!dispatcher) return;
    // A dispatcher that pages through the store finds the rows itself.
    if (dispatcher.pullDue?.()) return;
    let offered = 0;
    for await (const ids of allDueRowIds(this.db, { now: (this.options.clock ?? systemClock).now(), limit: 1000, campaignId: id })) {
      await dispatcher.enqueue(ids);
      offered += ids.length;
      // Beyond the dispatcher's bound the sweeper tops the queue up.
      if (dispatcher.maxBacklog !== undefined && offered >= dispatcher.maxBacklog) return;
      await yieldToEventLoop();
    }
  }

  /** Writes one batch of rows in one transaction; returns the ids of this batch's queued rows. */
  private async materialiseBatch(campaign: Campaign, batch: readonly Recipient[]): Promise<number[]> {
    if (batch.length === 0) return [];
    return this.db.transaction().execute(async (trx) => {
      const suppressed = await suppressedAmong(trx, campaign.channel, batch.map((r) => r.address));
      const now = (this.options.clock ?? systemClock).now();
      await trx
        .insertInto('outbox')
        .values(
          batch.map((r) => {
            const blocked = suppressed.get(r.address.toLowerCase());
            return {
              campaign_id: campaign.id,
              customer_id: r.customerId,
              channel: campaign.channel,
              address: r.address,
              state: blocked ? ('suppressed' as const) : ('queued' as const),
              attempts: 0,
              next_attempt_at: null,
              message_id: null,
              reply_token: newReplyToken(),
              error_code: null,
              error_text: blocked ?? null,
              parts: null,
              cost_minor: null,
              created_at: now,
              updated_at: now,
              sent_at: null,
            };
          }),
        )
        .onConflict((oc) => oc.columns(['campaign_id', 'customer_id', 'channel']).doNothing())
        .execute();
      // By the unique (campaign, customer, channel) index; the state is filtered here, because with
      // `state = 'queued'` in the WHERE SQLite chose the (campaign_id, state) index and scanned
      // every queued row of the campaign per batch (1.2 s a batch at 900,000 rows: quadratic).
      const rows = await trx
        .selectFrom('outbox')
        .select(['id', 'state'])
        .where('campaign_id', '=', campaign.id)
        .where(
          'customer_id',
          'in',
          batch.map((r) => r.customerId),
        )
        .where('channel', '=', campaign.channel)
        .execute();
      return rows.filter((r) => r.state === 'queued').map((r) => r.id);
    });
  }
}

/**
 * Lets timers and I/O run. On SQLite every query settles synchronously, so a loop of awaited
 * queries runs entirely in microtasks: writing a million rows kept every SMTP socket, timer and
 * HTTP request of the process waiting for minutes until the last batch was written.
 */
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Which of `addresses` are suppressed (by address, or for email by domain): address → reason. */
async function suppressedAmong(db: Db, channel: 'email' | 'sms', addresses: readonly string[]): Promise<Map<string, string>> {
  const values = [...new Set(addresses.map((a) => a.trim().toLowerCase()))];
  const domains = channel === 'email' ? [...new Set(values.map((v) => v.slice(v.lastIndexOf('@') + 1)))] : [];
  const rows = await db
    .selectFrom('suppressions')
    .select(['scope', 'value', 'reason'])
    .where('channel', '=', channel)
    .where((eb) =>
      eb.or([
        eb.and([eb('scope', '=', 'address'), eb('value', 'in', values)]),
        ...(domains.length ? [eb.and([eb('scope', '=', 'domain'), eb('value', 'in', domains)])] : []),
      ]),
    )
    .execute();
  const result = new Map<string, string>();
  for (const value of values) {
    const domain = value.slice(value.lastIndexOf('@') + 1);
    const hit = rows.find((r) => (r.scope === 'address' && r.value === value) || (r.scope === 'domain' && r.value === domain && channel === 'email'));
    if (hit) result.set(value, `${hit.reason} (${hit.scope} ${hit.value})`);
  }
  return result;
}

import { sql, type ExpressionBuilder, type Expression, type Kysely, type SqlBool } from 'kysely';
import { dbNowMs } from '../../platform/db/db-clock.js';
import type { DatabaseSchema } from '../../platform/db/index.js';
import { padToPowerOfTwo, preparedQuery, preparedQueryFamily } from '../../platform/db/prepared-query.js';
import { nextDueRowIds } from './dispatch/due-rows.js';
import type { OutboxRow, OutboxState } from './ports.js';
import { sendingDb } from './sending.db.js';
import { systemClock, type Clock } from '../../platform/clock/index.js';

type Db = Kysely<DatabaseSchema>;

/*
 * The outbox state machine. Every transition is one conditional UPDATE (`where state in (…)`), so
 * whichever worker's update lands first wins and the others see 0 rows changed — two workers can
 * never both send a row, whatever the queue does (duplicate jobs, redelivery after a stall, a
 * sweeper re-enqueueing a row that still has a job).
 *
 *   queued ─┬─► sending ─┬─► sent
 *           │            ├─► failed     (permanent, server's text)
 *   deferred┘            ├─► deferred   (retry at next_attempt_at)
 *                        ├─► unknown    (ambiguous; never resent automatically)
 *                        └─► queued     (nothing was handed over: auth refused, campaign paused)
 *   queued/deferred ─► suppressed | cancelled
 *   unknown ─► queued                   (a person chose to resend)
 */

/** States a row can be taken from for sending. */
export const CLAIMABLE: readonly OutboxState[] = ['queued', 'deferred'];
/** States that still need work; a campaign with none left is finished. */
export const OPEN_STATES: readonly OutboxState[] = ['queued', 'deferred', 'sending'];

// A sent mark outside a group commit (its fallback), compiled once (see preparedQuery).
const updateSent = preparedQuery(5, (db: Db, id: number, messageId: string, at: number, now: number, language: string | null) =>
  db
    .updateTable('outbox')
    .set({ state: 'sent', message_id: messageId, sent_at: at, error_code: null, error_text: null, next_attempt_at: null, updated_at: now, language })
    .where('id', '=', id)
    .where('state', 'in', ['sending', 'unknown']),
);

const selectRows = preparedQueryFamily((db: Db, ...ids: number[]) => db.selectFrom('outbox').selectAll().where('id', 'in', ids));

/** Reads many rows in one statement (a row that does not exist is simply absent). */
export async function getOutboxRows(db: Db, ids: readonly number[]): Promise<Map<number, OutboxRow>> {
  if (ids.length === 0) return new Map();
  const { rows } = await selectRows(db, ...padToPowerOfTwo(ids));
  return new Map(rows.map((row) => [Number(row.id), row]));
}

/** A row may be claimed when it is queued, or deferred and due, and its campaign is running. */
function claimableAt(eb: ExpressionBuilder<DatabaseSchema, 'outbox'>, now: number) {
  return eb.and([
    eb.or([
      eb('state', '=', 'queued'),
      eb.and([eb('state', '=', 'deferred'), eb.or([eb('next_attempt_at', 'is', null), eb('next_attempt_at', '<=', now)])]),
    ]),
    eb.exists(
      eb.selectFrom('campaigns').select('campaigns.id').whereRef('campaigns.id', '=', 'outbox.campaign_id').where('campaigns.status', '=', 'running'),
    ),
  ]);
}

/**
 * queued/deferred → sending, recorded BEFORE the message is handed to the server. Only when the
 * row's campaign is still running (checked in the same statement: a pause lands between any two
 * messages) and a deferred row is due at `now`. The claim's `updated_at` is the database's clock,
 * the one the stale sweep compares it with (see {@link recoverStaleSending}). Returns true when
 * this caller won the row.
 */
export async function claimForSending(db: Db, id: number, now: number): Promise<boolean> {
  const result = await db
    .updateTable('outbox')
    .set((eb) => ({ state: 'sending', attempts: eb('attempts', '+', 1), updated_at: dbNowMs(db) }))
    .where('id', '=', id)
    .where((eb) => claimableAt(eb, now))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** The claim of many rows at once, compiled once per number of ids (see {@link claimManyForSending}). */
const claimMany = preparedQueryFamily((db: Db, now: number, ...ids: number[]) =>
  db
    .updateTable('outbox')
    .set((eb) => ({ state: 'sending', attempts: eb('attempts', '+', 1), updated_at: dbNowMs(db) }))
    .where('id', 'in', ids)
    .where((eb) => claimableAt(eb, now))
    .returning('id'),
);

/**
 * {@link claimForSending} for many rows in one statement; returns the ids this caller won. The id
 * list is padded to a power of two (repeating an id changes nothing), so there is one compiled
 * statement per size — a handful — rather than one SQL text per batch size.
 */
export async function claimManyForSending(db: Db, ids: readonly number[], now: number): Promise<number[]> {
  if (ids.length === 0) return [];
  const { rows } = await claimMany(db, now, ...padToPowerOfTwo(ids));
  return rows.map((r) => Number(r.id));
}

/** The error code of a row the sweeper declared lost (see {@link recoverStaleSending}). */
const WORKER_LOST = 'SEND_WORKER_LOST';

type OutboxWhere = (eb: ExpressionBuilder<DatabaseSchema, 'outbox'>) => Expression<SqlBool>;

/**
 * A row still `sending`, or `unknown` only because the sweeper guessed its worker lost
 * (SEND_WORKER_LOST: its renewals stopped for the stale bound — a frozen event loop, the store out
 * of reach — yet the worker lived on). The worker's real outcome replaces such a guess; an
 * `unknown` a worker recorded itself (an ambiguous reply) is a fact and stays.
 */
const sendingOrGuessedLost: OutboxWhere = (eb) =>
  eb.or([eb('state', '=', 'sending'), eb.and([eb('state', '=', 'unknown'), eb('error_code', '=', WORKER_LOST)])]);

/**
 * Records an outcome of a send. `sending` is the normal source; `unknown` too, because the
 * sweeper may have given up on a slow-but-alive worker — the real outcome is better than a guess.
 */
async function finish(
  db: Db,
  id: number,
  values: Partial<Pick<OutboxRow, 'state' | 'message_id' | 'error_code' | 'error_text' | 'next_attempt_at' | 'sent_at'>>,
  from: readonly OutboxState[] | OutboxWhere = ['sending', 'unknown'],
  clock: Clock = systemClock,
): Promise<boolean> {
  const result = await db
    .updateTable('outbox')
    .set({ ...values, updated_at: clock.now() })
    .where('id', '=', id)
    .where(typeof from === 'function' ? from : (eb) => eb('state', 'in', from))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** sending/unknown → sent (see {@link finish}). */
export async function markSent(db: Db, id: number, messageId: string, at: number, clock: Clock = systemClock, language: string | null = null): Promise<boolean> {
  const result = await updateSent(db, id, messageId, at, clock.now(), language);
  return Number(result.numAffectedRows ?? 0) === 1;
}

/** One sent mark of {@link markManySent}. */
export interface SentMark {
  readonly id: number;
  readonly messageId: string;
  readonly at: number;
  /** The template language variant rendered (`zh-CN`); null when none applies. */
  readonly language?: string | null | undefined;
}

/**
 * {@link markSent} for many rows in one statement (UPDATE … FROM VALUES, on SQLite and
 * PostgreSQL alike); returns the ids recorded. The VALUES columns are column1..4 in both.
 */
export async function markManySent(db: Db, marks: readonly SentMark[], now = systemClock.now()): Promise<Set<number>> {
  if (marks.length === 0) return new Set();
  const values = sql.join(marks.map((m) => sql`(cast(${m.id} as bigint), cast(${m.messageId} as text), cast(${m.at} as bigint), cast(${m.language ?? null} as text))`));
  const { rows } = await sql<{ id: number }>`
    update outbox
       set state = 'sent', message_id = v.column2, sent_at = v.column3, language = v.column4,
           error_code = null, error_text = null, next_attempt_at = null, updated_at = ${now}
      from (values ${values}) as v
     where outbox.id = v.column1 and outbox.state in ('sending', 'unknown')
    returning outbox.id`.execute(db);
  return new Set(rows.map((r) => Number(r.id)));
}

export const markFailed = (db: Db, id: number, code: string, text: string) =>
  finish(db, id, { state: 'failed', error_code: code, error_text: text.slice(0, 2000), next_attempt_at: null });

/**
 * sending → deferred (retry at `retryAt`); also from an `unknown` that was only the sweeper's
 * guess (see {@link sendingOrGuessedLost}): the server answered "try later", so nothing was
 * delivered and the row must be retried, not left `unknown` for ever.
 */
export const markDeferred = (db: Db, id: number, retryAt: number, code: string, text: string) =>
  finish(db, id, { state: 'deferred', next_attempt_at: retryAt, error_code: code, error_text: text.slice(0, 2000) }, sendingOrGuessedLost);

export const markUnknown = (db: Db, id: number, code: string, text: string) =>
  finish(db, id, { state: 'unknown', error_code: code, error_text: text.slice(0, 2000) }, ['sending']);

/**
 * sending → queued when nothing was handed over (e.g. the login was refused, the SMS balance was
 * short), without counting the attempt. Also from `unknown` when that was only the sweeper's guess
 * (SEND_WORKER_LOST: the worker's renewals stopped for the stale bound — a frozen event loop, the
 * store out of reach — yet it lives on): the worker knows nothing went out, and a row left
 * `unknown` would never be sent after a resume. An `unknown` a worker recorded itself stays.
 */
export async function releaseClaim(db: Db, id: number, code: string, text: string, clock: Clock = systemClock): Promise<boolean> {
  const result = await db
    .updateTable('outbox')
    .set((eb) => ({ state: 'queued', attempts: eb('attempts', '-', 1), error_code: code, error_text: text, updated_at: clock.now() }))
    .where('id', '=', id)
    .where(sendingOrGuessedLost)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** queued/deferred → suppressed, when the address was suppressed after the campaign started. */
export const markSuppressed = (db: Db, id: number, reason: string) =>
  finish(db, id, { state: 'suppressed', error_code: null, error_text: reason }, CLAIMABLE);

/**
 * Rows left in `sending` and not renewed for `staleAfterMs` belong to a worker that died mid-send
 * (a live worker renews its in-flight rows: SendingLease): their outcome is unknown. Returns how
 * many were moved.
 *
 * "Not renewed for" is measured on the database's clock, which also stamped the claim and every
 * renewal: a sweeping worker whose own clock runs ahead can neither steal a live row, nor one
 * running behind keep a dead row `sending`.
 */
export async function recoverStaleSending(db: Db, staleAfterMs: number): Promise<number> {
  const now = dbNowMs(db);
  const result = await db
    .updateTable('outbox')
    .set({
      state: 'unknown',
      error_code: WORKER_LOST,
      error_text: 'the worker stopped while handing the message to the server; it may or may not have been delivered',
      updated_at: now,
    })
    // A literal, not a parameter: only then may SQLite and PostgreSQL use the partial index
    // outbox_sending_since (… where state = 'sending'), which holds just these rows.
    .where('state', '=', sql.lit('sending'))
    .where('updated_at', '<', sql<number>`${now} - ${staleAfterMs}`)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** unknown → queued for a person's explicit resend; returns the ids moved. */
export async function requeueUnknown(db: Db, campaignId: number, clock: Clock = systemClock): Promise<number[]> {
  const rows = await db
    .updateTable('outbox')
    .set({ state: 'queued', next_attempt_at: null, updated_at: clock.now() })
    .where('campaign_id', '=', campaignId)
    .where('state', '=', 'unknown')
    .returning('id')
    .execute();
  return rows.map((r) => r.id);
}

/** Which due rows to list. */
export interface DueRowQuery {
  readonly now: number;
  readonly limit: number;
  readonly campaignId?: number;
  /** Keyset paging: only ids greater than this. */
  readonly afterId?: number;
}

/**
 * Ids of rows ready to send: queued, or deferred and due, of running campaigns (in id order).
 * Per campaign and state on the (campaign_id, state) index (see nextDueRowIds): one query over the
 * whole outbox walked rows already sent.
 */
export function dueRowIds(db: Db, q: DueRowQuery): Promise<number[]> {
  return nextDueRowIds(sendingDb(db), q.afterId ?? 0, q.limit, q.now, q.campaignId);
}

/** Every due row id, page by page (resume, sweeper). */
export async function* allDueRowIds(db: Db, q: Omit<DueRowQuery, 'afterId'>): AsyncGenerator<number[]> {
  let afterId: number | undefined;
  for (;;) {
    const ids = await dueRowIds(db, { ...q, ...(afterId === undefined ? {} : { afterId }) });
    if (ids.length === 0) return;
    yield ids;
    afterId = ids[ids.length - 1];
    if (ids.length < q.limit) return;
  }
}

/** Counts of a campaign's rows per state (every state present, zero when none). */
export async function countByState(db: Db, campaignId: number): Promise<Record<OutboxState, number>> {
  const counts: Record<OutboxState, number> = {
    queued: 0, sending: 0, sent: 0, failed: 0, deferred: 0, unknown: 0, suppressed: 0, cancelled: 0,
  };
  const rows = await db
    .selectFrom('outbox')
    .select(['state', db.fn.countAll<number>().as('n')])
    .where('campaign_id', '=', campaignId)
    .groupBy('state')
    .execute();
  for (const row of rows) counts[row.state] = Number(row.n);
  return counts;
}

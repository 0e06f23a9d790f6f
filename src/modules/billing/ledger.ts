import { sql, type Kysely } from 'kysely';
import { TidingsError } from '../../platform/errors/index.js';
import { isUniqueViolation, type DatabaseSchema } from '../../platform/db/index.js';
import { preparedQuery } from '../../platform/db/prepared-query.js';
import type { LedgerKind, SmsLedgerTable, SmsWalletsTable } from './billing.tables.js';
import { assertWithinCap } from './money.js';
import { assertMinor, priceAt } from './prices.js';
import { ensureWallet, withLockedWallet, withWalletLock } from './wallet-lock.js';
import { systemClock, type Clock } from '../../platform/clock/index.js';

type Db = Kysely<DatabaseSchema>;
type Entry = Omit<SmsLedgerTable, 'id'> & { id: number };

/*
 * The prepaid SMS ledger, after TigerBeetle's rules:
 * - every entry has a caller-chosen idempotency key, unique across the ledger; replaying an
 *   operation with the same key returns the first result and books nothing;
 * - a reservation (kind `pending`, price × parts) is resolved exactly once, by a `post` (the
 *   provider accepted) or a `void` (it refused) — the unique `pending_id` column enforces "once";
 * - a reservation that would overdraw fails at once with BILLING_INSUFFICIENT_BALANCE;
 * - the wallet row's running totals change in the same transaction as the entry, under the
 *   wallet lock, so balance = credited + adjusted − posted − pending ≥ 0 holds at every commit.
 */

/** Input of {@link reserve}. */
export interface ReserveInput {
  readonly accountId: number;
  /** Caller-chosen id, e.g. `sms:outbox:<id>`; a retry with the same key never charges twice. */
  readonly idempotencyKey: string;
  /** Message parts to pay for (from countSegments). */
  readonly parts: number;
  readonly outboxId?: number | null;
  /** Time the price is looked up at (default now). */
  readonly at?: number;
  /**
   * Runs inside the reservation's transaction (new or replayed, not when it fails), so what it
   * writes commits or rolls back with the booking: sendSms records its message row here.
   */
  readonly alongside?: ((trx: Db, reservation: Reservation) => Promise<void>) | undefined;
  /**
   * A retry of the same message: when the key already holds a reservation on this account, replay
   * it with the parts it reserved even if `parts` differs (a re-rendered text can count
   * differently). Without it a different part count is BILLING_IDEMPOTENCY_CONFLICT.
   */
  readonly keepReservedParts?: boolean;
}

/** A reservation, new or replayed. */
export interface Reservation {
  readonly entryId: number;
  readonly amountMinor: number;
  readonly priceMinor: number;
  readonly parts: number;
  /** Wallet balance after the reservation (at replay: the current balance). */
  readonly balanceMinor: number;
  /** The balance is below the account's low-balance threshold. */
  readonly lowBalance: boolean;
  /** True when the key had been used before and nothing new was booked. */
  readonly replayed: boolean;
}

/** Options shared by the booking operations. */
export interface LedgerOptions {
  /** Called once when a booking takes the balance below the account's low-balance threshold. */
  readonly onLowBalance?: (event: LowBalanceEvent) => void;
  /** Dates the entries; defaults to the system clock. */
  readonly clock?: Clock;
}

const clockOf = (options: LedgerOptions | undefined): Clock => options?.clock ?? systemClock;

/** Raised (through {@link LedgerOptions.onLowBalance}) when the balance crosses the threshold downwards. */
export interface LowBalanceEvent {
  readonly accountId: number;
  readonly balanceMinor: number;
  readonly thresholdMinor: number;
}

/** The outcome of a post or void. */
export interface Resolution {
  readonly entryId: number;
  readonly kind: 'post' | 'void';
  /** Post: the amount charged; void: the amount released. */
  readonly amountMinor: number;
  readonly replayed: boolean;
}

/** Result of a credit or adjustment. */
export interface Booking {
  readonly entryId: number;
  readonly amountMinor: number;
  readonly balanceMinor: number;
  readonly replayed: boolean;
}

const sumOf = (column: 'amount_minor') => sql<number>`cast(coalesce(sum(${sql.ref(column)}), 0) as bigint)`;

// The statements every SMS runs (reserve, post), compiled once (see preparedQuery).
const selectEntryByKey = preparedQuery(1, (db: Db, key: string) => db.selectFrom('sms_ledger').selectAll().where('idempotency_key', '=', key));
const selectResolution = preparedQuery(1, (db: Db, pendingId: number) => db.selectFrom('sms_ledger').selectAll().where('pending_id', '=', pendingId));
const selectWallet = preparedQuery(1, (db: Db, accountId: number) => db.selectFrom('sms_wallets').selectAll().where('sms_account_id', '=', accountId));
const insertLedgerRow = preparedQuery(
  13,
  (
    db: Db,
    accountId: number,
    key: string,
    kind: LedgerKind,
    amount: number,
    currency: string,
    price: number | null,
    parts: number | null,
    pendingId: number | null,
    outboxId: number | null,
    reference: string | null,
    reason: string | null,
    operator: string | null,
    createdAt: number,
  ) =>
    db
      .insertInto('sms_ledger')
      .values({
        sms_account_id: accountId,
        idempotency_key: key,
        kind,
        amount_minor: amount,
        currency,
        price_minor: price,
        parts,
        pending_id: pendingId,
        outbox_id: outboxId,
        reference,
        reason,
        operator,
        created_at: createdAt,
      })
      .returning('id'),
);
const updateWallet = preparedQuery(
  7,
  (db: Db, accountId: number, credited: number, adjusted: number, posted: number, pending: number, change: number, now: number) =>
    db
      .updateTable('sms_wallets')
      .set((eb) => ({
        credited_minor: eb('credited_minor', '+', credited),
        adjusted_minor: eb('adjusted_minor', '+', adjusted),
        posted_minor: eb('posted_minor', '+', posted),
        pending_minor: eb('pending_minor', '+', pending),
        balance_minor: eb('balance_minor', '+', change),
        updated_at: now,
      }))
      .where('sms_account_id', '=', accountId)
      .returning('balance_minor'),
);

async function entryByKey(db: Db, key: string): Promise<Entry | undefined> {
  return (await selectEntryByKey(db, key)).rows[0] as Entry | undefined;
}

async function walletRow(db: Db, accountId: number): Promise<SmsWalletsTable> {
  const row = (await selectWallet(db, accountId)).rows[0];
  if (!row) throw new TidingsError('NOT_FOUND', `SMS account ${accountId} has no wallet.`);
  return row;
}

function assertKey(key: string): void {
  if (typeof key !== 'string' || key.trim() === '' || key.length > 200) {
    throw new TidingsError('VALIDATION_FAILED', 'An idempotency key must be a non-empty string of at most 200 characters.');
  }
}

function conflict(key: string, existing: Entry, wanted: string): TidingsError {
  return new TidingsError(
    'BILLING_IDEMPOTENCY_CONFLICT',
    `Idempotency key "${key}" was already used for a ${existing.kind} of ${existing.amount_minor} on account ${existing.sms_account_id}; it cannot also mean ${wanted}.`,
    { context: { key, kind: existing.kind, accountId: existing.sms_account_id } },
  );
}

/** Inserts an entry; a key taken meanwhile by another account's booking reads as a conflict. */
async function insertEntry(db: Db, row: Omit<SmsLedgerTable, 'id'>): Promise<number> {
  try {
    const { rows } = await insertLedgerRow(
      db,
      row.sms_account_id,
      row.idempotency_key,
      row.kind,
      row.amount_minor,
      row.currency,
      row.price_minor,
      row.parts,
      row.pending_id,
      row.outbox_id,
      row.reference,
      row.reason,
      row.operator,
      row.created_at,
    );
    return Number(rows[0]!.id);
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new TidingsError('BILLING_IDEMPOTENCY_CONFLICT', `Idempotency key "${row.idempotency_key}" is already used.`, {
        cause: error,
      });
    }
    throw error;
  }
}

/** Applies deltas to the wallet's running totals and returns the new balance. */
async function applyToWallet(
  db: Db,
  accountId: number,
  delta: { credited?: number; adjusted?: number; posted?: number; pending?: number },
  clock: Clock = systemClock,
): Promise<number> {
  const credited = delta.credited ?? 0;
  const adjusted = delta.adjusted ?? 0;
  const posted = delta.posted ?? 0;
  const pending = delta.pending ?? 0;
  const change = credited + adjusted - posted - pending;
  const row = (await updateWallet(db, accountId, credited, adjusted, posted, pending, change, clock.now())).rows[0];
  if (!row) throw new TidingsError('NOT_FOUND', `SMS account ${accountId} has no wallet.`);
  return row.balance_minor;
}

function notifyLow(
  options: LedgerOptions | undefined,
  accountId: number,
  threshold: number | null,
  before: number,
  after: number,
): boolean {
  if (threshold === null) return false;
  if (after < threshold && before >= threshold) options?.onLowBalance?.({ accountId, balanceMinor: after, thresholdMinor: threshold });
  return after < threshold;
}

/**
 * Reserves price × parts for one message before it is handed to the provider. Fails at once with
 * BILLING_INSUFFICIENT_BALANCE when the balance cannot cover it (nothing is booked then).
 */
export async function reserve(db: Db, input: ReserveInput, options?: LedgerOptions): Promise<Reservation> {
  assertKey(input.idempotencyKey);
  if (!Number.isSafeInteger(input.parts) || input.parts < 1) {
    throw new TidingsError('BILLING_INVALID_AMOUNT', `parts must be a whole number ≥ 1, got ${input.parts}.`);
  }
  // The wallet is created on an account's first reservation only: every later one finds it in
  // the transaction and pays no statement for it.
  // Prices are append-only history: read outside the lock, which then covers the fewest statements.
  const priceMinor = await priceAt(db, input.accountId, input.at ?? clockOf(options).now());
  const first = await reserveLocked(db, input, priceMinor, options);
  if (first !== NO_WALLET) return first;
  await ensureWallet(db, input.accountId, clockOf(options));
  const second = await reserveLocked(db, input, priceMinor, options);
  if (second === NO_WALLET) throw new TidingsError('NOT_FOUND', `SMS account ${input.accountId} has no wallet.`);
  return second;
}

/** What {@link reserveLocked} returns when the account has no wallet row yet (nothing was booked). */
const NO_WALLET = Symbol('no wallet');

async function reserveLocked(db: Db, input: ReserveInput, priceMinor: number, options?: LedgerOptions): Promise<Reservation | typeof NO_WALLET> {
  return withLockedWallet(db, input.accountId, async (trx, wallet) => {
    if (!wallet) return NO_WALLET;
    const existing = await entryByKey(trx, input.idempotencyKey);
    if (existing) {
      const sameParts = existing.parts === input.parts || input.keepReservedParts === true;
      if (existing.kind !== 'pending' || existing.sms_account_id !== input.accountId || !sameParts) {
        throw conflict(input.idempotencyKey, existing, `a reservation of ${input.parts} part(s) on account ${input.accountId}`);
      }
      const replayed: Reservation = {
        entryId: existing.id,
        amountMinor: existing.amount_minor,
        priceMinor: existing.price_minor ?? 0,
        parts: existing.parts ?? input.parts,
        balanceMinor: wallet.balance_minor,
        lowBalance: wallet.low_balance_minor !== null && wallet.balance_minor < wallet.low_balance_minor,
        replayed: true,
      };
      await input.alongside?.(trx, replayed);
      return replayed;
    }
    const amountMinor = priceMinor * input.parts;
    assertWithinCap(amountMinor, `A reservation of ${input.parts} part(s) at ${priceMinor}`);
    if (wallet.balance_minor < amountMinor) {
      throw new TidingsError(
        'BILLING_INSUFFICIENT_BALANCE',
        `Balance too low: ${input.parts} part(s) at ${priceMinor} cost ${amountMinor}, the balance is ${wallet.balance_minor} ${wallet.currency} minor units.`,
        { context: { accountId: input.accountId, balanceMinor: wallet.balance_minor, neededMinor: amountMinor } },
      );
    }
    const entryId = await insertEntry(trx, {
      sms_account_id: input.accountId,
      idempotency_key: input.idempotencyKey,
      kind: 'pending',
      amount_minor: amountMinor,
      currency: wallet.currency,
      price_minor: priceMinor,
      parts: input.parts,
      pending_id: null,
      outbox_id: input.outboxId ?? null,
      reference: null,
      reason: null,
      operator: null,
      created_at: clockOf(options).now(),
    });
    const balanceMinor = await applyToWallet(trx, input.accountId, { pending: amountMinor }, clockOf(options));
    const threshold = wallet.low_balance_minor;
    const lowBalance = threshold !== null && balanceMinor < threshold;
    const reservation: Reservation = { entryId, amountMinor, priceMinor, parts: input.parts, balanceMinor, lowBalance, replayed: false };
    await input.alongside?.(trx, reservation);
    // After the transaction's last statement: a booking its `alongside` rolled back raises nothing.
    notifyLow(options, input.accountId, threshold, wallet.balance_minor, balanceMinor);
    return reservation;
  });
}

/** Input of {@link post} and {@link voidReservation}. */
export interface ResolveInput {
  /** The reservation's key. */
  readonly idempotencyKey: string;
  /**
   * Runs inside the resolution's transaction (new or replayed, not when it fails), so what it
   * writes commits or rolls back with the booking: sendSms marks its message row here.
   */
  readonly alongside?: ((trx: Db, resolution: Resolution) => Promise<void>) | undefined;
  /** Who resolved it by hand (recorded on the entry); absent for the send pipeline. */
  readonly operator?: string | undefined;
}

async function resolve(
  db: Db,
  kind: 'post' | 'void',
  input: ResolveInput & { parts?: number | undefined; reason?: string | null | undefined },
  clock: Clock = systemClock,
): Promise<Resolution> {
  assertKey(input.idempotencyKey);
  const pending = await entryByKey(db, input.idempotencyKey);
  if (!pending || pending.kind !== 'pending') {
    throw new TidingsError('BILLING_RESERVATION_NOT_FOUND', `No reservation has the idempotency key "${input.idempotencyKey}".`, {
      context: { key: input.idempotencyKey },
    });
  }
  return withWalletLock(db, pending.sms_account_id, async (trx) => {
    const done = (await selectResolution(trx, pending.id)).rows[0] as Entry | undefined;
    if (done) {
      if (done.kind !== kind) {
        throw new TidingsError(
          'BILLING_RESERVATION_RESOLVED',
          `The reservation "${input.idempotencyKey}" was already ${done.kind === 'post' ? 'posted' : 'voided'}; it cannot be ${kind === 'post' ? 'posted' : 'voided'} too.`,
          { context: { key: input.idempotencyKey, resolvedAs: done.kind } },
        );
      }
      const replayed: Resolution = { entryId: done.id, kind, amountMinor: done.amount_minor, replayed: true };
      await input.alongside?.(trx, replayed);
      return replayed;
    }
    const reservedParts = pending.parts ?? 0;
    const parts = kind === 'post' ? (input.parts ?? reservedParts) : reservedParts;
    if (!Number.isSafeInteger(parts) || parts < 0 || parts > reservedParts) {
      throw new TidingsError(
        'BILLING_INVALID_AMOUNT',
        `Cannot post ${parts} part(s) against a reservation of ${reservedParts}: a post may charge at most what was reserved.`,
      );
    }
    const amountMinor = kind === 'post' ? parts * (pending.price_minor ?? 0) : pending.amount_minor;
    const entryId = await insertEntry(trx, {
      sms_account_id: pending.sms_account_id,
      idempotency_key: `${input.idempotencyKey}:${kind}`,
      kind,
      amount_minor: amountMinor,
      currency: pending.currency,
      price_minor: pending.price_minor,
      parts,
      pending_id: pending.id,
      outbox_id: pending.outbox_id,
      reference: null,
      reason: input.reason ?? null,
      operator: input.operator ?? null,
      created_at: clock.now(),
    });
    await applyToWallet(
      trx,
      pending.sms_account_id,
      kind === 'post' ? { pending: -pending.amount_minor, posted: amountMinor } : { pending: -pending.amount_minor },
      clock,
    );
    const resolution: Resolution = { entryId, kind, amountMinor, replayed: false };
    await input.alongside?.(trx, resolution);
    return resolution;
  });
}

/**
 * Posts a reservation once the provider accepted the message. `parts` may be lower than reserved
 * (the provider billed fewer); the rest is released. Replaying returns the first post.
 */
export function post(db: Db, input: ResolveInput & { parts?: number | undefined; reason?: string | undefined }): Promise<Resolution> {
  return resolve(db, 'post', input);
}

/** Voids a reservation when the provider refused the message; the amount returns to the balance. */
export function voidReservation(db: Db, input: ResolveInput & { reason: string }): Promise<Resolution> {
  return resolve(db, 'void', input);
}

async function book(
  db: Db,
  kind: Extract<LedgerKind, 'credit' | 'adjustment'>,
  input: { accountId: number; idempotencyKey: string; amountMinor: number; reference?: string | null; reason?: string | null; operator: string },
  options?: LedgerOptions,
): Promise<Booking> {
  assertKey(input.idempotencyKey);
  if (kind === 'credit') assertMinor(input.amountMinor, 'top-up amount');
  else {
    if (typeof input.amountMinor === 'number' && Number.isFinite(input.amountMinor)) assertWithinCap(input.amountMinor, 'adjustment amount');
    if (!Number.isSafeInteger(input.amountMinor) || input.amountMinor === 0) assertMinor(0, 'adjustment amount');
  }
  await ensureWallet(db, input.accountId);
  return withWalletLock(db, input.accountId, async (trx) => {
    const wallet = await walletRow(trx, input.accountId);
    const existing = await entryByKey(trx, input.idempotencyKey);
    if (existing) {
      if (existing.kind !== kind || existing.sms_account_id !== input.accountId || existing.amount_minor !== input.amountMinor) {
        throw conflict(input.idempotencyKey, existing, `a ${kind} of ${input.amountMinor} on account ${input.accountId}`);
      }
      return { entryId: existing.id, amountMinor: existing.amount_minor, balanceMinor: wallet.balance_minor, replayed: true };
    }
    // The balance is capped too, so every read and every sum of balances stays exact (see money.ts).
    assertWithinCap(wallet.balance_minor + input.amountMinor, `The balance after this ${kind === 'credit' ? 'top-up' : 'adjustment'}`);
    if (wallet.balance_minor + input.amountMinor < 0) {
      throw new TidingsError(
        'BILLING_INSUFFICIENT_BALANCE',
        `An adjustment of ${input.amountMinor} would take the balance of ${wallet.balance_minor} below zero.`,
        { context: { accountId: input.accountId, balanceMinor: wallet.balance_minor, neededMinor: -input.amountMinor } },
      );
    }
    const entryId = await insertEntry(trx, {
      sms_account_id: input.accountId,
      idempotency_key: input.idempotencyKey,
      kind,
      amount_minor: input.amountMinor,
      currency: wallet.currency,
      price_minor: null,
      parts: null,
      pending_id: null,
      outbox_id: null,
      reference: input.reference ?? null,
      reason: input.reason ?? null,
      operator: input.operator,
      created_at: clockOf(options).now(),
    });
    const balanceMinor = await applyToWallet(trx, input.accountId, kind === 'credit' ? { credited: input.amountMinor } : { adjusted: input.amountMinor }, clockOf(options));
    notifyLow(options, input.accountId, wallet.low_balance_minor, wallet.balance_minor, balanceMinor);
    return { entryId, amountMinor: input.amountMinor, balanceMinor, replayed: false };
  });
}

/** Input of {@link topUp}. */
export interface TopUpInput {
  readonly accountId: number;
  readonly idempotencyKey: string;
  /** Positive, minor units (厘, 0.001 yuan). */
  readonly amountMinor: number;
  /** Payment reference (bank transfer id, invoice number). */
  readonly reference: string;
  /** Who booked it. */
  readonly operator: string;
}

/** Credits the wallet (a top-up). */
export function topUp(db: Db, input: TopUpInput): Promise<Booking> {
  return book(db, 'credit', input);
}

/** Input of {@link adjust}: finance corrections, either sign, always with a reason. */
export interface AdjustInput {
  readonly accountId: number;
  readonly idempotencyKey: string;
  /** Non-zero, minor units; negative takes money away (never below a zero balance). */
  readonly amountMinor: number;
  readonly reason: string;
  readonly operator: string;
}

/** Books a finance adjustment. */
export function adjust(db: Db, input: AdjustInput, options?: LedgerOptions): Promise<Booking> {
  if (!input.reason?.trim()) throw new TidingsError('VALIDATION_FAILED', 'An adjustment needs a reason.');
  return book(db, 'adjustment', input, options);
}

/** A wallet as finance sees it. */
export interface WalletView {
  readonly accountId: number;
  readonly currency: string;
  readonly balanceMinor: number;
  readonly creditedMinor: number;
  readonly adjustedMinor: number;
  readonly postedMinor: number;
  readonly pendingMinor: number;
  readonly lowBalanceMinor: number | null;
  /** Balance below the low-balance threshold. */
  readonly low: boolean;
}

/** The account's wallet (created empty on first use). */
export async function balance(db: Db, accountId: number): Promise<WalletView> {
  await ensureWallet(db, accountId);
  const w = await walletRow(db, accountId);
  return {
    accountId,
    currency: w.currency,
    balanceMinor: w.balance_minor,
    creditedMinor: w.credited_minor,
    adjustedMinor: w.adjusted_minor,
    postedMinor: w.posted_minor,
    pendingMinor: w.pending_minor,
    lowBalanceMinor: w.low_balance_minor,
    low: w.low_balance_minor !== null && w.balance_minor < w.low_balance_minor,
  };
}

/** Sets (or clears, with null) the low-balance alert threshold. */
export async function setLowBalanceThreshold(db: Db, accountId: number, thresholdMinor: number | null, clock: Clock = systemClock): Promise<void> {
  if (thresholdMinor !== null) assertMinor(thresholdMinor, 'low-balance threshold', true);
  await ensureWallet(db, accountId);
  await db.updateTable('sms_wallets').set({ low_balance_minor: thresholdMinor, updated_at: clock.now() }).where('sms_account_id', '=', accountId).execute();
}

/** Totals of a wallet, from the running row or recomputed from the entries. */
export interface WalletTotals {
  readonly creditedMinor: number;
  readonly adjustedMinor: number;
  readonly postedMinor: number;
  readonly pendingMinor: number;
  readonly balanceMinor: number;
}

/** Result of {@link checkConsistency}. */
export interface ConsistencyReport {
  readonly accountId: number;
  readonly ok: boolean;
  readonly wallet: WalletTotals;
  readonly recomputed: WalletTotals;
  /** Human-readable differences; empty when ok. */
  readonly problems: readonly string[];
}

/**
 * Recomputes the wallet from the ledger entries and compares it with the running totals: credits
 * + adjustments − posts − unresolved reservations must equal the stored balance, and be ≥ 0.
 */
export async function checkConsistency(db: Db, accountId: number): Promise<ConsistencyReport> {
  await ensureWallet(db, accountId);
  // Read under the wallet lock so no booking lands between the running row and the sums.
  return withWalletLock(db, accountId, async (trx) => {
    const w = await walletRow(trx, accountId);
    const byKind = await trx
      .selectFrom('sms_ledger')
      .select(['kind', sumOf('amount_minor').as('total')])
      .where('sms_account_id', '=', accountId)
      .groupBy('kind')
      .execute();
    const total = (kind: LedgerKind) => Number(byKind.find((r) => r.kind === kind)?.total ?? 0);
    const open = await trx
      .selectFrom('sms_ledger as p')
      .select(sumOf('amount_minor').as('total'))
      .where('p.sms_account_id', '=', accountId)
      .where('p.kind', '=', 'pending')
      .where((eb) => eb.not(eb.exists(eb.selectFrom('sms_ledger as r').select('r.id').whereRef('r.pending_id', '=', 'p.id'))))
      .executeTakeFirstOrThrow();
    const recomputed: WalletTotals = {
      creditedMinor: total('credit'),
      adjustedMinor: total('adjustment'),
      postedMinor: total('post'),
      pendingMinor: Number(open.total),
      balanceMinor: total('credit') + total('adjustment') - total('post') - Number(open.total),
    };
    const wallet: WalletTotals = {
      creditedMinor: w.credited_minor,
      adjustedMinor: w.adjusted_minor,
      postedMinor: w.posted_minor,
      pendingMinor: w.pending_minor,
      balanceMinor: w.balance_minor,
    };
    const problems: string[] = [];
    for (const key of Object.keys(wallet) as (keyof WalletTotals)[]) {
      if (wallet[key] !== recomputed[key]) problems.push(`${key}: wallet ${wallet[key]} ≠ entries ${recomputed[key]}`);
    }
    if (recomputed.balanceMinor < 0) problems.push(`balance is negative: ${recomputed.balanceMinor}`);
    return { accountId, ok: problems.length === 0, wallet, recomputed, problems };
  });
}

/** Like {@link checkConsistency} but throws BILLING_INCONSISTENT when the check fails. */
export async function assertConsistent(db: Db, accountId: number): Promise<ConsistencyReport> {
  const report = await checkConsistency(db, accountId);
  if (!report.ok) {
    throw new TidingsError('BILLING_INCONSISTENT', `Wallet of SMS account ${accountId} is inconsistent: ${report.problems.join('; ')}`, {
      context: { accountId, problems: report.problems },
    });
  }
  return report;
}

/** One ledger entry as shown by `tidings wallet history` and the wallet API. */
export interface LedgerEntryView {
  readonly id: number;
  readonly key: string;
  readonly kind: LedgerKind;
  readonly amountMinor: number;
  readonly currency: string;
  readonly parts: number | null;
  readonly priceMinor: number | null;
  readonly reference: string | null;
  readonly reason: string | null;
  readonly operator: string | null;
  /** The message a pending/post/void entry belongs to. */
  readonly outboxId: number | null;
  readonly createdAt: number;
}

/** Which ledger entries {@link ledgerEntries} returns besides the account. */
export interface LedgerFilter {
  readonly kind?: LedgerKind | undefined;
  /** Only entries older than this id (the last id of the previous page). */
  readonly before?: number | undefined;
}

/** The account's latest ledger entries, newest first, at most `limit`. */
export async function ledgerEntries(db: Db, accountId: number, limit = 50, filter: LedgerFilter = {}): Promise<LedgerEntryView[]> {
  let query = db.selectFrom('sms_ledger').selectAll().where('sms_account_id', '=', accountId).orderBy('id', 'desc').limit(limit);
  if (filter.kind) query = query.where('kind', '=', filter.kind);
  if (filter.before !== undefined) query = query.where('id', '<', filter.before);
  const rows = await query.execute();
  return rows.map((r) => ({
    id: Number(r.id),
    key: r.idempotency_key,
    kind: r.kind,
    amountMinor: Number(r.amount_minor),
    currency: r.currency,
    parts: r.parts,
    priceMinor: r.price_minor === null ? null : Number(r.price_minor),
    reference: r.reference,
    reason: r.reason,
    operator: r.operator,
    outboxId: r.outbox_id === null ? null : Number(r.outbox_id),
    createdAt: Number(r.created_at),
  }));
}

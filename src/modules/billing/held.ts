import type { Kysely } from 'kysely';
import { TidingsError } from '../../platform/errors/index.js';
import type { DatabaseSchema } from '../../platform/db/index.js';
import { post, voidReservation, type Resolution } from './ledger.js';
import { systemClock, type Clock } from '../../platform/clock/index.js';

type Db = Kysely<DatabaseSchema>;

/*
 * Every reservation ends. The send pipeline resolves its own reservations when it knows the
 * provider's answer; one it cannot know (SMS_OUTCOME_UNKNOWN, a crash between hand-over and post)
 * stays held until a person settles it here — from `tidings wallet settle`, the API or the wallet
 * screen, which all call these functions.
 */

/** One reservation still held (a `pending` entry with neither post nor void), as finance sees it. */
export interface HeldReservation {
  readonly key: string;
  readonly entryId: number;
  readonly accountId: number;
  readonly amountMinor: number;
  readonly priceMinor: number;
  readonly parts: number;
  readonly createdAt: number;
  /** `now − createdAt`, from the time the caller gave (never below 0). */
  readonly ageMs: number;
  readonly outboxId: number | null;
  readonly campaignId: number | null;
  readonly campaignName: string | null;
  /** E.164 of the message row, else the outbox address. */
  readonly recipient: string | null;
  /** The outbox row's state (e.g. `unknown`, `deferred`), null without one. */
  readonly outboxState: string | null;
  /** Why the message was held (the last error the pipeline recorded). */
  readonly errorCode: string | null;
}

/** Reservations still held on an account, oldest first; `now` (default the clock) sets their age. */
export async function listHeldReservations(db: Db, accountId: number, options: { now?: number; limit?: number } = {}): Promise<HeldReservation[]> {
  const now = options.now ?? systemClock.now();
  const rows = await db
    .selectFrom('sms_ledger as p')
    .leftJoin('sms_messages as m', 'm.idempotency_key', 'p.idempotency_key')
    .leftJoin('outbox as o', 'o.id', 'p.outbox_id')
    .leftJoin('campaigns as c', (join) => join.on((eb) => eb('c.id', '=', eb.fn.coalesce('m.campaign_id', 'o.campaign_id'))))
    .select([
      'p.id',
      'p.idempotency_key',
      'p.sms_account_id',
      'p.amount_minor',
      'p.price_minor',
      'p.parts',
      'p.created_at',
      'p.outbox_id',
      'c.id as campaign_id',
      'c.name as campaign_name',
      'm.to_e164',
      'o.address',
      'o.state',
      'm.error_code as message_error',
      'o.error_code as outbox_error',
    ])
    .where('p.sms_account_id', '=', accountId)
    .where('p.kind', '=', 'pending')
    .where((eb) => eb.not(eb.exists(eb.selectFrom('sms_ledger as r').select('r.id').whereRef('r.pending_id', '=', 'p.id'))))
    .orderBy('p.created_at')
    .orderBy('p.id')
    .limit(Math.min(1000, Math.max(1, options.limit ?? 500)))
    .execute();
  return rows.map((r) => ({
    key: r.idempotency_key,
    entryId: Number(r.id),
    accountId: Number(r.sms_account_id),
    amountMinor: Number(r.amount_minor),
    priceMinor: Number(r.price_minor ?? 0),
    parts: Number(r.parts ?? 0),
    createdAt: Number(r.created_at),
    ageMs: Math.max(0, now - Number(r.created_at)),
    outboxId: r.outbox_id === null ? null : Number(r.outbox_id),
    campaignId: r.campaign_id === null ? null : Number(r.campaign_id),
    campaignName: r.campaign_name ?? null,
    recipient: r.to_e164 ?? r.address ?? null,
    outboxState: r.state ?? null,
    errorCode: r.message_error ?? r.outbox_error ?? null,
  }));
}

/** Input of {@link settleHeldReservation}. */
export interface SettleInput {
  /** The reservation's idempotency key, e.g. `sms:outbox:42`. */
  readonly key: string;
  /** `accepted`: the provider took it (charge what was reserved); `rejected`: it did not (release). */
  readonly outcome: 'accepted' | 'rejected';
  /** Who settles it (user name); recorded on the ledger entry. */
  readonly operator: string;
  /** Why (e.g. "provider portal shows delivered"); recorded on the ledger entry. */
  readonly note: string;
  /** When given, the reservation must belong to this SMS account (the API's `:account`). */
  readonly accountId?: number;
}

/** What {@link settleHeldReservation} booked. */
export interface Settlement extends Resolution {
  readonly key: string;
  readonly accountId: number;
  readonly outcome: 'accepted' | 'rejected';
}

/**
 * Settles a held reservation by hand: `accepted` posts it (charged once, the message row and the
 * outbox row become accepted/sent), `rejected` voids it (released, the rows become failed). The
 * entry records operator, note and time. A key that is unknown, on another account or already
 * settled is refused (BILLING_RESERVATION_NOT_FOUND / BILLING_RESERVATION_RESOLVED), and one whose
 * message a worker is sending this moment too (BILLING_RESERVATION_BUSY); nothing changes then: the check runs inside the booking's transaction, so two people settling at once book
 * one entry.
 */
export async function settleHeldReservation(db: Db, input: SettleInput, clock: Clock = systemClock): Promise<Settlement> {
  const note = input.note?.trim() ?? '';
  if (!note) throw new TidingsError('VALIDATION_FAILED', 'Settling a reservation needs a note saying why (e.g. what the provider portal shows).');
  if (!input.operator?.trim()) throw new TidingsError('VALIDATION_FAILED', 'Settling a reservation needs the name of who settles it.');
  const entry = await db
    .selectFrom('sms_ledger')
    .select(['sms_account_id', 'kind'])
    .where('idempotency_key', '=', input.key)
    .executeTakeFirst();
  if (!entry || entry.kind !== 'pending' || (input.accountId !== undefined && Number(entry.sms_account_id) !== input.accountId)) {
    throw new TidingsError(
      'BILLING_RESERVATION_NOT_FOUND',
      `No reservation has the key "${input.key}"${input.accountId !== undefined ? ' on this SMS account' : ''}. List the held ones with \`tidings wallet held <account>\`.`,
      { context: { key: input.key } },
    );
  }
  const accepted = input.outcome === 'accepted';
  const reason = `settled by hand as ${accepted ? 'delivered' : 'not delivered'}: ${note}`.slice(0, 500);
  const alongside = async (trx: Db, r: Resolution) => {
    // A replay means someone settled it first: refuse inside the transaction, so nothing changes.
    if (r.replayed) throw alreadySettled(input.key, r.kind);
    const outboxId = (await trx.selectFrom('sms_ledger').select('outbox_id').where('idempotency_key', '=', input.key).executeTakeFirst())?.outbox_id;
    const outbox = outboxId === null || outboxId === undefined ? undefined : await trx.selectFrom('outbox').select(['id', 'state']).where('id', '=', Number(outboxId)).executeTakeFirst();
    // A worker is handing it to the provider now: its own post or void is moments away, and a
    // hand-made one would race it (released money for a message that went, or the reverse).
    if (outbox?.state === 'sending') {
      throw new TidingsError('BILLING_RESERVATION_BUSY', `The message of reservation "${input.key}" is being sent right now; nothing was settled. Look at the held list again in a minute.`, {
        context: { key: input.key, outboxId: outbox.id },
      });
    }
    const now = clock.now();
    await trx
      .updateTable('sms_messages')
      .set(accepted ? { status: 'accepted', cost_minor: r.amountMinor, accepted_at: now } : { status: 'failed', error_text: reason })
      .where('idempotency_key', '=', input.key)
      .where('status', '=', 'pending')
      .execute();
    // The outbox row that waited as `unknown` ends with the money; a deferred row finds the
    // settled message on its retry (sent-replayed, or SMS_REJECTED) and ends there.
    if (outbox) {
      await trx
        .updateTable('outbox')
        .set(
          accepted
            ? { state: 'sent', cost_minor: r.amountMinor, sent_at: now, next_attempt_at: null, updated_at: now }
            : { state: 'failed', error_text: reason, next_attempt_at: null, updated_at: now },
        )
        .where('id', '=', Number(outbox.id))
        .where('state', '=', 'unknown')
        .execute();
    }
  };
  let resolution: Resolution;
  try {
    resolution = accepted
      ? await post(db, { idempotencyKey: input.key, operator: input.operator, reason, alongside })
      : await voidReservation(db, { idempotencyKey: input.key, operator: input.operator, reason, alongside });
  } catch (error) {
    if (error instanceof TidingsError && error.code === 'BILLING_RESERVATION_RESOLVED') {
      throw alreadySettled(input.key, error.context.resolvedAs === 'post' ? 'post' : 'void');
    }
    throw error;
  }
  return { ...resolution, key: input.key, accountId: Number(entry.sms_account_id), outcome: input.outcome };
}

function alreadySettled(key: string, kind: 'post' | 'void'): TidingsError {
  return new TidingsError(
    'BILLING_RESERVATION_RESOLVED',
    `The reservation "${key}" is no longer held: it was already ${kind === 'post' ? 'charged (settled as delivered)' : 'released (settled as not delivered)'}. Nothing was changed; see the ledger for who settled it and when.`,
    { context: { key, resolvedAs: kind } },
  );
}

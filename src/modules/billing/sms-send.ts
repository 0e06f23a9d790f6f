import type { Kysely } from 'kysely';
import { TidingsError, isTidingsError } from '../../platform/errors/index.js';
import { messageParts, normalisePhone, type SmsProvider, type DeliveryReceipt } from '../../adapters/sms/index.js';
import type { DatabaseSchema } from '../../platform/db/index.js';
import { preparedQuery } from '../../platform/db/prepared-query.js';
import { dayKey } from './day-key.js';
import { applyEarlyReceipt, keepEarlyReceipt, receiptChange } from './early-receipts.js';
import { balance, post, reserve, voidReservation, type LedgerOptions } from './ledger.js';
import type { SmsMessageStatus } from './billing.tables.js';
import { systemClock, type Clock } from '../../platform/clock/index.js';

type Db = Kysely<DatabaseSchema>;

// The three statements of sendSms's own every message runs, compiled once (see preparedQuery).
const selectMessage = preparedQuery(1, (db: Db, key: string) => db.selectFrom('sms_messages').selectAll().where('idempotency_key', '=', key));
const insertMessage = preparedQuery(
  10,
  (db: Db, accountId: number, campaignId: number | null, outboxId: number | null, to: string, parts: number, price: number, provider: string, key: string, createdAt: number, day: string) =>
    db
      .insertInto('sms_messages')
      .values({
        sms_account_id: accountId,
        campaign_id: campaignId,
        outbox_id: outboxId,
        to_e164: to,
        parts,
        price_minor: price,
        cost_minor: null,
        status: 'pending' satisfies SmsMessageStatus,
        provider,
        provider_message_id: null,
        idempotency_key: key,
        error_code: null,
        error_text: null,
        created_at: createdAt,
        accepted_at: null,
        delivered_at: null,
        day_key: day,
      })
      .onConflict((oc) => oc.column('idempotency_key').doNothing()),
);
// `parts` becomes the parts charged, so the statistics' parts × price is their cost.
const markAccepted = preparedQuery(5, (db: Db, key: string, providerMessageId: string, cost: number, parts: number, acceptedAt: number) =>
  db
    .updateTable('sms_messages')
    .set({ status: 'accepted', provider_message_id: providerMessageId, cost_minor: cost, parts, accepted_at: acceptedAt, error_code: null, error_text: null })
    .where('idempotency_key', '=', key),
);

/** The SMS account facts the send path needs (from the sms_accounts row). */
export interface SmsAccountRef {
  readonly id: number;
  readonly timeZone: string;
  /** The account's signature; counted into the parts only where the provider adds it (Aliyun), as the text of the others already carries it. */
  readonly signature?: string | null;
}

/** Input of {@link sendSms}. */
export interface SendSmsInput {
  readonly account: SmsAccountRef;
  /** Any form a customer record may hold; normalised to E.164 first. */
  readonly to: string;
  /** The text handed to the provider (`textForProvider`): the body for Aliyun, signature + body for the others. */
  readonly text: string;
  /** One key per message (e.g. `sms:outbox:<outboxId>`); the same key on retry. */
  readonly idempotencyKey: string;
  readonly campaignId?: number | null;
  readonly outboxId?: number | null;
  readonly templateCode?: string;
  readonly params?: Readonly<Record<string, string>>;
  readonly senderId?: string;
  /** When the message is sent (default now); sets the price in force and the statistics day. For imports and tests. */
  readonly at?: number;
}

/** What happened to one SMS. */
export interface SendSmsResult {
  readonly to: string;
  readonly parts: number;
  readonly priceMinor: number;
  readonly costMinor: number;
  readonly providerMessageId: string;
  readonly balanceMinor: number;
  readonly lowBalance: boolean;
  /** True when the key had been sent before and nothing was sent now. */
  readonly replayed: boolean;
}

/** Errors after which the money stays reserved: the message may have gone, or will be retried. */
const KEEP_RESERVED = new Set(['SMS_OUTCOME_UNKNOWN', 'SMS_RATE_LIMITED', 'SMS_PROVIDER_UNAVAILABLE']);

/**
 * Sends one SMS with its money: normalise the number (SMS_INVALID_NUMBER before any charge) →
 * count parts → reserve price × parts and record the message, in one transaction
 * (BILLING_INSUFFICIENT_BALANCE: pause the campaign) → provider.send → post and mark accepted, or
 * void and mark failed (refused for good), again in one transaction each.
 *
 * Retries reuse the key: a rate-limited or unreachable provider keeps the reservation, so the
 * retry finds the money already held and reuses it with the parts it reserved (a re-rendered text
 * may count other parts; the charge never exceeds the reservation); an ambiguous outcome
 * (SMS_OUTCOME_UNKNOWN) keeps it until {@link settleSms} or settleHeldReservation resolves it. A key that was already accepted returns the stored result and
 * sends nothing; one that was refused for good throws SMS_REJECTED again.
 */
export async function sendSms(db: Db, provider: SmsProvider, input: SendSmsInput, options?: LedgerOptions): Promise<SendSmsResult> {
  const to = normalisePhone(input.to);
  const parts = messageParts(provider.kind, input.text, input.account.signature).segments;
  const existing = (await selectMessage(db, input.idempotencyKey)).rows[0];
  if (existing && existing.status !== 'pending') {
    if (existing.status === 'failed' && existing.accepted_at === null) {
      throw new TidingsError('SMS_REJECTED', `This message was refused before: ${existing.error_text ?? existing.error_code ?? ''}`, {
        context: { idempotencyKey: input.idempotencyKey, errorCode: existing.error_code },
      });
    }
    const wallet = await balance(db, input.account.id);
    return {
      to,
      parts: existing.parts,
      priceMinor: existing.price_minor,
      costMinor: existing.cost_minor ?? 0,
      providerMessageId: existing.provider_message_id ?? '',
      balanceMinor: wallet.balanceMinor,
      lowBalance: wallet.low,
      replayed: true,
    };
  }
  const now = input.at ?? (options?.clock ?? systemClock).now();
  const day = dayKey(now, input.account.timeZone);
  // The message row is written in the reservation's transaction: after a crash at any point a
  // reservation has its row and a row its reservation.
  const reservation = await reserve(
    db,
    {
      accountId: input.account.id,
      idempotencyKey: input.idempotencyKey,
      parts,
      outboxId: input.outboxId ?? null,
      at: now,
      // A retry (deferred, rate-limited) re-renders the text and may count other parts: it reuses
      // the reservation it made, never a second one, and is charged at most what that holds.
      keepReservedParts: true,
      alongside: async (trx, r) => {
        await insertMessage(trx, input.account.id, input.campaignId ?? null, input.outboxId ?? null, to, r.parts, r.priceMinor, provider.kind, input.idempotencyKey, now, day);
      },
    },
    options,
  );

  let sent;
  try {
    sent = await provider.send({
      to,
      text: input.text,
      idempotencyKey: input.idempotencyKey,
      ...(input.account.signature ? { signature: input.account.signature } : {}),
      ...(input.templateCode ? { templateCode: input.templateCode } : {}),
      ...(input.params ? { params: input.params } : {}),
      ...(input.senderId ? { senderId: input.senderId } : {}),
    });
  } catch (error) {
    const code = isTidingsError(error) ? error.code : 'SMS_OUTCOME_UNKNOWN';
    const message = (error as Error).message;
    if (KEEP_RESERVED.has(code)) {
      await db.updateTable('sms_messages').set({ error_code: code, error_text: message }).where('idempotency_key', '=', input.idempotencyKey).execute();
    } else {
      // The void and the row's `failed` commit together.
      await voidReservation(db, {
        idempotencyKey: input.idempotencyKey,
        reason: `${code}: ${message}`.slice(0, 500),
        alongside: async (trx) => {
          await trx
            .updateTable('sms_messages')
            .set({ status: 'failed', error_code: code, error_text: message })
            .where('idempotency_key', '=', input.idempotencyKey)
            .execute();
        },
      });
    }
    throw error;
  }
  // Charge what the provider billed, never more than was reserved (the reservation is the cap).
  // The post and the row's `accepted` commit together, so a posted message is never left pending.
  const charged = Math.min(sent.parts, reservation.parts);
  const providerMessageId = sent.providerMessageId;
  const resolution = await post(db, {
    idempotencyKey: input.idempotencyKey,
    parts: charged,
    alongside: async (trx, r) => {
      await markAccepted(trx, input.idempotencyKey, providerMessageId, r.amountMinor, charged, Math.max(now, (options?.clock ?? systemClock).now()));
      // A receipt the provider pushed before this commit waits for it.
      if (providerMessageId) await applyEarlyReceipt(trx, input.idempotencyKey, provider.kind, providerMessageId);
    },
  });
  // And once more after the commit: on PostgreSQL a receipt kept while this charge was still
  // uncommitted saw no accepted row, and the look inside the transaction did not see it.
  if (providerMessageId) await applyEarlyReceipt(db, input.idempotencyKey, provider.kind, providerMessageId);
  return {
    to,
    parts: resolution.replayed ? reservation.parts : charged,
    priceMinor: reservation.priceMinor,
    costMinor: resolution.amountMinor,
    providerMessageId,
    balanceMinor: reservation.balanceMinor + (reservation.amountMinor - resolution.amountMinor),
    lowBalance: reservation.lowBalance,
    replayed: false,
  };
}

/**
 * Resolves a message whose outcome was unknown (or that the pipeline gives up on): `accepted`
 * posts the reservation, otherwise it is voided. Idempotent.
 */
export async function settleSms(
  db: Db,
  input: { idempotencyKey: string; accepted: boolean; providerMessageId?: string; reason?: string },
  clock: Clock = systemClock,
): Promise<void> {
  // Each resolution and its row update commit together.
  if (input.accepted) {
    await post(db, {
      idempotencyKey: input.idempotencyKey,
      alongside: async (trx, r) => {
        await trx
          .updateTable('sms_messages')
          .set({ status: 'accepted', cost_minor: r.amountMinor, accepted_at: clock.now(), provider_message_id: input.providerMessageId ?? null })
          .where('idempotency_key', '=', input.idempotencyKey)
          .where('status', '=', 'pending')
          .execute();
        if (input.providerMessageId) {
          const row = await trx.selectFrom('sms_messages').select('provider').where('idempotency_key', '=', input.idempotencyKey).executeTakeFirst();
          if (row) await applyEarlyReceipt(trx, input.idempotencyKey, row.provider, input.providerMessageId);
        }
      },
    });
    if (input.providerMessageId) {
      // Once more after the commit (see sendSms).
      const row = await db.selectFrom('sms_messages').select('provider').where('idempotency_key', '=', input.idempotencyKey).executeTakeFirst();
      if (row) await applyEarlyReceipt(db, input.idempotencyKey, row.provider, input.providerMessageId);
    }
  } else {
    await voidReservation(db, {
      idempotencyKey: input.idempotencyKey,
      reason: input.reason ?? 'abandoned',
      alongside: async (trx) => {
        await trx
          .updateTable('sms_messages')
          .set({ status: 'failed', error_text: input.reason ?? 'abandoned' })
          .where('idempotency_key', '=', input.idempotencyKey)
          .where('status', '=', 'pending')
          .execute();
      },
    });
  }
}

/**
 * Applies a delivery receipt to the message it belongs to (matched by provider and provider
 * message id). Delivered and failed are final; a late "accepted" never moves a message back.
 * Returns how many messages changed (0 for unknown ids, e.g. receipts of later SMPP parts).
 */
export async function recordReceipt(db: Db, provider: string, receipt: DeliveryReceipt, clock: Clock = systemClock): Promise<number> {
  if (receipt.status === 'accepted') return 0;
  const apply = async () => {
    const result = await db
      .updateTable('sms_messages')
      .set(receiptChange(receipt, clock.now()))
      .where('provider', '=', provider)
      .where('provider_message_id', '=', receipt.providerMessageId)
      .where('status', '=', 'accepted')
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  };
  const changed = await apply();
  if (changed > 0) return changed;
  const known = await db.selectFrom('sms_messages').select('id').where('provider', '=', provider).where('provider_message_id', '=', receipt.providerMessageId).executeTakeFirst();
  // Its message already has a final status: a repeated push, nothing to keep.
  if (known) return 0;
  await keepEarlyReceipt(db, provider, receipt, clock.now());
  // The charge may have committed between the first look and the keeping: look once more, so
  // the receipt is applied by one side or the other.
  const late = await apply();
  if (late > 0) await db.deleteFrom('sms_early_receipts').where('provider', '=', provider).where('provider_message_id', '=', receipt.providerMessageId).execute();
  return late;
}

import { z } from 'zod';
import { ErrorSchema, singleLine } from '../api.schemas.js';
import { dataErrorResponses, EpochMs, IdSchema } from './common.schemas.js';

const Minor = z.number().int().min(-Number.MAX_SAFE_INTEGER).max(Number.MAX_SAFE_INTEGER);
const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD');

/** Wallet routes: also 402 when a booking would overdraw, 409 for a reused idempotency key. */
export const walletErrorResponses = {
  ...dataErrorResponses,
  402: ErrorSchema.describe('The balance cannot cover it (BILLING_INSUFFICIENT_BALANCE)'),
  409: ErrorSchema.describe('The Idempotency-Key was already used for a different booking (BILLING_IDEMPOTENCY_CONFLICT)'),
} as const;

/** The SMS account in the path: its name or id, as `tidings wallet … <account>`. */
export const AccountParamsSchema = z.strictObject({ account: singleLine(100).describe('SMS account name or id') });

/** The header every booking needs: a retry with the same key books nothing new. */
export const IdempotencyHeadersSchema = z.object({
  'idempotency-key': z
    .string()
    .trim()
    .min(1)
    .max(200)
    .regex(/^[\x21-\x7e]+$/, { message: 'printable ASCII without spaces, e.g. a UUID' })
    .describe('a key the client chooses per booking (a UUID); sending the same request again with it books nothing new'),
});

export const TopUpSchema = z.strictObject({
  amountMinor: z.number().int().positive().max(Number.MAX_SAFE_INTEGER).describe('minor units (厘, 0.001 of the currency): 500000 = 500.000'),
  reference: singleLine(200).describe('payment reference: bank transfer id, invoice number'),
});

export const AdjustSchema = z.strictObject({
  amountMinor: Minor.refine((v) => v !== 0, { message: 'must not be zero' }).describe('either sign, minor units; never takes the balance below zero'),
  reason: singleLine(500).describe('why (finance ticket, refund, correction)'),
});

export const BookingSchema = z.object({
  entryId: z.number().int(),
  amountMinor: Minor,
  balanceMinor: Minor,
  replayed: z.boolean().describe('true when this Idempotency-Key had been booked already: nothing new was booked'),
});

export const LedgerQuerySchema = z.strictObject({
  kind: z.enum(['credit', 'adjustment', 'pending', 'post', 'void']).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  before: IdSchema.optional().describe('nextBefore of the previous page (entries are newest first)'),
});

export const LedgerEntrySchema = z.object({
  id: z.number().int(),
  kind: z.enum(['credit', 'adjustment', 'pending', 'post', 'void']),
  amountMinor: Minor,
  currency: z.string(),
  parts: z.number().int().nullable(),
  priceMinor: z.number().int().nullable(),
  reference: z.string().nullable(),
  reason: z.string().nullable(),
  operator: z.string().nullable(),
  outboxId: z.number().int().nullable(),
  createdAt: EpochMs,
});

export const LedgerPageSchema = z.object({ items: z.array(LedgerEntrySchema), nextBefore: z.number().int().nullable() });

export const PriceSchema = z.object({ priceMinor: z.number().int(), currency: z.string(), effectiveFrom: EpochMs });
export const PricesSchema = z.object({
  currentMinor: z.number().int().describe('price per part now (the default when no price was set)'),
  history: z.array(PriceSchema).describe('newest first'),
});
export const SetPriceSchema = z.strictObject({
  priceMinor: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).describe('per message part, minor units'),
  effectiveFrom: EpochMs.min(0).optional().describe('default now; messages reserved earlier keep their price'),
});

export const ThresholdSchema = z.strictObject({
  thresholdMinor: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).nullable().describe('alert below this balance; null turns the alert off'),
});
export const ThresholdResultSchema = z.object({ accountId: z.number().int(), thresholdMinor: z.number().int().nullable(), balanceMinor: Minor, low: z.boolean() });

const Totals = z.object({ creditedMinor: Minor, adjustedMinor: Minor, postedMinor: Minor, pendingMinor: Minor, balanceMinor: Minor });
export const ConsistencySchema = z.object({
  accountId: z.number().int(),
  ok: z.boolean(),
  wallet: Totals.describe('the running totals'),
  recomputed: Totals.describe('the same totals summed from the ledger entries'),
  problems: z.array(z.string()),
});

export const StatsCsvQuerySchema = z.strictObject({
  from: Day.describe('first day, account time zone'),
  to: Day.describe('last day'),
  by: z.enum(['day', 'month']).default('day'),
  campaign: IdSchema.optional(),
  bom: z.enum(['true', 'false', '1', '0']).optional().describe('start with a UTF-8 byte order mark (Excel)'),
});

export const HeldReservationSchema = z.object({
  key: z.string().describe('the reservation key, e.g. sms:outbox:42; settle it by this key'),
  entryId: z.number().int(),
  accountId: z.number().int(),
  amountMinor: Minor,
  priceMinor: Minor,
  parts: z.number().int(),
  createdAt: EpochMs,
  ageMs: z.number().int().min(0).describe('how long it has been held, at the server time of the answer'),
  outboxId: z.number().int().nullable(),
  campaignId: z.number().int().nullable(),
  campaignName: z.string().nullable(),
  recipient: z.string().nullable(),
  outboxState: z.string().nullable().describe('unknown: the provider outcome is not known; deferred: a retry will reuse it'),
  errorCode: z.string().nullable(),
});
export const HeldListSchema = z.object({ items: z.array(HeldReservationSchema) });

export const SettleSchema = z.strictObject({
  key: singleLine(200).describe('the reservation key from the held list'),
  outcome: z.enum(['accepted', 'rejected']).describe('accepted: the message went, charge what was reserved; rejected: it did not, release it'),
  note: singleLine(500).describe('why (e.g. what the provider portal shows); recorded with who settled it and when'),
});
export const SettlementSchema = z.object({
  key: z.string(),
  accountId: z.number().int(),
  outcome: z.enum(['accepted', 'rejected']),
  entryId: z.number().int(),
  kind: z.enum(['post', 'void']),
  amountMinor: Minor,
  replayed: z.boolean(),
});

/** GET /api/wallet/:account/ledger/lines: one line per message (reservation + charge/release) or booking. */
export const LedgerLinesQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  before: IdSchema.optional().describe('nextBefore of the previous page (lines are newest first)'),
});

export const LedgerLineSchema = z.object({
  id: z.number().int(),
  kind: z.enum(['credit', 'adjustment', 'pending']).describe('pending: a message, whatever its state'),
  state: z.enum(['reserved', 'charged', 'released']).nullable().describe('a message: reserved, then charged or released; null for bookings'),
  currency: z.string(),
  amountMinor: Minor.describe('booking: its amount; message: charged, or held while reserved; 0 when released'),
  priceMinor: z.number().int().nullable(),
  reservedParts: z.number().int().nullable(),
  reservedMinor: z.number().int().nullable(),
  chargedParts: z.number().int().nullable(),
  outboxId: z.number().int().nullable(),
  reference: z.string().nullable(),
  reason: z.string().nullable(),
  operator: z.string().nullable().describe('user name of who booked or settled it'),
  operatorName: z.string().nullable().describe("that person's display name (the user name when the user is gone)"),
  createdAt: EpochMs,
  resolvedAt: EpochMs.nullable(),
});
export const LedgerLinesPageSchema = z.object({ items: z.array(LedgerLineSchema), nextBefore: z.number().int().nullable() });

/** GET /api/campaigns/:id/sms-cost: what a campaign's SMS cost, from the ledger. */
export const CampaignSmsCostSchema = z.object({
  campaignId: z.number().int(),
  currency: z.string().nullable(),
  messages: z.number().int(),
  chargedParts: z.number().int(),
  chargedMinor: Minor,
  heldParts: z.number().int(),
  heldMinor: Minor,
  released: z.number().int(),
});
export const CampaignParamsSchema = z.strictObject({ id: z.coerce.number().int().positive() });

/** GET /api/wallet/:account/sandbox-messages: what a sandbox account "sent". */
export const SandboxMessageSchema = z.object({
  id: z.number().int(),
  to: z.string(),
  senderId: z.string().nullable(),
  text: z.string(),
  parts: z.number().int(),
  encoding: z.string(),
  status: z.enum(['accepted', 'delivered']),
  createdAt: EpochMs,
  deliveredAt: EpochMs.nullable(),
});
export const SandboxMessagesSchema = z.object({ items: z.array(SandboxMessageSchema) });

import type { Kysely } from 'kysely';
import type { DatabaseSchema } from '../../platform/db/index.js';
import type { LedgerKind } from './billing.tables.js';

type Db = Kysely<DatabaseSchema>;

/** Where one message's money stands: held, then charged or given back, exactly once. */
export type MessageMoneyState = 'reserved' | 'charged' | 'released';

/**
 * One line of the ledger as finance reads it: a top-up or adjustment as booked, or one message
 * with its reservation and (when resolved) its charge or release folded into the same line.
 */
export interface LedgerLine {
  /** The id of the line's first entry (the reservation for a message); pages go by it. */
  readonly id: number;
  readonly kind: Extract<LedgerKind, 'credit' | 'adjustment' | 'pending'>;
  /** For a message: reserved → charged or released. Null for top-ups and adjustments. */
  readonly state: MessageMoneyState | null;
  readonly currency: string;
  /** Credit/adjustment: the amount booked. Message: what it cost (charged) or holds (reserved); 0 when released. */
  readonly amountMinor: number;
  readonly priceMinor: number | null;
  readonly reservedParts: number | null;
  readonly reservedMinor: number | null;
  /** Parts charged (null until charged). */
  readonly chargedParts: number | null;
  readonly outboxId: number | null;
  readonly reference: string | null;
  readonly reason: string | null;
  readonly operator: string | null;
  readonly createdAt: number;
  /** When the reservation was charged or released. */
  readonly resolvedAt: number | null;
}

/**
 * The account's ledger newest first, one line per message (its reservation and its post or void
 * together) and one per top-up or adjustment. At most `limit` lines, older than `before`.
 */
export async function ledgerLines(db: Db, accountId: number, limit = 50, before?: number): Promise<LedgerLine[]> {
  let query = db
    .selectFrom('sms_ledger as e')
    .leftJoin('sms_ledger as r', 'r.pending_id', 'e.id')
    .select([
      'e.id',
      'e.kind',
      'e.amount_minor',
      'e.currency',
      'e.price_minor',
      'e.parts',
      'e.outbox_id',
      'e.reference',
      'e.reason',
      'e.operator',
      'e.created_at',
      'r.kind as resolved_kind',
      'r.amount_minor as resolved_amount',
      'r.parts as resolved_parts',
      'r.reason as resolved_reason',
      'r.operator as resolved_operator',
      'r.created_at as resolved_at',
    ])
    .where('e.sms_account_id', '=', accountId)
    .where('e.kind', 'in', ['credit', 'adjustment', 'pending'])
    .orderBy('e.id', 'desc')
    .limit(limit);
  if (before !== undefined) query = query.where('e.id', '<', before);
  const rows = await query.execute();
  return rows.map((r) => {
    const message = r.kind === 'pending';
    const state: MessageMoneyState | null = !message ? null : r.resolved_kind === 'post' ? 'charged' : r.resolved_kind === 'void' ? 'released' : 'reserved';
    const amount = Number(r.amount_minor);
    return {
      id: Number(r.id),
      kind: r.kind as LedgerLine['kind'],
      state,
      currency: r.currency,
      amountMinor: state === 'charged' ? Number(r.resolved_amount) : state === 'released' ? 0 : amount,
      priceMinor: r.price_minor === null ? null : Number(r.price_minor),
      reservedParts: message ? r.parts : null,
      reservedMinor: message ? amount : null,
      chargedParts: state === 'charged' ? r.resolved_parts : null,
      outboxId: r.outbox_id === null ? null : Number(r.outbox_id),
      reference: r.reference,
      reason: r.reason ?? r.resolved_reason ?? null,
      operator: r.operator ?? r.resolved_operator ?? null,
      createdAt: Number(r.created_at),
      resolvedAt: r.resolved_at === null || r.resolved_at === undefined ? null : Number(r.resolved_at),
    };
  });
}

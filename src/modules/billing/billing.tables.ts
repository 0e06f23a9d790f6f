import type { SmsEarlyReceiptsTable } from './early-receipts.js';
import type { Generated } from 'kysely';

/**
 * One wallet per SMS account: the running totals, updated in the same transaction as every
 * ledger entry. Invariant: balance = credited + adjusted − posted − pending ≥ 0.
 */
export interface SmsWalletsTable {
  sms_account_id: number;
  currency: string;
  credited_minor: number;
  adjusted_minor: number;
  posted_minor: number;
  pending_minor: number;
  balance_minor: number;
  /** Alert when the balance falls below this (null: no alert). */
  low_balance_minor: number | null;
  updated_at: number;
}

/** Kinds of ledger entries, after TigerBeetle: pending transfers resolved by a post or a void. */
export type LedgerKind = 'credit' | 'adjustment' | 'pending' | 'post' | 'void';

/** Append-only ledger; rows are never updated or deleted. */
export interface SmsLedgerTable {
  id: Generated<number>;
  sms_account_id: number;
  /** Caller-chosen, globally unique: a retry with the same key never books twice. */
  idempotency_key: string;
  kind: LedgerKind;
  /** Minor units; positive except for a negative adjustment. For post: the amount charged. */
  amount_minor: number;
  currency: string;
  /** Pending: price per part and parts reserved; post: parts charged. */
  price_minor: number | null;
  parts: number | null;
  /** Post/void: the pending entry resolved. Unique, so a pending entry is resolved once. */
  pending_id: number | null;
  outbox_id: number | null;
  /** Credit: payment reference; adjustment/void: reason. */
  reference: string | null;
  reason: string | null;
  operator: string | null;
  created_at: number;
}

/** Price per message part, with history: the row in force is the latest effective_from ≤ now. */
export interface SmsPricesTable {
  id: Generated<number>;
  sms_account_id: number;
  price_minor: number;
  currency: string;
  effective_from: number;
  created_at: number;
}

/** Status of one SMS as statistics see it. */
export type SmsMessageStatus = 'pending' | 'accepted' | 'delivered' | 'failed';

/** One row per SMS sent (or attempted), updated by the provider's callbacks. */
export interface SmsMessagesTable {
  id: Generated<number>;
  sms_account_id: number;
  campaign_id: number | null;
  outbox_id: number | null;
  /** E.164. */
  to_e164: string;
  parts: number;
  price_minor: number;
  /** Charged amount once posted, else null. */
  cost_minor: number | null;
  status: SmsMessageStatus;
  provider: string;
  provider_message_id: string | null;
  /** The ledger reservation's key. */
  idempotency_key: string;
  error_code: string | null;
  error_text: string | null;
  created_at: number;
  accepted_at: number | null;
  delivered_at: number | null;
  /** YYYY-MM-DD of created_at in the account's time zone, fixed at insert. */
  day_key: string;
}

/** One message the local sandbox provider "sent" (nothing leaves the machine). */
export interface SmsSandboxMessagesTable {
  id: Generated<number>;
  sms_account_id: number;
  provider_message_id: string;
  to_e164: string;
  sender_id: string | null;
  /** The text as handed to the provider (signature included). */
  text: string;
  parts: number;
  encoding: string;
  /** `accepted` until its delivery receipt is applied, then `delivered`. */
  status: 'accepted' | 'delivered';
  created_at: number;
  delivered_at: number | null;
}

/** Tables added by src/billing's migrations. */
export interface BillingTables {
  sms_early_receipts: SmsEarlyReceiptsTable;
  sms_sandbox_messages: SmsSandboxMessagesTable;
  sms_wallets: SmsWalletsTable;
  sms_ledger: SmsLedgerTable;
  sms_prices: SmsPricesTable;
  sms_messages: SmsMessagesTable;
}

declare module '../../platform/db/schema.js' {
  // Registers this module's tables in the store's schema (see DatabaseSchema).
  interface DatabaseSchema extends BillingTables {}
}

// The wallet screen's view of the API: shapes as the route schemas define them
// (src/api/routes/wallet.routes.ts, src/billing/sms-webhooks.routes.ts) and the calls it makes.
import { api, withQuery } from '../../api.js';

/** An SMS account as GET /api/sms-accounts lists it (credentials masked; unused fields left out). */
export interface SmsAccountItem {
  readonly id: number;
  readonly name: string;
  readonly provider: 'twilio' | 'aliyun' | 'smpp';
  readonly currency: string;
  readonly timeZone: string;
  readonly isDefault: boolean;
}

/** GET /api/wallet/:account. All amounts are integer minor units. */
export interface WalletView {
  readonly accountId: number;
  readonly currency: string;
  readonly balanceMinor: number;
  readonly creditedMinor: number;
  readonly adjustedMinor: number;
  readonly postedMinor: number;
  readonly pendingMinor: number;
  readonly lowBalanceMinor: number | null;
  readonly low: boolean;
  readonly priceMinor: number;
}

/** What a top-up or an adjustment booked; `replayed` when the Idempotency-Key had been booked before. */
export interface Booking {
  readonly entryId: number;
  readonly amountMinor: number;
  readonly balanceMinor: number;
  readonly replayed: boolean;
}

export const LEDGER_KINDS = ['credit', 'adjustment', 'pending', 'post', 'void'] as const;
export type LedgerKind = (typeof LEDGER_KINDS)[number];

/** One ledger entry. */
export interface LedgerEntry {
  readonly id: number;
  readonly kind: LedgerKind;
  readonly amountMinor: number;
  readonly currency: string;
  readonly parts: number | null;
  readonly priceMinor: number | null;
  readonly reference: string | null;
  readonly reason: string | null;
  readonly operator: string | null;
  readonly outboxId: number | null;
  readonly createdAt: number;
}

export interface LedgerPage {
  readonly items: readonly LedgerEntry[];
  readonly nextBefore: number | null;
}

export interface PriceRow {
  readonly priceMinor: number;
  readonly currency: string;
  readonly effectiveFrom: number;
}

export interface Prices {
  readonly currentMinor: number;
  readonly history: readonly PriceRow[];
}

export type Granularity = 'day' | 'month';

/** One day or month of GET /api/sms/stats. */
export interface StatsRow {
  readonly period: string;
  readonly messages: number;
  readonly parts: number;
  readonly accepted: number;
  readonly delivered: number;
  readonly failed: number;
  readonly pending: number;
  readonly costMinor: number;
}

export interface Stats {
  readonly accountId: number;
  readonly from: string;
  readonly to: string;
  readonly by: Granularity;
  readonly rows: readonly StatsRow[];
  readonly total: Omit<StatsRow, 'period'>;
}

export interface Consistency {
  readonly ok: boolean;
  readonly problems: readonly string[];
}

/** The statistics query the chart, the table and the CSV link share. */
export interface StatsQuery {
  readonly from: string;
  readonly to: string;
  readonly by: Granularity;
}

const base = (account: string) => `/api/wallet/${encodeURIComponent(account)}`;

export const listSmsAccounts = (signal?: AbortSignal) => api<SmsAccountItem[]>('/api/sms-accounts', { signal });
export const getWallet = (account: string, signal?: AbortSignal) => api<WalletView>(base(account), { signal });
export const getPrices = (account: string, signal?: AbortSignal) => api<Prices>(`${base(account)}/prices`, { signal });
export const checkWallet = (account: string) => api<Consistency>(`${base(account)}/check`);

export const getLedger = (account: string, query: { kind?: LedgerKind | undefined; before?: number | undefined; limit?: number }, signal?: AbortSignal) =>
  api<LedgerPage>(withQuery(`${base(account)}/ledger`, { kind: query.kind, before: query.before, limit: query.limit ?? 25 }), { signal });

export const getStats = (account: string, q: StatsQuery, signal?: AbortSignal) =>
  api<Stats>(withQuery('/api/sms/stats', { account, from: q.from, to: q.to, by: q.by }), { signal });

/** The CSV download: the same query as the chart, so the file holds what the screen shows. */
export const statsCsvUrl = (account: string, q: StatsQuery, bom: boolean) => withQuery(`${base(account)}/stats.csv`, { from: q.from, to: q.to, by: q.by, bom: bom ? 'true' : undefined });

export const topUp = (account: string, body: { amountMinor: number; reference: string }, idempotencyKey: string) =>
  api<Booking>(`${base(account)}/topups`, { body, headers: { 'idempotency-key': idempotencyKey } });

export const adjustWallet = (account: string, body: { amountMinor: number; reason: string }, idempotencyKey: string) =>
  api<Booking>(`${base(account)}/adjustments`, { body, headers: { 'idempotency-key': idempotencyKey } });

export const setPrice = (account: string, priceMinor: number) => api<PriceRow>(`${base(account)}/prices`, { body: { priceMinor } });

export const setThreshold = (account: string, thresholdMinor: number | null) =>
  api<{ thresholdMinor: number | null; balanceMinor: number; low: boolean }>(`${base(account)}/threshold`, { method: 'PUT', body: { thresholdMinor } });

// The wallet screen's view of the API: shapes generated from the route schemas
// (src/api/routes/wallet.routes.ts, src/billing/sms-webhooks.routes.ts) and the calls it makes.
import { api, withQuery } from '../../api.js';
import type { ApiBody, ApiResponse, Item } from '../../api/shapes.js';

/** An SMS account as GET /api/sms-accounts lists it (credentials masked). */
export type SmsAccountItem = Item<ApiResponse<'/api/sms-accounts'>>;
/** GET /api/wallet/:account. All amounts are integer minor units. */
export type WalletView = ApiResponse<'/api/wallet/{account}'>;
/** What a top-up or an adjustment booked; `replayed` when the Idempotency-Key had been booked before. */
export type Booking = ApiResponse<'/api/wallet/{account}/topups', 'post'>;
export type LedgerPage = ApiResponse<'/api/wallet/{account}/ledger'>;
export type LedgerEntry = Item<LedgerPage['items']>;
export type LedgerKind = LedgerEntry['kind'];
export const LEDGER_KINDS = ['credit', 'adjustment', 'pending', 'post', 'void'] as const satisfies readonly LedgerKind[];
export type Prices = ApiResponse<'/api/wallet/{account}/prices'>;
export type PriceRow = ApiResponse<'/api/wallet/{account}/prices', 'post'>;
/** GET /api/sms/stats: one row per day or month, and the total. */
export type Stats = ApiResponse<'/api/sms/stats'>;
export type StatsRow = Item<Stats['rows']>;
export type Granularity = Stats['by'];
export type Consistency = ApiResponse<'/api/wallet/{account}/check'>;

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

export type LedgerLinesPage = ApiResponse<'/api/wallet/{account}/ledger/lines'>;
export type LedgerLine = Item<LedgerLinesPage['items']>;
/** One line per message (reservation + charge/release) or booking, newest first. */
export const getLedgerLines = (account: string, query: { before?: number | undefined; limit?: number }, signal?: AbortSignal) =>
  api<LedgerLinesPage>(withQuery(`${base(account)}/ledger/lines`, { before: query.before, limit: query.limit ?? 25 }), { signal });
export type SandboxMessage = Item<ApiResponse<'/api/wallet/{account}/sandbox-messages'>['items']>;
export const getSandboxMessages = (account: string, signal?: AbortSignal) =>
  api<ApiResponse<'/api/wallet/{account}/sandbox-messages'>>(`${base(account)}/sandbox-messages`, { signal });
export const getLedger = (account: string, query: { kind?: LedgerKind | undefined; before?: number | undefined; limit?: number }, signal?: AbortSignal) =>
  api<LedgerPage>(withQuery(`${base(account)}/ledger`, { kind: query.kind, before: query.before, limit: query.limit ?? 25 }), { signal });

export const getStats = (account: string, q: StatsQuery, signal?: AbortSignal) =>
  api<Stats>(withQuery('/api/sms/stats', { account, from: q.from, to: q.to, by: q.by }), { signal });

/** The CSV download: the same query as the chart, so the file holds what the screen shows. */
export const statsCsvUrl = (account: string, q: StatsQuery, bom: boolean) => withQuery(`${base(account)}/stats.csv`, { from: q.from, to: q.to, by: q.by, bom: bom ? 'true' : undefined });

export const topUp = (account: string, body: ApiBody<'/api/wallet/{account}/topups', 'post'>, idempotencyKey: string) =>
  api<Booking>(`${base(account)}/topups`, { body, headers: { 'idempotency-key': idempotencyKey } });

export const adjustWallet = (account: string, body: ApiBody<'/api/wallet/{account}/adjustments', 'post'>, idempotencyKey: string) =>
  api<Booking>(`${base(account)}/adjustments`, { body, headers: { 'idempotency-key': idempotencyKey } });

export const setPrice = (account: string, priceMinor: number) => api<PriceRow>(`${base(account)}/prices`, { body: { priceMinor } });

export const setThreshold = (account: string, thresholdMinor: number | null) =>
  api<ApiResponse<'/api/wallet/{account}/threshold', 'put'>>(`${base(account)}/threshold`, { method: 'PUT', body: { thresholdMinor } });

/** GET /api/wallet/:account/held: reservations still held, oldest first. */
export type HeldList = ApiResponse<'/api/wallet/{account}/held'>;
export type HeldReservation = Item<HeldList['items']>;
export type Settlement = ApiResponse<'/api/wallet/{account}/held/settle', 'post'>;
export type SettleOutcome = Settlement['outcome'];

export const listHeld = (account: string, signal?: AbortSignal) => api<HeldList>(`${base(account)}/held`, { signal });
export const settleHeld = (account: string, body: ApiBody<'/api/wallet/{account}/held/settle', 'post'>) => api<Settlement>(`${base(account)}/held/settle`, { body });

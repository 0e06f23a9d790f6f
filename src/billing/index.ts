export * from './ledger.js';
export { DEFAULT_PRICE_MINOR, listPrices, priceAt, setPrice, type PriceRow } from './prices.js';
export type { LedgerKind, SmsMessageStatus } from './billing.tables.js';

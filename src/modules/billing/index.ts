/** Public surface of src/billing: the prepaid SMS ledger, prices, the charged send path, statistics, opt-out. */
export * from './ledger.js';
export { DEFAULT_PRICE_MINOR, listPrices, priceAt, setPrice, type PriceRow } from './prices.js';
export type { LedgerKind, SmsMessageStatus } from './billing.tables.js';
export { recordReceipt, sendSms, settleSms, type SendSmsInput, type SendSmsResult, type SmsAccountRef } from './sms-send.js';
export { estimateSmsCost, type SmsEstimateInput } from './sms-estimate.js';
export { campaignSmsStats, smsStats, type SmsStats, type SmsStatsQuery, type SmsStatsRow } from './sms-stats.js';
export { handleInboundSms, isOptOut } from './opt-out.js';
export { SmsWebhooks, type SmsCallback, type SmsCallbackResult, type SmsWebhooksOptions } from './sms-webhooks.js';
export { dayKey } from './day-key.js';
export { formatMinor, MINOR_DIGITS, MINOR_PER_MAJOR, parseMajor } from './money.js';
export { listHeldReservations, settleHeldReservation, type HeldReservation, type SettleInput, type Settlement } from './held.js';
export { checkWallets, type NamedConsistencyReport } from './wallet-check.js';
export { walletGauges, type WalletGauge } from './wallet.metrics.js';
export { assertWithinCap, MAX_AMOUNT_MINOR } from './money.js';
// What the app's registries collect from this module (error codes, migrations, tables, settings).
export { billingErrors } from './billing.errors.js';
export { billingMigrations } from './billing.migrations.js';
export type { BillingTables } from './billing.tables.js';
export { billingEnv, type BillingConfig } from './billing.config.js';
export { listSandboxMessages, sandboxOutbox, type SandboxMessageView } from './sandbox-outbox.js';
export { ledgerLines, type LedgerLine, type MessageMoneyState } from './ledger-lines.js';
export { campaignSmsCost, type CampaignSmsCost } from './campaign-cost.js';
export { topUpNeeded, type ExpectedCharge, type TopUpNeed } from './top-up.js';

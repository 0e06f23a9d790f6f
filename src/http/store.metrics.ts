import { outboxCounts, queueDepth } from '../modules/sending/index.js';
import { walletGauges } from '../modules/billing/index.js';
import type { Metrics } from '../platform/metrics/index.js';
import type { Store } from '../platform/db/index.js';

/**
 * Gauges read from the store at scrape time, onto the process's metrics. The values are the truth
 * in the database, so every API process reports the same; the queries live in the modules that
 * own the tables. Registering twice (a second API over the same context) is harmless.
 */
export function registerStoreGauges(metrics: Metrics, store: Store): void {
  metrics.addScrapeGauge({
    name: 'tidings_outbox_messages',
    help: 'Messages in the outbox by state and channel',
    labelNames: ['state', 'channel'],
    read: async () => (await outboxCounts(store.db)).map((row) => ({ labels: { state: row.state, channel: row.channel }, value: row.count })),
  });
  metrics.addScrapeGauge({
    name: 'tidings_queue_depth',
    help: 'Messages waiting to be sent (outbox rows queued or deferred), by channel',
    labelNames: ['channel'],
    read: async () => (await queueDepth(store.db)).map((row) => ({ labels: { channel: row.channel }, value: row.count })),
  });
  metrics.addScrapeGauge({
    name: 'tidings_sms_balance_minor',
    help: 'Prepaid SMS balance per SMS account (sms:<id>) in minor currency units',
    labelNames: ['account', 'currency'],
    read: async () => (await walletGauges(store.db)).map((w) => ({ labels: { account: w.account, currency: w.currency }, value: w.balanceMinor })),
  });
  metrics.addScrapeGauge({
    name: 'tidings_sms_reserved_minor',
    help: 'Money reserved by SMS sends not yet posted or voided, per SMS account, in minor units',
    labelNames: ['account', 'currency'],
    read: async () => (await walletGauges(store.db)).map((w) => ({ labels: { account: w.account, currency: w.currency }, value: w.reservedMinor })),
  });
  metrics.addScrapeGauge({
    name: 'tidings_sms_reservations_held',
    help: 'SMS reservations neither posted nor voided (sends in flight or waiting to be settled), per SMS account',
    labelNames: ['account'],
    read: async () => (await walletGauges(store.db)).map((w) => ({ labels: { account: w.account }, value: w.reservationsHeld })),
  });
}

import { Gauge, Registry } from 'prom-client';
import { sql } from 'kysely';
import type { Store } from '../platform/db/index.js';

/**
 * Metrics read from the store at scrape time, one registry per API instance (each app has its
 * own store). The values are the truth in the database, so every API process reports the same.
 */
export function createStoreMetrics(store: Store): Registry {
  const registry = new Registry();

  new Gauge({
    name: 'tidings_outbox_messages',
    help: 'Messages in the outbox by state and channel',
    labelNames: ['state', 'channel'] as const,
    registers: [registry],
    async collect() {
      const rows = await store.db
        .selectFrom('outbox')
        .select(['state', 'channel', sql<number>`count(*)`.as('n')])
        .groupBy(['state', 'channel'])
        .execute();
      // Reset first: a state that emptied since the last scrape must read 0, not its old value.
      this.reset();
      for (const row of rows) this.set({ state: row.state, channel: row.channel }, Number(row.n));
    },
  });

  new Gauge({
    name: 'tidings_sms_balance_minor',
    help: 'Prepaid SMS balance per account in minor currency units',
    labelNames: ['account', 'currency'] as const,
    registers: [registry],
    async collect() {
      const rows = await store.db
        .selectFrom('sms_wallets')
        .innerJoin('sms_accounts', 'sms_accounts.id', 'sms_wallets.sms_account_id')
        .select(['sms_accounts.name as account', 'sms_wallets.currency', 'sms_wallets.balance_minor'])
        .execute();
      this.reset();
      for (const row of rows) this.set({ account: row.account, currency: row.currency }, Number(row.balance_minor));
    },
  });

  return registry;
}

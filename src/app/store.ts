import { migrateToLatest, openStore, type OpenStoreOptions, type Store } from '../platform/db/index.js';
import { ALL_MIGRATIONS } from './migrations.js';
import type { AppSchema } from './schema.js';

/** The app's store: every module's tables. */
export type AppStore = Store<AppSchema>;

/** Opens the store with every module's migrations (applied unless `migrate: false`). */
export function openAppStore(options: Omit<OpenStoreOptions, 'migrations'>): Promise<AppStore> {
  return openStore<AppSchema>({ ...options, migrations: ALL_MIGRATIONS });
}

/** Applies every module's pending migrations; returns their names. */
export function migrateAppStore(store: Store<AppSchema>): Promise<string[]> {
  return migrateToLatest(store, ALL_MIGRATIONS);
}

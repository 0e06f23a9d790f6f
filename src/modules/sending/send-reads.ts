import type { Kysely } from 'kysely';
import { findEmailSuppressions, type BlockingSuppression as Suppression } from '../customers/index.js';
import type { DatabaseSchema } from '../../platform/db/index.js';
import { TickBatcher } from '../../platform/db/tick-batcher.js';
import { getOutboxRows } from './outbox.store.js';
import type { OutboxRow } from './ports.js';
import { perDatabase } from '../../platform/db/per-database.js';

type Db = Kysely<DatabaseSchema>;

/** The two reads every email job starts with, merged across the jobs of one event-loop turn. */
export interface SendReads {
  /** The outbox row as it is now. */
  row(id: number): Promise<OutboxRow | undefined>;
  /** What blocks email to `address` now (the address or its domain), if anything. */
  emailSuppression(address: string): Promise<Suppression | undefined>;
}

/** The process's batched reads for a store handle (see TickBatcher). */
export const sendReads = perDatabase((db: Db): SendReads => {
  const rows = new TickBatcher<number, OutboxRow>((ids) => getOutboxRows(db, ids));
  const suppressions = new TickBatcher<string, Suppression>((addresses) => findEmailSuppressions(db, addresses));
  return { row: (id) => rows.get(id), emailSuppression: (address) => suppressions.get(address) };
});

import type { Kysely } from 'kysely';
import type { DatabaseSchema } from '../../../platform/db/index.js';

/** Stores the merged subject of a sent row, so the customer's timeline shows what they received. */
export async function recordSentSubject(db: Kysely<DatabaseSchema>, outboxId: number, subject: string): Promise<void> {
  await db.updateTable('outbox').set({ subject: subject.slice(0, 998) }).where('id', '=', outboxId).execute();
}

import type { Kysely } from 'kysely';
import type { DatabaseSchema } from '../../../platform/db/index.js';
import { ingestMessage, type IngestResult } from '../filing/ingest.js';
import type { MailboxReader, ScannedMessage } from '../../../adapters/mail/mailbox.reader.js';
import type { UnsubscribeTokens } from '../../sending/index.js';
import { systemClock, type Clock } from '../../../platform/clock/index.js';

/** Options for {@link pollMailbox}. */
export interface PollOptions {
  readonly db: Kysely<DatabaseSchema>;
  readonly reader: MailboxReader;
  readonly accountId: number;
  readonly softBounceLimit: number;
  /** Checks the signed token of a mailto unsubscribe; without it such mail waits for a person. */
  readonly unsubscribeTokens?: UnsubscribeTokens;
  /** Stop after this many new messages (the rest wait for the next poll). */
  readonly maxMessages?: number;
  readonly signal?: AbortSignal;
  /** Called for each message once its chunk is stored and the cursor saved (lease renewal, progress). */
  readonly onMessage?: (result: IngestResult) => void | Promise<void>;
  /** Stamps the cursor and the filed messages; defaults to the system clock. */
  readonly clock?: Clock;
}

/** Totals of one poll. */
export interface PollSummary {
  readonly seen: number;
  readonly stored: number;
  readonly duplicates: number;
  readonly byKind: Record<string, number>;
  readonly unfiled: number;
  readonly suppressed: readonly string[];
}

/**
 * Reads every new message once: store (parse, classify, file, effects) and cursor move together
 * in one transaction, then the reader's `ack` (POP3 DELE). Readers that fetch in chunks (IMAP)
 * get one transaction per chunk, its cursor the chunk's last message; others one per message.
 * A crash anywhere leaves either the whole chunk and its cursor or neither, and the dedupe keys
 * catch the rest.
 */
export async function pollMailbox(options: PollOptions): Promise<PollSummary> {
  const { db, reader, accountId } = options;
  const cursorRows = await db.selectFrom('inbox_cursors').select(['folder', 'state']).where('account_id', '=', accountId).execute();
  const cursors = new Map(cursorRows.map((r) => [r.folder, r.state]));
  const summary = { seen: 0, stored: 0, duplicates: 0, byKind: {} as Record<string, number>, unfiled: 0, suppressed: [] as string[] };
  const pending: ScannedMessage[] = [];

  async function storeChunk(items: readonly ScannedMessage[]): Promise<void> {
    const results = await db.transaction().execute(async (trx) => {
      const ingested: IngestResult[] = [];
      const cursorAfter = new Map<string, string>();
      for (const item of items) {
        ingested.push(await ingestMessage(trx, { accountId, folder: item.folder, uidKey: item.uidKey, raw: item.raw }, { softBounceLimit: options.softBounceLimit, unsubscribeTokens: options.unsubscribeTokens, clock: options.clock }));
        cursorAfter.set(item.folder, item.cursorAfter);
      }
      for (const [folder, state] of cursorAfter) {
        await trx
          .insertInto('inbox_cursors')
          .values({ account_id: accountId, folder, state, updated_at: (options.clock ?? systemClock).now() })
          .onConflict((oc) => oc.columns(['account_id', 'folder']).doUpdateSet({ state, updated_at: (options.clock ?? systemClock).now() }))
          .execute();
      }
      return ingested;
    });
    for (const [i, result] of results.entries()) {
      await items[i]!.ack();
      summary.seen += 1;
      if (result.stored) {
        summary.stored += 1;
        summary.byKind[result.classification.kind] = (summary.byKind[result.classification.kind] ?? 0) + 1;
        if (result.filing.customerId === null) summary.unfiled += 1;
        summary.suppressed.push(...result.suppressed);
      } else summary.duplicates += 1;
      await options.onMessage?.(result);
    }
  }

  for await (const item of reader.scan(cursors)) {
    pending.push(item);
    const stop = options.signal?.aborted || (options.maxMessages !== undefined && summary.seen + pending.length >= options.maxMessages);
    if (item.chunkEnd === false && !stop) continue;
    await storeChunk(pending.splice(0));
    if (stop) break;
  }
  // A reader that ended without closing its chunk: what it yielded is still stored.
  if (pending.length > 0) await storeChunk(pending.splice(0));
  return summary;
}

import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { TidingsError } from '../../../platform/errors/index.js';
import '../../../adapters/mail/mailbox.errors.js'; // registers the INBOX_… codes raised here
import type { DatabaseSchema } from '../../../platform/db/index.js';
import { ingestMessage, type IngestOptions, type IngestResult } from './ingest.js';
import { isMbox, splitMbox, toMboxEntry } from '../../../adapters/mail/mbox/mbox.js';

/** Totals of one import. */
export interface ImportSummary {
  readonly messages: number;
  readonly stored: number;
  readonly duplicates: number;
  readonly results: readonly Pick<IngestResult, 'id' | 'stored' | 'verification' | 'suppressed'>[];
}

/**
 * Imports one .eml message or an mbox archive, filed exactly like polled mail (folder `import`,
 * position = file hash + index, so importing the same file twice stores nothing new).
 */
export async function importMessages(db: Kysely<DatabaseSchema>, data: Buffer, options: IngestOptions): Promise<ImportSummary> {
  if (data.length === 0 || data.every((b) => b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09)) {
    throw new TidingsError('INBOX_UNPARSABLE_FILE', 'the file is empty');
  }
  const fileHash = createHash('sha256').update(data).digest('hex').slice(0, 16);
  const raws = isMbox(data) ? [...splitMbox(data)] : [data];
  if (!isMbox(data) && !/^[\x21-\x39\x3b-\x7e]+:/m.test(data.subarray(0, 4096).toString('latin1'))) {
    throw new TidingsError('INBOX_UNPARSABLE_FILE', 'the file is neither an .eml message (headers first) nor an mbox archive ("From " first)');
  }
  const results: Pick<IngestResult, 'id' | 'stored' | 'verification' | 'suppressed'>[] = [];
  for (const [index, raw] of raws.entries()) {
    const result = await db
      .transaction()
      .execute((trx) => ingestMessage(trx, { accountId: null, folder: 'import', uidKey: `${fileHash}:${index}`, raw }, options));
    results.push({ id: result.id, stored: result.stored, verification: result.verification, suppressed: result.suppressed });
  }
  const stored = results.filter((r) => r.stored).length;
  return { messages: raws.length, stored, duplicates: raws.length - stored, results };
}

/** Which stored messages to export. */
export type ExportSelection = { readonly customerId: number } | { readonly campaignId: number };

/** The raw sources of a customer's or a campaign's received messages, oldest first. */
export async function exportedMessages(db: Kysely<DatabaseSchema>, selection: ExportSelection) {
  let query = db.selectFrom('inbox_messages').select(['id', 'raw', 'from_address', 'date_at', 'subject']).orderBy('date_at').orderBy('id');
  query = 'customerId' in selection ? query.where('customer_id', '=', selection.customerId) : query.where('campaign_id', '=', selection.campaignId);
  const rows = await query.execute();
  return rows.map((r) => ({ id: Number(r.id), raw: Buffer.from(r.raw), from: r.from_address, date: Number(r.date_at), subject: r.subject }));
}

/** The same messages as one mbox archive (mboxrd quoting). */
export async function exportMbox(db: Kysely<DatabaseSchema>, selection: ExportSelection): Promise<Buffer> {
  const messages = await exportedMessages(db, selection);
  return Buffer.concat(messages.map((m) => toMboxEntry(m.raw, m.from ?? undefined, new Date(m.date))));
}

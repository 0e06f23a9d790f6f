import type { Kysely } from 'kysely';
import { suppress } from '../../customers/index.js';
import type { DatabaseSchema } from '../../store/index.js';
import { classifyMessage, type Classification } from '../parse/classify.js';
import { parseMessage, type InboundMessage } from '../parse/message.parser.js';
import { fileMessage, type Filing } from './file-message.js';

/** Where a message came from. */
export interface MessageSource {
  /** The mail account read; null for imports. */
  readonly accountId: number | null;
  readonly folder: string;
  readonly uidKey: string;
  readonly raw: Buffer;
}

/** The result of storing one message. */
export interface IngestResult {
  /** inbox_messages.id (of the existing row when it was a duplicate). */
  readonly id: number | null;
  /** False when the message (or that mailbox position) was already stored: nothing filed twice. */
  readonly stored: boolean;
  readonly classification: Classification;
  readonly filing: Filing;
  /** Addresses suppressed because of this message. */
  readonly suppressed: readonly string[];
}

/** Policy knobs for effects. */
export interface IngestOptions {
  /** Soft bounces of one address after which it is suppressed. */
  readonly softBounceLimit: number;
}

/**
 * Parses, classifies, files and stores one message and applies its effects (suppressions), in
 * that order, inside the caller's transaction when `db` is one. A message whose Message-ID (or
 * source hash) or mailbox position is already stored is left alone: re-reading a mailbox after a
 * crash or a UIDVALIDITY change files nothing twice.
 */
export async function ingestMessage(db: Kysely<DatabaseSchema>, source: MessageSource, options: IngestOptions): Promise<IngestResult> {
  const message = await parseMessage(source.raw);
  const classification = classifyMessage(message);
  const existing = await db
    .selectFrom('inbox_messages')
    .select('id')
    .where((eb) =>
      eb.or([
        eb('message_key', '=', message.key),
        eb.and([eb('account_id', source.accountId === null ? 'is' : '=', source.accountId), eb('folder', '=', source.folder), eb('uid_key', '=', source.uidKey)]),
      ]),
    )
    .executeTakeFirst();
  if (existing) return { id: Number(existing.id), stored: false, classification, filing: await fileMessage(db, message, classification), suppressed: [] };

  const filing = await fileMessage(db, message, classification);
  const inserted = await db
    .insertInto('inbox_messages')
    .values(rowFor(source, message, classification, filing))
    .onConflict((oc) => oc.doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!inserted) return { id: null, stored: false, classification, filing, suppressed: [] };
  const suppressed = await applyEffects(db, message, classification, filing, options);
  return { id: Number(inserted.id), stored: true, classification, filing, suppressed };
}

/** Classifies and files without storing (for `tidings inbox classify`). */
export async function previewMessage(db: Kysely<DatabaseSchema> | undefined, raw: Buffer) {
  const message = await parseMessage(raw);
  const classification = classifyMessage(message);
  const filing = db ? await fileMessage(db, message, classification) : undefined;
  return { message, classification, filing };
}

function rowFor(source: MessageSource, message: InboundMessage, classification: Classification, filing: Filing) {
  const bounce = classification.bounce;
  return {
    account_id: source.accountId,
    folder: source.folder,
    uid_key: source.uidKey,
    message_key: message.key,
    message_id: message.messageId,
    in_reply_to: message.inReplyTo,
    references_header: message.references.length ? message.references.join(' ') : null,
    from_address: message.from?.address ?? null,
    from_name: message.from?.name ?? null,
    to_addresses: JSON.stringify(message.to),
    subject: message.subject,
    date_at: message.date ?? Date.now(),
    kind: classification.kind,
    text: message.text || null,
    html: message.html,
    attachments: JSON.stringify(message.attachments),
    raw: source.raw,
    raw_size: source.raw.length,
    customer_id: filing.customerId,
    outbox_id: filing.outboxId,
    campaign_id: filing.campaignId,
    bounce_type: bounce?.type ?? null,
    bounce_recipient: bounce?.recipient ?? null,
    bounce_status: bounce?.status ?? null,
    bounce_diagnostic: bounce?.diagnostic ?? null,
    filed_by: filing.filedBy,
    candidates: filing.candidates.length ? JSON.stringify(filing.candidates) : null,
    created_at: Date.now(),
  };
}

/**
 * Hard bounce → suppress the address; soft bounces → suppress once the address reached the
 * limit; unsubscribe → suppress the sender and the address we mailed. Replies need no write:
 * the campaign's reply count is a query over inbox_messages (see `replyCounts`).
 */
async function applyEffects(
  db: Kysely<DatabaseSchema>,
  message: InboundMessage,
  classification: Classification,
  filing: Filing,
  options: IngestOptions,
): Promise<string[]> {
  const suppressed: string[] = [];
  const outboxAddress = filing.outboxId
    ? (await db.selectFrom('outbox').select('address').where('id', '=', filing.outboxId).executeTakeFirst())?.address
    : undefined;
  const campaign = filing.campaignId ? ` (campaign ${filing.campaignId})` : '';
  if (classification.kind === 'bounce' && classification.bounce) {
    const { type, status, diagnostic } = classification.bounce;
    const address = (classification.bounce.recipient ?? outboxAddress)?.toLowerCase();
    if (!address) return suppressed;
    const detail = `${status ?? ''} ${diagnostic ?? ''}`.trim().slice(0, 500) + campaign;
    if (type === 'hard') {
      if (await suppress(db, { channel: 'email', value: address, reason: 'hard-bounce', detail })) suppressed.push(address);
    } else {
      const row = await db
        .selectFrom('inbox_messages')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('kind', '=', 'bounce')
        .where('bounce_type', '=', 'soft')
        .where('bounce_recipient', '=', address)
        .executeTakeFirst();
      if (Number(row?.n ?? 0) >= options.softBounceLimit) {
        const note = `${options.softBounceLimit} soft bounces; last: ${detail}`;
        if (await suppress(db, { channel: 'email', value: address, reason: 'soft-bounce', detail: note })) suppressed.push(address);
      }
    }
  }
  if (classification.kind === 'unsubscribe') {
    const addresses = new Set([message.from?.address, outboxAddress].filter((a): a is string => Boolean(a)).map((a) => a.toLowerCase()));
    for (const address of addresses) {
      const detail = `mailto unsubscribe${campaign}`;
      if (await suppress(db, { channel: 'email', value: address, reason: 'unsubscribed', detail })) suppressed.push(address);
    }
  }
  return suppressed;
}

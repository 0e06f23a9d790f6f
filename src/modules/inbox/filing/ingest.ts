import type { Kysely } from 'kysely';
import type { DatabaseSchema } from '../../../platform/db/index.js';
import { classifyMessage, type Classification } from '../parse/classify.js';
import { parseMessage, type InboundMessage } from '../parse/message.parser.js';
import { applyProvenEffect, proveEffect, type EffectOptions, type EffectProof, type Verification } from './effects.js';
import { fileMessage, type Filing } from './file-message.js';
import { systemClock, type Clock } from '../../../platform/clock/index.js';

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
  /** Whether its bounce/unsubscribe proved itself (null: the message claims no effect). */
  readonly verification: Verification | null;
}

/** Policy knobs for effects (see {@link EffectOptions}). */
export type IngestOptions = EffectOptions;

/**
 * Parses, classifies, files and stores one message and applies its effects (suppressions), in
 * that order, inside the caller's transaction when `db` is one. Effects are applied only when the
 * message proves it answers one of our messages (see {@link proveEffect}); otherwise it is stored
 * as `unverified` for a person to confirm (`confirmEffect`). A message whose Message-ID (or
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
  if (existing) {
    return { id: Number(existing.id), stored: false, classification, filing: await fileMessage(db, message, classification), suppressed: [], verification: null };
  }

  const proof = await proveEffect(db, message, classification, await fileMessage(db, message, classification), options);
  const { filing } = proof;
  const inserted = await db
    .insertInto('inbox_messages')
    .values(rowFor(source, message, classification, proof, options.clock))
    .onConflict((oc) => oc.doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!inserted) return { id: null, stored: false, classification, filing, suppressed: [], verification: null };
  const suppressed = await applyProvenEffect(db, classification, proof, options, Number(inserted.id));
  return { id: Number(inserted.id), stored: true, classification, filing, suppressed, verification: proof.verification };
}

/** Classifies and files without storing (for `tidings inbox classify`). */
export async function previewMessage(db: Kysely<DatabaseSchema> | undefined, raw: Buffer) {
  const message = await parseMessage(raw);
  const classification = classifyMessage(message);
  const filing = db ? await fileMessage(db, message, classification) : undefined;
  return { message, classification, filing };
}

function rowFor(source: MessageSource, message: InboundMessage, classification: Classification, proof: EffectProof, clock: Clock = systemClock) {
  const bounce = classification.bounce;
  const { filing } = proof;
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
    date_at: message.date ?? clock.now(),
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
    verification: proof.verification,
    verification_note: proof.note,
    created_at: clock.now(),
  };
}

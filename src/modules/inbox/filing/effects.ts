import type { Kysely, Selectable } from 'kysely';
import { suppress, suppressMarketing } from '../../customers/index.js';
import { TidingsError } from '../../../platform/errors/index.js';
import { findUnsubscribeRow, markOutboxBounced, outboxAddress, recordComplaint, sendingDb, unsubscribeTokensIn, type UnsubscribeTokens } from '../../sending/index.js';
import type { DatabaseSchema } from '../../../platform/db/index.js';
import type { InboxMessagesTable } from '../inbox.tables.js';
import { classifyMessage, type Classification } from '../parse/classify.js';
import { parseMessage, type InboundMessage } from '../parse/message.parser.js';
import type { ComplaintInfo } from '../parse/complaint.extract.js';
import type { Filing } from './file-message.js';
import { systemClock, type Clock } from '../../../platform/clock/index.js';

type Db = Kysely<DatabaseSchema>;

/** How far a bounce or unsubscribe proved itself (see InboxMessagesTable.verification). */
export type Verification = 'verified' | 'unverified' | 'confirmed';

/** Why a bounce or unsubscribe is unverified; stored in `verification_note`, shown in words by the API and UI. */
export type UnverifiedReason = 'no-trace' | 'row-gone' | 'no-recipient' | 'other-address' | 'no-token' | 'token-unchecked' | 'token-unknown';

/** Each {@link UnverifiedReason} in words (the web UI has its own English and Chinese texts). */
export const UNVERIFIED_REASONS: Readonly<Record<UnverifiedReason, string>> = {
  'no-trace': 'The bounce does not quote any message we sent (no Message-ID, trace header or reply address of ours).',
  'row-gone': 'The message this bounce quotes no longer exists.',
  'no-recipient': 'The bounce quotes a message we sent but names no failed recipient.',
  'other-address': 'The bounce quotes a message we sent to another address than the one it names as failed.',
  'no-token': 'The unsubscribe request carries none of our unsubscribe tokens; its sender address may be forged.',
  'token-unchecked': 'The unsubscribe token could not be checked where this message was read.',
  'token-unknown': 'The unsubscribe token in this request is not one we issued.',
};

/** The outcome of {@link proveEffect}: the state to store and, for a token unsubscribe, where it files. */
export interface EffectProof {
  readonly verification: Verification | null;
  /** Why it is unverified (null when verified or when the message claims no effect). */
  readonly note: UnverifiedReason | null;
  /** The filing, replaced by the token's message when a mailto unsubscribe carried one. */
  readonly filing: Filing;
  /** What a verified effect applies to: the address we sent the proven message to. */
  readonly address: string | null;
  readonly channel: 'email' | 'sms';
}

/** Policy of effects. */
export interface EffectOptions {
  /** Proven soft bounces of one address after which it is suppressed. */
  readonly softBounceLimit: number;
  /** Checks unsubscribe tokens; without it every mailto unsubscribe waits for a person. */
  readonly unsubscribeTokens?: UnsubscribeTokens | undefined;
  /** Stamps confirmations and filed messages; defaults to the system clock. */
  readonly clock?: Clock | undefined;
}

const TRACED = new Set(['token', 'trace', 'plus']);

/**
 * Decides whether a bounce or unsubscribe proves it is about a message we sent, before anything
 * is suppressed. Anyone can write `X-Failed-Recipients: vip@client.example` or a `From:` header,
 * so neither counts alone:
 *  - a bounce must carry our trace (the reply token in our Message-ID, the X-Tidings-Trace header
 *    or the plus-address) AND name as failed recipient the address that traced message went to;
 *  - a mailto unsubscribe must carry the message's signed unsubscribe token (the subject
 *    `unsubscribe <token>` our List-Unsubscribe mailto asks for, or a `+u-<token>` address).
 * Anything else is `unverified`: stored and shown, but only a person's confirmation applies it.
 */
export async function proveEffect(db: Db, message: InboundMessage, classification: Classification, filing: Filing, options: EffectOptions): Promise<EffectProof> {
  const none = { verification: null, note: null, filing, address: null, channel: 'email' as const };
  if (classification.kind === 'bounce') {
    const recipient = classification.bounce?.recipient?.toLowerCase() ?? null;
    const unverified = (note: UnverifiedReason): EffectProof => ({ ...none, verification: 'unverified', note, address: recipient });
    if (!filing.outboxId || !filing.filedBy || !TRACED.has(filing.filedBy)) return unverified('no-trace');
    const row = await outboxAddress(sendingDb(db), filing.outboxId);
    if (!row) return unverified('row-gone');
    if (!recipient) return unverified('no-recipient');
    if (recipient !== row.address.toLowerCase()) return unverified('other-address');
    return { verification: 'verified', note: null, filing, address: recipient, channel: row.channel };
  }
  if (classification.kind === 'complaint') {
    // "not-spam" (RFC 5965) is the opposite of a complaint: the person rescued our message from their spam folder.
    if (classification.complaint?.feedbackType === 'not-spam') return none;
    // Providers often redact the complainer's address in the report; our trace in the quoted
    // message is the proof (only that recipient's copy carried it). A readable address that is
    // not the one we sent to is a report about someone else's mail, so it waits for a person.
    const reported = namedRecipient(classification.complaint?.recipient);
    const unverified = (note: UnverifiedReason): EffectProof => ({ ...none, verification: 'unverified', note, address: reported });
    if (!filing.outboxId || !filing.filedBy || !TRACED.has(filing.filedBy)) return unverified('no-trace');
    const row = await outboxAddress(sendingDb(db), filing.outboxId);
    if (!row) return unverified('row-gone');
    if (reported && reported !== row.address.toLowerCase()) return unverified('other-address');
    return { verification: 'verified', note: null, filing, address: row.address.toLowerCase(), channel: row.channel };
  }
  if (classification.kind === 'unsubscribe') {
    const unverified = (note: UnverifiedReason): EffectProof => ({ ...none, verification: 'unverified', note, address: message.from?.address.toLowerCase() ?? null });
    const tokens = unsubscribeTokensIn(message.subject ?? '', [...message.to, ...message.deliveredTo]);
    if (tokens.length === 0) return unverified('no-token');
    if (!options.unsubscribeTokens) return unverified('token-unchecked');
    for (const token of tokens) {
      const row = await findUnsubscribeRow(db, options.unsubscribeTokens, token);
      if (!row) continue;
      const proven: Filing = { customerId: row.customerId, outboxId: row.id, campaignId: row.campaignId, filedBy: 'token', candidates: [] };
      return { verification: 'verified', note: null, filing: proven, address: row.address.toLowerCase(), channel: row.channel === 'sms' ? 'sms' : 'email' };
    }
    return unverified('token-unknown');
  }
  return none;
}

/** A complaint's recipient when it names a real address; null when absent or redacted (`xxxx@…`, `redacted@…`). */
function namedRecipient(recipient: string | null | undefined): string | null {
  const address = recipient?.trim().toLowerCase();
  if (!address || !address.includes('@')) return null;
  const local = address.slice(0, address.lastIndexOf('@'));
  return /^[x*#]+$|redacted/.test(local) ? null : address;
}

/**
 * Applies a verified effect: hard bounce → suppress the address; soft bounces → suppress once the
 * address reached the limit of proven ones; unsubscribe → suppress the address the token names;
 * complaint → record it against the campaign and its sending mailbox and withdraw the customer
 * from marketing on every channel (the send role's sweeper pauses a campaign whose complaint
 * rate passes the bound). Returns the addresses newly suppressed. Replies need no write: the
 * campaign's reply count is a query over inbox_messages (see `replyCounts`).
 */
export async function applyProvenEffect(db: Db, classification: Classification, proof: EffectProof, options: EffectOptions, inboxMessageId?: number): Promise<string[]> {
  if (proof.verification !== 'verified' || !proof.address) return [];
  const campaign = proof.filing.campaignId ? ` (campaign ${proof.filing.campaignId})` : '';
  if (classification.kind === 'bounce' && classification.bounce) {
    // The message we had marked sent came back: its outbox row counts as not delivered (bounced).
    if (proof.filing.outboxId) await markOutboxBounced(db, proof.filing.outboxId, `${classification.bounce.status ?? ''} ${classification.bounce.diagnostic ?? ''}`.trim(), options.clock);
    return bounceEffect(db, classification.bounce, proof.address, campaign, options);
  }
  if (classification.kind === 'complaint' && proof.filing.outboxId !== null) {
    return complaintEffect(db, proof.filing.outboxId, classification.complaint, options, inboxMessageId ?? null);
  }
  if (classification.kind === 'unsubscribe') {
    const added = await suppress(db, { channel: proof.channel, value: proof.address, reason: 'unsubscribed', detail: `mailto unsubscribe${campaign}` });
    return added ? [proof.address] : [];
  }
  return [];
}

/** A report's Arrival-Date (ISO 8601) as epoch ms; null when absent or unreadable. */
function arrivalOf(value: string | null | undefined): number | null {
  const ms = value ? Date.parse(value) : Number.NaN;
  return Number.isFinite(ms) ? ms : null;
}

/**
 * One complaint, once: counted against the outbox row's campaign and sending mailbox, then the
 * customer's marketing consent is withdrawn (the address on email, their numbers on SMS).
 */
async function complaintEffect(db: Db, outboxId: number, report: ComplaintInfo | undefined, options: EffectOptions, inboxMessageId: number | null, confirmedBy?: number | null): Promise<string[]> {
  const feedbackType = report?.feedbackType?.trim() || 'abuse';
  const recorded = await recordComplaint(
    db,
    { outboxId, feedbackType, userAgent: report?.userAgent ?? null, arrivedAt: arrivalOf(report?.arrivalDate), inboxMessageId },
    options.clock,
  );
  if (!recorded) return [];
  const who = confirmedBy === undefined ? '' : `; confirmed by ${confirmedBy === null ? 'the CLI' : `user ${confirmedBy}`}`;
  const detail = `${feedbackType} complaint (campaign ${recorded.campaignId})${who}`;
  return suppressMarketing(db, { customerId: recorded.customerId, address: recorded.address, reason: 'complaint', detail }, options.clock);
}

async function bounceEffect(
  db: Db,
  bounce: { type: 'hard' | 'soft' | null; status: string | null; diagnostic: string | null },
  address: string,
  campaign: string,
  options: EffectOptions,
  confirmedBy?: number | null,
): Promise<string[]> {
  const who = confirmedBy === undefined ? '' : `; confirmed by ${confirmedBy === null ? 'the CLI' : `user ${confirmedBy}`}`;
  const detail = `${bounce.status ?? ''} ${bounce.diagnostic ?? ''}`.trim().slice(0, 450) + campaign + who;
  if (bounce.type === 'hard') {
    return (await suppress(db, { channel: 'email', value: address, reason: 'hard-bounce', detail })) ? [address] : [];
  }
  // Only proven (or confirmed) soft bounces count: forged ones must not add up to a suppression.
  const row = await db
    .selectFrom('inbox_messages')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('kind', '=', 'bounce')
    .where('bounce_type', '=', 'soft')
    .where('bounce_recipient', '=', address)
    .where('verification', 'in', ['verified', 'confirmed'])
    .executeTakeFirst();
  if (Number(row?.n ?? 0) < options.softBounceLimit) return [];
  const note = `${options.softBounceLimit} soft bounces; last: ${detail}`;
  return (await suppress(db, { channel: 'email', value: address, reason: 'soft-bounce', detail: note })) ? [address] : [];
}

/** The addresses a person's confirmation would suppress for a stored message (shown before confirming). */
export async function pendingAddresses(db: Db, row: Pick<Selectable<InboxMessagesTable>, 'kind' | 'bounce_recipient' | 'from_address' | 'outbox_id'>): Promise<string[]> {
  const outbox = row.outbox_id === null ? undefined : await outboxAddress(sendingDb(db), row.outbox_id);
  // A complaint's sender is the provider's feedback loop, never the customer: only the message it reports counts.
  const candidates =
    row.kind === 'bounce' ? [row.bounce_recipient ?? outbox?.address] : row.kind === 'complaint' ? [outbox?.address] : [row.from_address, outbox?.address];
  return [...new Set(candidates.filter((a): a is string => Boolean(a)).map((a) => a.toLowerCase()))];
}

/** What {@link confirmEffect} did. */
export interface ConfirmResult {
  readonly id: number;
  readonly verification: 'confirmed';
  /** Addresses newly suppressed (an address already suppressed is not listed). */
  readonly suppressed: readonly string[];
}

/**
 * A person confirms an unverified bounce, complaint or unsubscribe: its effect is applied now (a
 * bounce suppresses the failed recipient, or counts towards the soft-bounce limit; a complaint
 * about one of our messages is counted and withdraws that customer from marketing; an
 * unsubscribe suppresses its sender and the message it answers). Once only: the state moves from
 * `unverified` to `confirmed` in the same transaction, so two confirmations apply it once.
 */
export async function confirmEffect(db: Db, messageId: number, options: EffectOptions & { readonly userId: number | null }): Promise<ConfirmResult> {
  return db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('inbox_messages').selectAll().where('id', '=', messageId).executeTakeFirst();
    if (!row) throw new TidingsError('NOT_FOUND', `No inbox message ${messageId}.`, { context: { id: messageId } });
    if (row.verification !== 'unverified') {
      throw new TidingsError(
        'INBOX_NOTHING_TO_CONFIRM',
        row.verification === null
          ? `Message ${messageId} is neither a bounce nor an unsubscribe request; there is nothing to confirm.`
          : `Message ${messageId} is already ${row.verification}; its effect was applied.`,
        { context: { id: messageId } },
      );
    }
    const claimed = await trx
      .updateTable('inbox_messages')
      .set({ verification: 'confirmed', confirmed_by: options.userId, confirmed_at: (options.clock ?? systemClock).now() })
      .where('id', '=', messageId)
      .where('verification', '=', 'unverified')
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) === 0) {
      throw new TidingsError('INBOX_NOTHING_TO_CONFIRM', `Message ${messageId} was confirmed by someone else a moment ago.`, { context: { id: messageId } });
    }
    const addresses = await pendingAddresses(trx, row);
    const campaign = row.campaign_id === null ? '' : ` (campaign ${Number(row.campaign_id)})`;
    const suppressed: string[] = [];
    if (row.kind === 'bounce') {
      if (row.outbox_id !== null) await markOutboxBounced(trx, Number(row.outbox_id), `${row.bounce_status ?? ''} ${row.bounce_diagnostic ?? ''}`.trim(), options.clock);
      const address = addresses[0];
      if (address) suppressed.push(...(await bounceEffect(trx, { type: row.bounce_type, status: row.bounce_status, diagnostic: row.bounce_diagnostic }, address, campaign, options, options.userId)));
    } else if (row.kind === 'complaint') {
      // The report's details are not columns of their own: read them again from the stored source.
      const classification = classifyMessage(await parseMessage(Buffer.from(row.raw)));
      const report = classification.kind === 'complaint' ? classification.complaint : undefined;
      if (row.outbox_id !== null) suppressed.push(...(await complaintEffect(trx, Number(row.outbox_id), report, options, messageId, options.userId)));
    } else {
      for (const address of addresses) {
        const detail = `mailto unsubscribe${campaign}; confirmed by ${options.userId === null ? 'the CLI' : `user ${options.userId}`}`;
        if (await suppress(trx, { channel: 'email', value: address, reason: 'unsubscribed', detail })) suppressed.push(address);
      }
    }
    return { id: messageId, verification: 'confirmed' as const, suppressed };
  });
}

import type { Kysely } from 'kysely';
import type { DatabaseSchema, SuppressionsTable } from '../../platform/db/index.js';
import { padToPowerOfTwo, preparedQuery, preparedQueryFamily } from '../../platform/db/prepared-query.js';
import { systemClock, type Clock } from '../../platform/clock/index.js';

/** Why an address or number may not be messaged on a channel. */
export type SuppressionReason = SuppressionsTable['reason'];
export type Channel = SuppressionsTable['channel'];

/** One suppression to record. */
export interface SuppressionInput {
  readonly channel: Channel;
  /** An email address, an E.164 number, or (scope `domain`, email only) a domain. */
  readonly value: string;
  readonly scope?: SuppressionsTable['scope'];
  readonly reason: SuppressionReason;
  /** Where it came from: campaign id, bounce diagnostic, who blocked it. */
  readonly detail?: string | null;
}

/** Addresses compare case-insensitively; numbers are already E.164. */
export const normaliseValue = (value: string): string => value.trim().toLowerCase();

/**
 * Records a suppression; idempotent (a second call for the same channel and value keeps the first
 * reason and time, so an unsubscribe is not rewritten as a bounce later). Returns true when new.
 */
export async function suppress(db: Kysely<DatabaseSchema>, input: SuppressionInput, clock: Clock = systemClock): Promise<boolean> {
  const result = await db
    .insertInto('suppressions')
    .values({
      channel: input.channel,
      scope: input.scope ?? 'address',
      value: normaliseValue(input.value),
      reason: input.reason,
      detail: input.detail ?? null,
      created_at: clock.now(),
    })
    .onConflict((oc) => oc.columns(['channel', 'scope', 'value']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

/** Lifts a suppression (e.g. a customer re-subscribed); returns true when one was removed. */
export async function unsuppress(
  db: Kysely<DatabaseSchema>,
  channel: Channel,
  value: string,
  scope: SuppressionsTable['scope'] = 'address',
): Promise<boolean> {
  const result = await db
    .deleteFrom('suppressions')
    .where('channel', '=', channel)
    .where('scope', '=', scope)
    .where('value', '=', normaliseValue(value))
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/**
 * The suppression that blocks `address` on `channel`, if any: the address itself, or for email
 * its domain. Checked when a campaign is built and again right before each send.
 */
export async function findSuppression(
  db: Kysely<DatabaseSchema>,
  channel: Channel,
  address: string,
): Promise<{ scope: SuppressionsTable['scope']; value: string; reason: SuppressionReason } | undefined> {
  const value = normaliseValue(address);
  // Checked before every send: compiled once, so only SQLite's execution is paid per message.
  const result =
    channel === 'email'
      ? await blockingEmailSuppression(db, channel, value, value.slice(value.lastIndexOf('@') + 1))
      : await blockingAddressSuppression(db, channel, value);
  return result.rows[0];
}

const blockingEmailSuppression = preparedQuery(3, (db: Kysely<DatabaseSchema>, channel: Channel, value: string, domain: string) =>
  db
    .selectFrom('suppressions')
    .select(['scope', 'value', 'reason'])
    .where('channel', '=', channel)
    .where((eb) => eb.or([eb.and([eb('scope', '=', 'address'), eb('value', '=', value)]), eb.and([eb('scope', '=', 'domain'), eb('value', '=', domain)])]))
    .limit(1),
);

const blockingAddressSuppression = preparedQuery(2, (db: Kysely<DatabaseSchema>, channel: Channel, value: string) =>
  db.selectFrom('suppressions').select(['scope', 'value', 'reason']).where('channel', '=', channel).where('scope', '=', 'address').where('value', '=', value).limit(1),
);

/** The suppression that blocks an address: its scope, the value it matched and why. */
export type BlockingSuppression = { readonly scope: SuppressionsTable['scope']; readonly value: string; readonly reason: SuppressionReason };

// Two index searches joined by UNION ALL: with both IN lists under one OR, SQLite scanned every
// email suppression instead of looking the values up.
const emailSuppressionsAmong = preparedQueryFamily((db: Kysely<DatabaseSchema>, ...valuesThenDomains: string[]) => {
  const half = valuesThenDomains.length / 2;
  const among = (scope: SuppressionsTable['scope'], values: string[]) =>
    db.selectFrom('suppressions').select(['scope', 'value', 'reason']).where('channel', '=', 'email').where('scope', '=', scope).where('value', 'in', values);
  return among('address', valuesThenDomains.slice(0, half)).unionAll(among('domain', valuesThenDomains.slice(half)));
});

/**
 * {@link findSuppression} on the email channel for many addresses in one statement: the
 * suppression blocking each address (by address or by its domain), keyed by the address as given;
 * addresses nothing blocks are absent.
 */
export async function findEmailSuppressions(
  db: Kysely<DatabaseSchema>,
  addresses: readonly string[],
): Promise<Map<string, BlockingSuppression>> {
  const found = new Map<string, BlockingSuppression>();
  if (addresses.length === 0) return found;
  const values = padToPowerOfTwo(addresses.map(normaliseValue));
  const domainOf = (value: string) => value.slice(value.lastIndexOf('@') + 1);
  const { rows } = await emailSuppressionsAmong(db, ...values, ...values.map(domainOf));
  if (rows.length === 0) return found;
  const byKey = new Map(rows.map((row) => [`${row.scope}:${row.value}`, row]));
  for (const address of addresses) {
    const value = normaliseValue(address);
    const hit = byKey.get(`address:${value}`) ?? byKey.get(`domain:${domainOf(value)}`);
    if (hit) found.set(address, hit);
  }
  return found;
}

/** True when {@link findSuppression} finds anything. */
export async function isSuppressed(db: Kysely<DatabaseSchema>, channel: Channel, address: string): Promise<boolean> {
  return (await findSuppression(db, channel, address)) !== undefined;
}

/** A recorded suppression. */
export interface Suppression {
  readonly id: number;
  readonly channel: Channel;
  readonly scope: SuppressionsTable['scope'];
  readonly value: string;
  readonly reason: SuppressionReason;
  readonly detail: string | null;
  readonly createdAt: number;
}

/** Options for {@link listSuppressions}. */
export interface ListSuppressionsOptions {
  readonly channel?: Channel;
  /** Only values containing this text. */
  readonly query?: string;
  /** Page size, default 100, at most 1000. */
  readonly limit?: number;
  /** Id of the last suppression of the previous page (keyset paging). */
  readonly afterId?: number;
}

/** Lists suppressions, newest id last, in pages. */
export async function listSuppressions(db: Kysely<DatabaseSchema>, options: ListSuppressionsOptions = {}): Promise<Suppression[]> {
  let q = db
    .selectFrom('suppressions')
    .select(['id', 'channel', 'scope', 'value', 'reason', 'detail', 'created_at'])
    .orderBy('id')
    .limit(Math.min(Math.max(options.limit ?? 100, 1), 1000));
  if (options.channel) q = q.where('channel', '=', options.channel);
  if (options.afterId !== undefined) q = q.where('id', '>', options.afterId);
  if (options.query) q = q.where('value', 'like', `%${normaliseValue(options.query).replace(/[\\%_]/g, (m) => `\\${m}`)}%`);
  const rows = await q.execute();
  return rows.map((r) => ({
    id: Number(r.id),
    channel: r.channel,
    scope: r.scope,
    value: r.value,
    reason: r.reason,
    detail: r.detail,
    createdAt: Number(r.created_at),
  }));
}

/** What a complaint withdraws, for {@link suppressMarketing}. */
export interface MarketingWithdrawal {
  /** The customer who complained; null when the report could not be tied to one. */
  readonly customerId: number | null;
  /** The email address the reported message went to. */
  readonly address: string;
  readonly reason: Extract<SuppressionReason, 'complaint'>;
  readonly detail: string;
}

/**
 * A customer reported our mail as spam: that is a withdrawal of consent to marketing, not only to
 * this message. Suppresses the reported address on email and the customer's numbers on SMS —
 * every channel we reach them on for marketing (customers have no per-channel consent flag:
 * being reachable on a channel is what puts them in a campaign's audience). Their other email
 * addresses are left alone: the complaint names one mailbox, and a work address may belong to a
 * different relationship. Idempotent; returns the addresses and numbers newly suppressed.
 */
export async function suppressMarketing(db: Kysely<DatabaseSchema>, input: MarketingWithdrawal, clock: Clock = systemClock): Promise<string[]> {
  const added: string[] = [];
  if (await suppress(db, { channel: 'email', value: input.address, reason: input.reason, detail: input.detail }, clock)) {
    added.push(normaliseValue(input.address));
  }
  if (input.customerId === null) return added;
  const phones = await db.selectFrom('customer_phones').select('e164').where('customer_id', '=', input.customerId).execute();
  for (const { e164 } of phones) {
    if (await suppress(db, { channel: 'sms', value: e164, reason: input.reason, detail: input.detail }, clock)) added.push(normaliseValue(e164));
  }
  return added;
}

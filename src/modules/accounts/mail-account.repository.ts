import type { Kysely } from 'kysely';
import type { SecretBox } from '../../platform/crypto/index.js';
import type { DatabaseSchema, MailAccountsTable } from '../../platform/db/index.js';
import { orConflict } from '../../platform/db/index.js';
import { ensureDefault, findAccountId, releaseFromCampaigns, switchDefault, type AccountRef } from './account.lookup.js';
import {
  MailAccountInputSchema,
  MailAccountPatchSchema,
  type MailAccountInput,
  type MailAccountPatch,
  type ParsedMailAccountInput,
} from './mail-account.schema.js';
import { toMailAccountView, type MailAccountRow, type MailAccountView } from './mail-account.view.js';
import { defaultAccountId } from './sending-account.js';
import { validate } from './validate.js';
import { assertAddressFree, claimAddress, orAddressTaken } from './mailbox.address.js';
import { recordMailCheck } from './mail-account.check.js';
import type { VerifyReport } from './verify/verify.types.js';
import { systemClock, type Clock } from '../../platform/clock/index.js';

type Db = Kysely<DatabaseSchema>;
type Columns = Omit<MailAccountsTable, 'id' | 'is_default' | 'created_at' | 'owner_user_id'>;

/** Reads full rows (with the TLS side table) for the given ids, or all accounts. */
export async function readMailAccountRows(db: Db, id?: number): Promise<MailAccountRow[]> {
  let query = db
    .selectFrom('mail_accounts')
    .leftJoin('mail_account_tls', 'mail_account_tls.mail_account_id', 'mail_accounts.id')
    .leftJoin('mail_account_checks', 'mail_account_checks.mail_account_id', 'mail_accounts.id')
    .selectAll('mail_accounts')
    .select(['mail_account_tls.verify_certificates', 'mail_account_checks.checked_at', 'mail_account_checks.ok as check_ok', 'mail_account_checks.checks'])
    .orderBy('mail_accounts.id');
  if (id !== undefined) query = query.where('mail_accounts.id', '=', id);
  const rows = await query.execute();
  return rows.map((row) => ({ ...row, id: Number(row.id) }) as MailAccountRow);
}

/** The row columns for a validated input; passwords are sealed here and nowhere else. */
function columnsOf(input: ParsedMailAccountInput, secrets: SecretBox, clock: Clock = systemClock): Columns {
  const { incoming, smtp, limits } = input;
  return {
    name: input.name,
    display_name: input.displayName || input.email.slice(0, input.email.indexOf('@')),
    email: input.email,
    reply_to: input.replyTo ?? null,
    signature_text: input.signatureText ?? null,
    signature_html: input.signatureHtml ?? null,
    provider: input.provider ?? null,
    incoming_protocol: incoming?.protocol ?? null,
    incoming_host: incoming?.host.toLowerCase() ?? null,
    incoming_port: incoming?.port ?? null,
    incoming_security: incoming?.security ?? null,
    incoming_username: incoming?.username ?? null,
    incoming_password_enc: incoming?.password ? secrets.seal(incoming.password) : null,
    leave_copy: input.leaveCopy ? 1 : 0,
    smtp_host: smtp.host.toLowerCase(),
    smtp_port: smtp.port,
    smtp_security: smtp.security,
    smtp_auth: smtp.auth ? 1 : 0,
    smtp_username: smtp.username ?? null,
    smtp_password_enc: smtp.password ? secrets.seal(smtp.password) : null,
    limit_per_second: limits.perSecond ?? null,
    limit_per_minute: limits.perMinute ?? null,
    limit_per_hour: limits.perHour ?? null,
    limit_per_day: limits.perDay ?? null,
    plus_addressing: input.plusAddressing ? 1 : 0,
    updated_at: clock.now(),
  };
}

/**
 * Creates a mail account (the first one becomes the default) and returns its public view.
 * `ownerUserId`: the person whose mailbox it is; absent or null for a shared mailbox (who may set
 * it is decided by the mailbox policy, see mail-account.service.ts).
 */
export async function createMailAccount(
  db: Db,
  secrets: SecretBox,
  input: MailAccountInput,
  options: {
    readonly ownerUserId?: number | null;
    /** A login test of these settings run just before, stored with the new mailbox. */
    readonly check?: { readonly report: VerifyReport; readonly at: number };
  } = {},
): Promise<MailAccountView> {
  const parsed = validate(MailAccountInputSchema, input, 'mail account');
  const columns = columnsOf(parsed, secrets);
  const owner = options.ownerUserId ?? null;
  await assertAddressFree(db, owner, parsed.email);
  const id = await orAddressTaken(db, { ownerUserId: owner, email: parsed.email }, () => orConflict(
    () =>
      db.transaction().execute(async (trx) => {
        const inserted = await trx
          .insertInto('mail_accounts')
          .values({ ...columns, ...(options.ownerUserId != null && { owner_user_id: options.ownerUserId }), is_default: 0, created_at: columns.updated_at })
          .returning('id')
          .executeTakeFirstOrThrow();
        const newId = Number(inserted.id);
        await trx.insertInto('mail_account_tls').values({ mail_account_id: newId, verify_certificates: parsed.tlsVerify ? 1 : 0 }).execute();
        await claimAddress(trx, newId, owner, parsed.email);
        if (options.check) await recordMailCheck(trx, newId, options.check.report, options.check.at);
        return newId;
      }),
    `A mail account named "${parsed.name}" already exists; choose another account name.`,
  ));
  // Outside the insert's transaction, so a collision on the one-default index is retried by
  // switchDefault instead of being misreported as a duplicate name. Only a shared mailbox becomes
  // the default by being first: a person's own mailbox is no one else's fallback.
  if (parsed.isDefault || (owner === null && (await defaultAccountId(db, 'email')) === undefined)) await switchDefault(db, 'mail_accounts', id);
  return getMailAccount(db, id);
}

/** Every mail account, oldest first. */
export async function listMailAccounts(db: Db): Promise<MailAccountView[]> {
  return (await readMailAccountRows(db)).map(toMailAccountView);
}

/** One mail account by id or name; NOT_FOUND otherwise. */
export async function getMailAccount(db: Db, ref: AccountRef): Promise<MailAccountView> {
  const id = await findAccountId(db, 'mail_accounts', ref);
  const [row] = await readMailAccountRows(db, id);
  if (!row) return getMailAccount(db, ref); // deleted in between: report NOT_FOUND from the lookup
  return toMailAccountView(row);
}

/** Turns a stored row back into a (password-free) input so a patch can be merged and re-validated. */
function inputOf(row: MailAccountRow): MailAccountInput {
  return {
    name: row.name,
    displayName: row.display_name,
    email: row.email,
    replyTo: row.reply_to ?? undefined,
    signatureText: row.signature_text ?? undefined,
    signatureHtml: row.signature_html ?? undefined,
    provider: row.provider ?? undefined,
    incoming:
      row.incoming_protocol && row.incoming_host && row.incoming_port && row.incoming_security && row.incoming_username
        ? {
            protocol: row.incoming_protocol,
            host: row.incoming_host,
            port: row.incoming_port,
            security: row.incoming_security,
            username: row.incoming_username,
          }
        : undefined,
    leaveCopy: row.leave_copy === 1,
    smtp: {
      host: row.smtp_host,
      port: row.smtp_port,
      security: row.smtp_security,
      auth: row.smtp_auth === 1,
      username: row.smtp_username ?? undefined,
    },
    limits: {
      perSecond: row.limit_per_second,
      perMinute: row.limit_per_minute,
      perHour: row.limit_per_hour,
      perDay: row.limit_per_day,
    },
    plusAddressing: row.plus_addressing === 1,
    tlsVerify: row.verify_certificates !== 0,
  };
}

const dropUndefined = <T extends object>(value: T): Partial<T> =>
  Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;

/** Which stored passwords an update dropped because their server changed. */
export type DroppedPassword = 'incoming' | 'smtp';

/** The result of {@link applyMailAccountPatch}: the account after the change, and what was dropped. */
export interface MailAccountUpdate {
  readonly account: MailAccountView;
  /** Stored passwords removed because host, port, security or user name of their server changed. */
  readonly droppedPasswords: readonly DroppedPassword[];
}

const differs = (next: unknown, current: unknown): boolean =>
  next !== undefined && (typeof next === 'string' && typeof current === 'string' ? next.toLowerCase() !== current.toLowerCase() : next !== current);

/**
 * Applies a patch: omitted fields stay, nested objects merge field by field, null clears. The
 * merged account is validated as a whole, so an update cannot leave it unusable. Passwords: a
 * string replaces, null removes, omitted keeps the sealed value untouched (never re-read) —
 * unless the patch changes where that password would be sent: a new host, port, security or user
 * name (protocol, for the incoming server), or certificate checks turned off, drops the stored
 * password of that server, so nobody can point a mailbox at their own server and collect its password. SMTP without a password of
 * its own logs in with the incoming one, so a changed SMTP endpoint drops that too.
 */
export async function applyMailAccountPatch(db: Db, secrets: SecretBox, ref: AccountRef, patch: MailAccountPatch): Promise<MailAccountUpdate> {
  const changes = validate(MailAccountPatchSchema, patch, 'mail account update');
  const id = await findAccountId(db, 'mail_accounts', ref);
  const [row] = await readMailAccountRows(db, id);
  if (!row) return { account: await getMailAccount(db, ref), droppedPasswords: [] };
  const current = inputOf(row);
  const { incoming: incomingPatch, smtp: smtpPatch, limits: limitsPatch, ...rest } = changes;
  const { password: incomingPassword, ...incomingFields } = incomingPatch ?? {};
  const { password: smtpPassword, ...smtpFields } = smtpPatch ?? {};
  const merged = {
    ...current,
    ...dropUndefined(rest),
    incoming: incomingPatch === null ? undefined : incomingPatch ? { ...current.incoming, ...dropUndefined(incomingFields) } : current.incoming,
    smtp: { ...current.smtp, ...dropUndefined(smtpFields) },
    limits: { ...current.limits, ...dropUndefined(limitsPatch ?? {}) },
  } as Record<string, unknown> & MailAccountInput;
  // Null in a patch means "clear": the schema for a full account spells that as absent.
  for (const key of ['replyTo', 'signatureText', 'signatureHtml', 'provider'] as const) if (merged[key] === null) delete merged[key];
  if (merged.smtp.username === null) delete merged.smtp.username;
  // Where each password would go after this patch, compared with where it went before. Turning
  // certificate checks off counts as a new endpoint for both servers: whoever sits in the network
  // path could then pose as the server and receive the password.
  const certificatesOff = changes.tlsVerify === false && current.tlsVerify !== false;
  const incomingMoved =
    incomingPatch !== null &&
    (certificatesOff ||
      (incomingPatch !== undefined &&
        (['protocol', 'host', 'port', 'security', 'username'] as const).some((key) => differs(incomingPatch[key], current.incoming?.[key]))));
  const smtpMoved =
    certificatesOff ||
    (smtpPatch !== undefined &&
      ((['host', 'port', 'security'] as const).some((key) => differs(smtpPatch[key], current.smtp[key])) ||
        (smtpPatch.username !== undefined && (smtpPatch.username ?? null) !== (row.smtp_username ?? null))));
  const dropSmtp = smtpMoved && smtpPassword === undefined && row.smtp_password_enc !== null;
  // SMTP falls back to the incoming password when it has none of its own.
  const smtpBorrowsIncoming = smtpPassword === undefined && (row.smtp_password_enc === null || dropSmtp) && merged.smtp.auth !== false;
  const dropIncoming =
    incomingPassword === undefined && row.incoming_password_enc !== null && incomingPatch !== null && (incomingMoved || (smtpMoved && smtpBorrowsIncoming));
  // Validate with stand-in passwords where a sealed one is kept (or was just dropped for a new
  // endpoint: the account stays saved, and asks for the password before it next logs in).
  const keepsIncoming = incomingPatch !== null && incomingPassword === undefined && row.incoming_password_enc !== null;
  const keepsSmtp = smtpPassword === undefined && row.smtp_password_enc !== null;
  const probe = {
    ...merged,
    incoming: merged.incoming ? { ...merged.incoming, password: incomingPassword ?? (keepsIncoming ? 'kept' : undefined) } : undefined,
    smtp: { ...merged.smtp, password: smtpPassword ?? (keepsSmtp ? 'kept' : undefined) },
  };
  const parsed = validate(MailAccountInputSchema, probe, 'mail account');
  const columns = columnsOf(
    { ...parsed, incoming: parsed.incoming ? { ...parsed.incoming, password: undefined } : undefined, smtp: { ...parsed.smtp, password: undefined } },
    secrets,
  );
  const { incoming_password_enc: _i, smtp_password_enc: _s, ...plain } = columns;
  const sealed: Partial<Columns> = {};
  if (incomingPatch === null || incomingPassword === null || dropIncoming) sealed.incoming_password_enc = null;
  else if (incomingPassword) sealed.incoming_password_enc = secrets.seal(incomingPassword);
  if (smtpPassword === null || dropSmtp) sealed.smtp_password_enc = null;
  else if (smtpPassword) sealed.smtp_password_enc = secrets.seal(smtpPassword);
  const owner = row.owner_user_id === null ? null : Number(row.owner_user_id);
  const emailChanged = parsed.email !== row.email.toLowerCase();
  if (emailChanged) await assertAddressFree(db, owner, parsed.email, id);
  await orAddressTaken(db, { ownerUserId: owner, email: parsed.email, exceptId: id }, () => orConflict(
    () =>
      db.transaction().execute(async (trx) => {
        await trx.updateTable('mail_accounts').set({ ...plain, ...sealed }).where('id', '=', id).execute();
        await trx.updateTable('mail_account_tls').set({ verify_certificates: parsed.tlsVerify ? 1 : 0 }).where('mail_account_id', '=', id).execute();
        if (emailChanged) await claimAddress(trx, id, owner, parsed.email);
        // New servers, a new address or new passwords make the last login test stale.
        const newSecrets = typeof incomingPassword === 'string' || typeof smtpPassword === 'string';
        const tlsChanged = changes.tlsVerify !== undefined && changes.tlsVerify !== current.tlsVerify;
        if (emailChanged || incomingMoved || smtpMoved || (incomingPatch === null && current.incoming !== undefined) || newSecrets || tlsChanged) {
          await trx.deleteFrom('mail_account_checks').where('mail_account_id', '=', id).execute();
        }
      }),
    `A mail account named "${parsed.name}" already exists; choose another name.`,
  ));
  const droppedPasswords: DroppedPassword[] = [...(dropIncoming ? (['incoming'] as const) : []), ...(dropSmtp ? (['smtp'] as const) : [])];
  return { account: await getMailAccount(db, id), droppedPasswords };
}

/** {@link applyMailAccountPatch}, returning only the account (the CLI and older callers). */
export async function updateMailAccount(db: Db, secrets: SecretBox, ref: AccountRef, patch: MailAccountPatch): Promise<MailAccountView> {
  return (await applyMailAccountPatch(db, secrets, ref, patch)).account;
}

/** Makes the account the one default sending account. */
export async function setDefaultMailAccount(db: Db, ref: AccountRef): Promise<MailAccountView> {
  const id = await findAccountId(db, 'mail_accounts', ref);
  await switchDefault(db, 'mail_accounts', id);
  return getMailAccount(db, id);
}

/**
 * Deletes an account, even while it is in use: campaigns sending, scheduled or paused on it are
 * paused with a reason that says so, every campaign is detached from it (see releaseFromCampaigns),
 * and its inbox poller stops by itself. Deleting the default promotes the oldest remaining account.
 */
export async function deleteMailAccount(db: Db, ref: AccountRef): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const id = await findAccountId(trx, 'mail_accounts', ref);
    await releaseFromCampaigns(trx, 'mail_account_id', id);
    // A rep whose own mailbox is gone has no sending account until they connect another, rather
    // than a link to nothing that every one-off send trips over.
    await trx.updateTable('users').set({ mail_account_id: null }).where('mail_account_id', '=', id).execute();
    await trx.deleteFrom('mail_account_tls').where('mail_account_id', '=', id).execute();
    await trx.deleteFrom('mail_account_addresses').where('mail_account_id', '=', id).execute();
    await trx.deleteFrom('mail_account_checks').where('mail_account_id', '=', id).execute();
    await trx.deleteFrom('mail_accounts').where('id', '=', id).execute();
    await ensureDefault(trx, 'mail_accounts');
  });
}

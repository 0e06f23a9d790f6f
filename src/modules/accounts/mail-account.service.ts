import type { Kysely } from 'kysely';
import type { SecretBox } from '../../platform/crypto/index.js';
import { TidingsError, type ErrorCode } from '../../platform/errors/index.js';
import type { DatabaseSchema } from '../../platform/db/index.js';
import { findAccountId, type AccountRef } from './account.lookup.js';
import { loadMailAccount } from './mail-account.loader.js';
import {
  applyMailAccountPatch,
  createMailAccount,
  deleteMailAccount,
  readMailAccountRows,
  setDefaultMailAccount,
  type DroppedPassword,
} from './mail-account.repository.js';
import { MailAccountInputSchema, MailAccountPatchSchema, type MailAccountInput, type MailAccountPatch } from './mail-account.schema.js';
import { toMailAccountView, type MailAccountView } from './mail-account.view.js';
import { assertMayAssignOwner, assertMayOnMailbox, mayOnMailbox, ownerForNewMailbox, type MailboxAction, type MailboxActor, type OwnedMailbox } from './mailbox.policy.js';
import { assertHostAllowed } from '../../platform/net/ssrf.guard.js';
import { chooseSendingAccount } from './sending-account.js';
import { validate } from './validate.js';
import { verifyMailAccount, type VerifyOptions, type VerifyReport } from './verify/account.verifier.js';
import type { MailAccount } from './mail-account.loader.js';
import { draftMailAccount } from './mail-account.draft.js';
import { recordMailCheck } from './mail-account.check.js';
import { assertAddressFree, claimAddress, orAddressTaken } from './mailbox.address.js';
import { changeMailboxOwner } from './mailbox.owner.js';
import { systemClock, type Clock } from '../../platform/clock/index.js';

type Db = Kysely<DatabaseSchema>;

/** What the service needs: the store, the SecretBox, and the SSRF allow list. */
export interface MailAccountServiceOptions {
  readonly db: Db;
  readonly secrets: SecretBox;
  /** TIDINGS_ALLOW_PRIVATE_HOSTS. */
  readonly allowPrivateHosts: string;
  /** Stamps updates and login tests; defaults to the system clock. */
  readonly clock?: Clock;
  /** The login test (tests inject one; default: real SMTP and IMAP/POP3 logins). */
  readonly verifier?: (account: MailAccount, options: VerifyOptions) => Promise<VerifyReport>;
}

/** Options of {@link MailAccountService.create} and {@link MailAccountService.verifyDraft}. */
export interface NewMailboxOptions {
  /** Admins: the user whose mailbox it is (null or absent: shared). */
  readonly ownerUserId?: number | null;
  /**
   * Log in to the servers first and store the result with the mailbox (the wizard's "Finish");
   * `'required'`: save only when every login works (the CLI's `add --verify`).
   */
  readonly verify?: boolean | 'required';
}

/** A saved account, with what the save did besides: passwords dropped, warnings for the user. */
export interface MailAccountSaved {
  readonly account: MailAccountView;
  /** Stored passwords removed because their server changed (enter them again). */
  readonly droppedPasswords: readonly DroppedPassword[];
  /** Things the user should know, e.g. a host that does not resolve right now. */
  readonly warnings: readonly string[];
}

/**
 * The mail-account rules every entry point (HTTP routes, CLI) goes through: who may see, change,
 * verify, delete and send from a mailbox (mailbox.policy.ts), the SSRF check of the hosts at save
 * time, and the credentials that follow their endpoint (mail-account.repository.ts).
 */
export class MailAccountService {
  constructor(private readonly options: MailAccountServiceOptions) {}

  private get db(): Db {
    return this.options.db;
  }

  /** The mailbox's ownership facts; NOT_FOUND for an unknown ref. */
  private async mailbox(ref: AccountRef): Promise<OwnedMailbox> {
    const id = await findAccountId(this.db, 'mail_accounts', ref);
    const row = await this.db.selectFrom('mail_accounts').select(['id', 'name', 'owner_user_id']).where('id', '=', id).executeTakeFirst();
    if (!row) return this.mailbox(ref); // deleted in between: the lookup reports NOT_FOUND
    return { id: Number(row.id), name: row.name, ownerUserId: row.owner_user_id === null ? null : Number(row.owner_user_id) };
  }

  /** The mailbox `ref` names, if `actor` may do `action` to it; 403 AUTH_FORBIDDEN otherwise. */
  async authorize(actor: MailboxActor, ref: AccountRef, action: MailboxAction): Promise<OwnedMailbox> {
    const mailbox = await this.mailbox(ref);
    assertMayOnMailbox(actor, mailbox, action);
    return mailbox;
  }

  /** The mailboxes `actor` may see (a sales rep: their own), passwords masked. */
  async list(actor: MailboxActor): Promise<MailAccountView[]> {
    const views = (await readMailAccountRows(this.db)).map(toMailAccountView);
    return views.filter((v) => mayOnMailbox(actor, { id: v.id, name: v.name, ownerUserId: v.ownerUserId }, 'see'));
  }

  /** One mailbox, if `actor` may see it. */
  async get(actor: MailboxActor, ref: AccountRef): Promise<MailAccountView> {
    const { id } = await this.authorize(actor, ref, 'see');
    return this.view(id);
  }

  private async view(id: number): Promise<MailAccountView> {
    const [row] = await readMailAccountRows(this.db, id);
    if (!row) throw new TidingsError('NOT_FOUND', `Mail account ${id} was deleted meanwhile.`, { context: { account: id } });
    return toMailAccountView(row);
  }

  private get clock(): Clock {
    return this.options.clock ?? systemClock;
  }

  private runVerifier(account: MailAccount, incomingPassword?: string): Promise<VerifyReport> {
    const verifier = this.options.verifier ?? verifyMailAccount;
    return verifier(account, { allowPrivateHosts: this.options.allowPrivateHosts, incomingPassword });
  }

  /** Who a new mailbox would belong to and its parsed settings; refuses what may not be added. */
  private async prepareNew(actor: MailboxActor, input: MailAccountInput, options: NewMailboxOptions) {
    const owner = ownerForNewMailbox(actor, options.ownerUserId);
    const parsed = validate(MailAccountInputSchema, input, 'mail account');
    // The default sending account is everyone's fallback; choosing it is a marketer's or an admin's call.
    if (parsed.isDefault && actor.role !== 'admin' && actor.role !== 'marketer') {
      throw new TidingsError('AUTH_FORBIDDEN', 'Only marketers and admins choose the default sending account; leave isDefault out.', { context: { action: 'create' } });
    }
    if (owner !== null) await this.assertUserExists(owner);
    // One mailbox per address per owner: said before any server is asked or anything stored.
    await assertAddressFree(this.db, owner, parsed.email);
    const warnings = await this.checkHosts(parsed.name, { smtp: parsed.smtp.host, incoming: parsed.incoming?.host });
    return { owner, parsed, warnings };
  }

  /**
   * Logs in to the servers of settings that are NOT saved (the wizard's "Verify"): nothing is
   * stored, whatever the outcome. Refuses what {@link create} would refuse (an address this owner
   * already has, a forbidden host, an owner the actor may not choose) before trying.
   */
  async verifyDraft(actor: MailboxActor, input: MailAccountInput, options: Pick<NewMailboxOptions, 'ownerUserId'> = {}): Promise<VerifyReport> {
    const { parsed } = await this.prepareNew(actor, input, options);
    return this.runVerifier(draftMailAccount(parsed));
  }

  /**
   * Adds a mailbox. Its owner: the sales rep adding it, shared for a marketer, `ownerUserId` for
   * an admin. Hosts are checked against the SSRF guard first; nothing is stored when one is
   * refused, or when the owner already has a mailbox for this address (ACCOUNT_MAILBOX_EXISTS).
   * With `verify`, the login test runs first and its result is stored with the mailbox. A
   * person's first mailbox becomes their sending mailbox; only a shared one can become the
   * default by being the first.
   */
  async create(actor: MailboxActor, input: MailAccountInput, options: NewMailboxOptions = {}): Promise<MailAccountSaved & { readonly check?: VerifyReport }> {
    const { owner, parsed, warnings } = await this.prepareNew(actor, input, options);
    const report = options.verify ? await this.runVerifier(draftMailAccount(parsed)) : undefined;
    const failed = report?.checks.find((c) => !c.ok);
    if (options.verify === 'required' && failed?.error) {
      throw new TidingsError(failed.error.code as ErrorCode, `${failed.error.message} The mailbox was not saved.`, { context: { server: failed.server }, retryable: failed.error.retryable });
    }
    const account = await createMailAccount(this.db, this.options.secrets, input, {
      ownerUserId: owner,
      ...(report ? { check: { report, at: this.clock.now() } } : {}),
    });
    if (owner !== null) await this.linkIfUnlinked(owner, account.id);
    return { account, droppedPasswords: [], warnings, ...(report ? { check: report } : {}) };
  }

  /** Changes a mailbox `actor` may change; new hosts are checked, moved credentials dropped. */
  async update(actor: MailboxActor, ref: AccountRef, patch: MailAccountPatch): Promise<MailAccountSaved> {
    const mailbox = await this.authorize(actor, ref, 'change');
    const changes = validate(MailAccountPatchSchema, patch, 'mail account update');
    // Only hosts this request sets are checked: one saved earlier is judged again at connect time.
    const warnings = await this.checkHosts(mailbox.name, { smtp: changes.smtp?.host, incoming: changes.incoming?.host });
    const { account, droppedPasswords } = await applyMailAccountPatch(this.db, this.options.secrets, mailbox.id, patch);
    return { account, droppedPasswords, warnings };
  }

  /** Deletes a mailbox `actor` may change (what deleting an in-use mailbox does is the repository's). */
  async delete(actor: MailboxActor, ref: AccountRef): Promise<void> {
    const mailbox = await this.authorize(actor, ref, 'change');
    await deleteMailAccount(this.db, mailbox.id);
  }

  /** Makes a mailbox the default sending account: a change to it, so the same rule applies. */
  async setDefault(actor: MailboxActor, ref: AccountRef): Promise<MailAccountView> {
    const mailbox = await this.authorize(actor, ref, 'change');
    return setDefaultMailAccount(this.db, mailbox.id);
  }

  /** Logs in to the mailbox's servers with its stored credentials; only for those who may change it. */
  /** Logs in to the mailbox's servers with its stored credentials and stores the outcome as its last check. */
  async verify(actor: MailboxActor, ref: AccountRef, options: { readonly incomingPassword?: string | undefined } = {}): Promise<VerifyReport> {
    const mailbox = await this.authorize(actor, ref, 'change');
    const account = await loadMailAccount(this.db, this.options.secrets, mailbox.id);
    const report = await this.runVerifier(account, options.incomingPassword);
    await recordMailCheck(this.db, mailbox.id, report, this.clock.now());
    return report;
  }

  /**
   * The id of the mailbox `actor` may send from: `ref`, or the default mailbox when absent (the
   * one rule, sending-account.ts). A person's mailbox is usable by that person (and admins) only.
   */
  async sendingAccount(actor: MailboxActor, ref: AccountRef | undefined): Promise<number> {
    return chooseSendingAccount(this.db, { channel: 'email', actor, account: ref });
  }

  /**
   * Admins only: gives the mailbox to a user, or makes it shared (null). The users' own sending
   * account (users.mail_account_id) follows: the old owner loses it, the new owner gets it when
   * they have none yet.
   */
  async setOwner(actor: MailboxActor, ref: AccountRef, ownerUserId: number | null): Promise<MailAccountView> {
    assertMayAssignOwner(actor);
    const mailbox = await this.mailbox(ref);
    if (ownerUserId !== null) await this.assertUserExists(ownerUserId);
    await changeMailboxOwner(this.db, mailbox.id, ownerUserId, (this.options.clock ?? systemClock).now());
    if (ownerUserId !== null) await this.linkIfUnlinked(ownerUserId, mailbox.id);
    return this.view(mailbox.id);
  }

  private async assertUserExists(userId: number): Promise<void> {
    const user = await this.db.selectFrom('users').select(['id', 'disabled']).where('id', '=', userId).executeTakeFirst();
    if (!user || user.disabled === 1) {
      throw new TidingsError('VALIDATION_FAILED', `ownerUserId: there is no active user with id ${userId}; give an existing user's id, or null for a shared mailbox.`, {
        context: { ownerUserId: userId },
      });
    }
  }

  /** A person's first mailbox becomes their sending account for one-off emails. */
  private async linkIfUnlinked(userId: number, accountId: number): Promise<void> {
    await this.db
      .updateTable('users')
      .set({ mail_account_id: accountId, updated_at: (this.options.clock ?? systemClock).now() })
      .where('id', '=', userId)
      .where('mail_account_id', 'is', null)
      .execute();
  }

  /**
   * The SSRF guard at save time. A host that resolves to a refused address is refused now
   * (ACCOUNT_HOST_FORBIDDEN, nothing stored); one that does not resolve at all is saved with a
   * warning — DNS may be down for a moment — and is judged again at every connection.
   */
  private async checkHosts(account: string, hosts: { smtp?: string | undefined; incoming?: string | undefined }): Promise<string[]> {
    const warnings: string[] = [];
    for (const [server, host] of [
      ['smtp', hosts.smtp],
      ['incoming', hosts.incoming],
    ] as const) {
      if (host === undefined) continue;
      try {
        await assertHostAllowed(host, { allowPrivateHosts: this.options.allowPrivateHosts }, `${server} host of account ${account}`);
      } catch (error) {
        if (!(error instanceof TidingsError)) throw error;
        if (error.code === 'ACCOUNT_HOST_UNRESOLVED') {
          warnings.push(`The ${server === 'smtp' ? 'SMTP' : 'incoming'} host ${host} does not resolve in DNS right now; check its spelling. It is checked again before every connection.`);
        } else if (error.code === 'ACCOUNT_HOST_FORBIDDEN') {
          throw new TidingsError('ACCOUNT_HOST_FORBIDDEN', `Mail account "${account}" was not saved. ${error.message}`, { cause: error, context: { account, server, host } });
        } else throw error;
      }
    }
    return warnings;
  }
}

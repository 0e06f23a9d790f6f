import type { Kysely } from 'kysely';
import { chooseSendingAccount, type AccountRef, type MailboxActor } from '../../accounts/index.js';
import { loadMergeCustomer } from '../../customers/index.js';
import type { DatabaseSchema } from '../../../platform/db/index.js';
import { systemClock, type Clock } from '../../../platform/clock/index.js';
import { accountFromMailRow, chooseTemplateVersion, compileVersionInput, type MergeContext, type TemplateRenderer } from '../../templates/index.js';
import type { OneoffMessage } from '../oneoff.service.js';

type Db = Kysely<DatabaseSchema>;

/** The mailbox a one-off goes out from, as the writer sees it ("From: Li Lei <li@…>"). */
export interface OneoffSender {
  readonly id: number;
  readonly name: string;
  readonly displayName: string;
  readonly email: string;
}

/**
 * The mailbox a one-off would be sent from: the one named (for writers who may choose), else the
 * writer's own (the same rule as sending, src/modules/accounts sending-account.ts); undefined
 * when the writer has no mailbox of their own and named none.
 */
export async function oneoffSender(db: Db, actor: MailboxActor, account?: AccountRef): Promise<OneoffSender | undefined> {
  const named = account ?? actor.mailAccountId ?? undefined;
  if (named === undefined) return undefined;
  const id = await chooseSendingAccount(db, { channel: 'email', actor, account: named });
  const row = await db.selectFrom('mail_accounts').select(['id', 'name', 'display_name', 'email']).where('id', '=', id).executeTakeFirst();
  return row && { id: Number(row.id), name: row.name, displayName: row.display_name, email: row.email };
}

/** One merge field of the customer, with its value (what the compose dialog offers to insert). */
export interface MergeFieldValue {
  /** The text to insert, e.g. `{{customer.displayName}}`. */
  readonly insert: string;
  readonly path: string;
  readonly value: string;
}

/** A one-off rendered for one customer exactly as the send pipeline would render it. */
export interface OneoffPreview {
  readonly customerId: number;
  readonly customerName: string;
  readonly subject: string;
  readonly text: string;
  readonly html: string | null;
  readonly from: OneoffSender | null;
  /** The customer's merge fields that hold a value, plus the greeting. */
  readonly fields: readonly MergeFieldValue[];
}

const SHOWN_FIELDS = ['displayName', 'familyName', 'givenName', 'title', 'company', 'email', 'mobile'] as const;

/**
 * Renders a one-off (a saved template, or what is being written now) for one customer with the
 * same compiled template and merge context as sending (`send` mode: a missing value renders
 * empty), from the mailbox it would go out from. Nothing is stored.
 */
export async function previewOneoff(
  deps: { readonly db: Db; readonly renderer: TemplateRenderer; readonly clock?: Clock | undefined },
  actor: MailboxActor,
  request: { readonly message: OneoffMessage; readonly customerId: number; readonly account?: AccountRef | undefined },
): Promise<OneoffPreview> {
  const { db } = deps;
  const compiled =
    'template' in request.message
      ? await deps.renderer.compileVersion((await chooseTemplateVersion(db, request.message, 'email')).version.id)
      : await compileVersionInput('email', { subject: request.message.subject || ' ', bodyFormat: 'text', body: request.message.text || ' ', attachments: [], isMarketing: false });
  const customer = await loadMergeCustomer(db, request.customerId);
  const from = (await oneoffSender(db, actor, request.account).catch(() => undefined)) ?? null;
  const accountRow = from ? await db.selectFrom('mail_accounts').selectAll().where('id', '=', from.id).executeTakeFirst() : undefined;
  const ctx: MergeContext = {
    customer,
    account: accountRow ? accountFromMailRow(accountRow) : { displayName: '' },
    campaign: { id: 0, name: '' },
    links: { unsubscribe: '' },
    now: (deps.clock ?? systemClock).date(),
  };
  const rendered = compiled.renderEmail(ctx, 'send');
  const fields: MergeFieldValue[] = [];
  for (const name of SHOWN_FIELDS) {
    const value = customer[name];
    if (typeof value === 'string' && value !== '') fields.push({ insert: `{{customer.${name}}}`, path: `customer.${name}`, value });
  }
  for (const [name, value] of Object.entries(customer.custom)) {
    if (value !== null && value !== '') fields.push({ insert: `{{customer.custom.${name}}}`, path: `customer.custom.${name}`, value: String(value) });
  }
  const greeting = await compileVersionInput('email', { subject: '{{greeting}}', bodyFormat: 'text', body: ' ', attachments: [], isMarketing: false });
  fields.unshift({ insert: '{{greeting}}', path: 'greeting', value: greeting.renderEmail(ctx, 'send').subject });
  return {
    customerId: customer.id,
    customerName: customer.displayName,
    subject: rendered.subject,
    text: rendered.text,
    html: rendered.html || null,
    from,
    fields,
  };
}

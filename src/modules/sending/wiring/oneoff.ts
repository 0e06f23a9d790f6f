import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Kysely } from 'kysely';
import { getMailAccount } from '../../accounts/index.js';
import type { AppContext } from '../../../app/index.js';
import { TidingsError } from '../../../platform/errors/index.js';
import type { DatabaseSchema } from '../../../platform/db/index.js';
import {
  accountFromMailRow,
  PREVIEW_UNSUBSCRIBE_URL,
  sampleContext,
  TemplateRenderer,
  TemplateRepository,
  type MergeContext,
} from '../../templates/index.js';
import type { CampaignProgress, CampaignService } from '../campaign.service.js';
import type { Campaign } from '../ports.js';
import { messageIdFor, newReplyToken } from '../trace.js';
import { SmtpTransportPool } from '../../../adapters/mail/transport/transport-pool.js';
import { AccountSenderResolver } from './account.sender.js';
import { loadMergeCustomers } from './merge-customers.cache.js';
import { systemClock, type Clock } from '../../../platform/clock/index.js';

type Db = Kysely<DatabaseSchema>;

/** What to send: a saved template (name or id, optionally a version number), or a subject and text written now. */
export type MessageChoice =
  | { readonly template: string; readonly version?: number | undefined }
  | { readonly subject: string; readonly text: string };

/** A sales rep's "email these customers". */
export type OneoffInput = MessageChoice & {
  /** Mail account name or id. */
  readonly account: string;
  readonly customerIds: readonly number[];
  readonly name?: string | undefined;
  readonly createdBy?: string | null | undefined;
  /** File a copy in the account's Sent folder (default on: a sales rep wants their letters there). */
  readonly copyToSent?: boolean | undefined;
  /** Count opens and clicks; off unless the sender asks (a personal letter is not a mailing). */
  readonly tracking?: boolean | undefined;
};

/** The template version a choice refers to; a written subject/text becomes a one-version, non-marketing template. */
export async function versionFor(db: Db, choice: MessageChoice, channel: 'email' | 'sms' = 'email', clock: Clock = systemClock): Promise<number> {
  const repository = new TemplateRepository({ db });
  if ('template' in choice) {
    const ref = /^\d+$/.test(choice.template) ? Number(choice.template) : choice.template;
    const { template, version } = await repository.getVersionByNumber(ref, choice.version);
    if (template.channel !== channel) {
      throw new TidingsError('VALIDATION_FAILED', `Template "${template.name}" is an ${template.channel} template; this ${channel} campaign needs an ${channel} template.`);
    }
    return version.id;
  }
  if (channel !== 'email') throw new TidingsError('VALIDATION_FAILED', 'A subject and text make an email; an SMS needs an SMS template.');
  const { version } = await repository.create({
    name: `one-off ${clock.date().toISOString().slice(0, 16).replace('T', ' ')} ${randomBytes(3).toString('hex')}`,
    channel: 'email',
    version: { subject: choice.subject, bodyFormat: 'text', body: choice.text, isMarketing: false },
  });
  return version.id;
}

/**
 * Creates and starts a one-off campaign: the same outbox, limits and at-most-once guarantees as a
 * bulk campaign, but no unsubscribe headers or links — a personal letter, not a mailing.
 */
export async function sendOneoff(db: Db, campaigns: CampaignService, input: OneoffInput): Promise<{ campaign: Campaign; progress: CampaignProgress }> {
  if (input.customerIds.length === 0) throw new TidingsError('VALIDATION_FAILED', 'Name at least one customer (--customers 1,2,3).');
  const account = await getMailAccount(db, /^\d+$/.test(input.account) ? Number(input.account) : input.account);
  const templateVersionId = await versionFor(db, input);
  const campaign = await campaigns.create({
    name: input.name ?? `one-off to ${input.customerIds.length} customer(s)`,
    kind: 'oneoff',
    mailAccountId: account.id,
    templateVersionId,
    audience: { customerIds: [...new Set(input.customerIds)] },
    createdBy: input.createdBy ?? null,
    copyToSent: input.copyToSent,
    tracking: input.tracking === true,
  });
  return { campaign, progress: await campaigns.start(campaign.id) };
}

/** A test send of a template to one address. */
export interface TestSendInput {
  readonly template: string;
  readonly version?: number | undefined;
  readonly to: string;
  readonly account: string;
  /** Render for this customer; default: the sample customer in the template's language. */
  readonly customerId?: number | undefined;
}

/** What the server said. */
export interface TestSendResult {
  readonly to: string;
  readonly subject: string;
  readonly messageId: string;
  readonly response: string;
}

/**
 * Renders a template for a customer (or a sample one) and sends it to one address through the
 * account's SMTP server, outside any campaign: no outbox row, no statistics. The subject is
 * prefixed with [TEST] so nobody mistakes it for the real mailing.
 */
export async function testSend(context: AppContext, input: TestSendInput): Promise<TestSendResult> {
  const { db } = context.store;
  const versionId = await versionFor(db, { template: input.template, version: input.version });
  const senders = new AccountSenderResolver(db, context.secrets, {
    allowPrivateHosts: context.config.TIDINGS_ALLOW_PRIVATE_HOSTS,
    allowSelfSigned: context.config.SEND_SMTP_ALLOW_SELF_SIGNED === '1',
  });
  const accountRef = /^\d+$/.test(input.account) ? Number(input.account) : input.account;
  const account = await senders.load(accountRef);
  const row = await db.selectFrom('mail_accounts').selectAll().where('id', '=', Number(account.key.slice('mail:'.length))).executeTakeFirstOrThrow();
  const renderer = new TemplateRenderer({ db, logger: context.logger });
  const compiled = await renderer.compileVersion(versionId);
  const version = await db.selectFrom('template_versions').select(['subject', 'body']).where('id', '=', versionId).executeTakeFirstOrThrow();
  const language = /\p{Script=Han}/u.test(`${version.subject ?? ''}${version.body}`) ? 'zh-CN' : 'en';
  let ctx: MergeContext = sampleContext(language, { account: accountFromMailRow(row), links: { unsubscribe: PREVIEW_UNSUBSCRIBE_URL } });
  if (input.customerId !== undefined) {
    const customer = (await loadMergeCustomers(db, [input.customerId])).get(input.customerId);
    if (!customer) throw new TidingsError('NOT_FOUND', `No customer ${input.customerId}.`, { context: { customerId: input.customerId } });
    ctx = { ...ctx, customer };
  }
  const rendered = compiled.renderEmail(ctx, 'send');
  const subject = `[TEST] ${rendered.subject}`;
  const pool = new SmtpTransportPool({ maxConnections: 1, logger: context.logger, guard: { allowPrivateHosts: context.config.TIDINGS_ALLOW_PRIVATE_HOSTS } });
  try {
    const receipt = await pool.forAccount(account).send({
      from: { name: account.fromName, address: account.fromAddress },
      to: input.to,
      replyTo: account.replyTo,
      subject,
      text: rendered.text,
      html: rendered.html || undefined,
      messageId: messageIdFor(newReplyToken(), account.fromAddress),
      headers: {},
      attachments: await Promise.all(
        rendered.attachments.map(async (a) => ({ filename: a.filename, contentType: a.contentType, content: a.content ?? (a.path ? await readFile(a.path) : Buffer.alloc(0)) })),
      ),
    });
    return { to: input.to, subject, messageId: receipt.messageId, response: receipt.response };
  } finally {
    await pool.close();
  }
}

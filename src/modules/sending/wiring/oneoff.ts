import { readFile } from 'node:fs/promises';
import { chooseSendingAccount, type AccountRef, type MailboxActor } from '../../accounts/index.js';
import { loadMergeCustomer } from '../../customers/index.js';
import { accountFromMailRow, chooseTemplateVersion, PREVIEW_UNSUBSCRIBE_URL, sampleContext, TemplateRenderer, type MergeContext } from '../../templates/index.js';
import { messageIdFor, newReplyToken } from '../trace.js';
import { sendFromAccount, type SystemMailDeps } from './system-mail.js';

/** What a test send needs of the process (an AppContext has it all). */
export type TestSendDeps = SystemMailDeps;

/** A test send of a template to one address. */
export interface TestSendInput {
  /** Template id or name. */
  readonly template: number | string;
  readonly version?: number | undefined;
  readonly to: string;
  /** Mail account id or name; absent: the actor's own (linked) mailbox, else the default account. */
  readonly account?: AccountRef | undefined;
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
export async function testSend(context: TestSendDeps, actor: MailboxActor, input: TestSendInput): Promise<TestSendResult> {
  const { db } = context.store;
  const { version } = await chooseTemplateVersion(db, { template: input.template, version: input.version }, 'email');
  const accountId = await chooseSendingAccount(db, { channel: 'email', actor, account: input.account ?? actor.mailAccountId ?? undefined });
  const row = await db.selectFrom('mail_accounts').selectAll().where('id', '=', accountId).executeTakeFirstOrThrow();
  const renderer = new TemplateRenderer({ db, logger: context.logger });
  const compiled = await renderer.compileVersion(version.id);
  const language = /\p{Script=Han}/u.test(`${version.subject ?? ''}${version.body}`) ? 'zh-CN' : 'en';
  let ctx: MergeContext = sampleContext(language, { account: accountFromMailRow(row), links: { unsubscribe: PREVIEW_UNSUBSCRIBE_URL } });
  if (input.customerId !== undefined) {
    ctx = { ...ctx, customer: await loadMergeCustomer(db, input.customerId) };
  }
  const rendered = compiled.renderEmail(ctx, 'send');
  const subject = `[TEST] ${rendered.subject}`;
  const receipt = await sendFromAccount(context, accountId, async (account) => ({
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
  }));
  return { to: input.to, subject, messageId: receipt.messageId, response: receipt.response };
}

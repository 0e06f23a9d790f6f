import { z } from 'zod';
import { loadMergeCustomer } from '../../modules/customers/index.js';
import { testSend } from '../../modules/sending/index.js';
import { countSegments, type SmsProviderKind } from '../../adapters/sms/index.js';
import {
  compileVersionInput,
  greetingLanguage,
  loadMergeCompany,
  loadMailAccount,
  loadSmsAccount,
  PREVIEW_UNSUBSCRIBE_URL,
  SAMPLE_CUSTOMERS,
  sampleContext,
  TemplateRepository,
  type MergeContext,
} from '../../modules/templates/index.js';
import { IdParamsSchema } from '../api.schemas.js';
import { requireUser } from '../../modules/users/index.js';
import { defineRoutes } from '../define-routes.js';
import { mailboxActor } from './mailbox-mail.scope.js';
import { dataErrorResponses, IdSchema } from '../schemas/common.schemas.js';
import { VariantChainSchema, VersionBodySchema } from '../schemas/template.schemas.js';
import { ownerScope } from './customer.scope.js';
import { scopedCustomer } from '../../modules/customers/index.js';

const PROVIDERS = ['twilio', 'aliyun', 'tencent', 'smpp', 'sandbox'] as const;

const DraftPreviewBodySchema = z.strictObject({
  channel: z.enum(['email', 'sms']),
  version: VersionBodySchema.omit({ attachments: true }).describe('the content as typed, not saved'),
  templateId: IdSchema.optional().describe('the template being edited'),
  customerId: IdSchema.optional().describe('render for this customer; a sample customer in the default language otherwise'),
  accountId: IdSchema.optional().describe('sending account (mail or SMS by channel); the default account otherwise'),
  provider: z.enum(PROVIDERS).optional().describe("SMS: count parts as this provider does; the account's provider otherwise"),
  strict: z.boolean().default(false).describe('fail on unknown fields and empty values without a default (422)'),
});

const Chosen = { language: z.string().describe('the language variant rendered for this customer'), chain: VariantChainSchema };

const DraftPreviewSchema = z.discriminatedUnion('channel', [
  z.object({ channel: z.literal('email'), ...Chosen, subject: z.string(), html: z.string().describe('empty for plain-text content'), text: z.string() }),
  z.object({
    channel: z.literal('sms'),
    ...Chosen,
    text: z.string().describe('what the recipient reads: signature, body, opt-out'),
    characters: z.number().int(),
    provider: z.enum(PROVIDERS).nullable().describe('whose rules counted the parts; null when unknown'),
    encoding: z.enum(['GSM-7', 'UCS-2']).nullable(),
    parts: z.number().int().nullable().describe('message parts the provider sends and bills'),
  }),
]);

const TestSendBodySchema = z.strictObject({
  to: z.email().max(254).describe('where the test goes'),
  version: z.number().int().positive().optional().describe('version number; the current one when absent'),
  customerId: IdSchema.optional().describe('merge this customer; a sample customer otherwise'),
  accountId: IdSchema.optional().describe("mail account to send from; the caller's own account, else the default one"),
});

const TestSendResultSchema = z.object({ to: z.string(), subject: z.string().describe('prefixed with [TEST]'), messageId: z.string(), response: z.string().describe("the SMTP server's reply") });

const isProvider = (value: string | undefined): value is SmsProviderKind => (PROVIDERS as readonly string[]).includes(value ?? '');

/**
 * What the template editor needs beyond the stored-version routes: a preview of the content as it
 * is being typed (nothing is saved, so an editor can show every keystroke's result without
 * creating versions) and a test send of a saved version to one address.
 */
export const templateEditorRoutes = defineRoutes(async (app, context) => {
  const { db } = context.store;
  const repository = new TemplateRepository({ db });
  const tags = ['templates'];

  app.post(
    '/api/templates/preview-draft',
    {
      config: { permission: 'templates:read' },
      schema: {
        tags,
        summary: 'Render unsaved template content for a customer or a sample one (compile errors are 422 with the line; SMS: characters and parts)',
        body: DraftPreviewBodySchema,
        response: { 200: DraftPreviewSchema, ...dataErrorResponses },
      },
    },
    async (request) => {
      const { channel, version, templateId, customerId, accountId, provider: askedProvider, strict } = request.body;
      // Sales users preview with their own customers only, as on the saved-version preview.
      if (customerId !== undefined) await scopedCustomer(db, customerId, ownerScope(requireUser(request)));
      // The checks and compilation a save would run, so the editor shows the same errors.
      const compiled = await compileVersionInput(channel, { ...version, attachments: [] });
      if (templateId !== undefined) await repository.getTemplate(templateId);
      // Without a chosen customer, a sample one who reads the default language.
      const language = /^zh\b/i.test(compiled.defaultLanguage) ? 'zh-CN' : 'en';
      const customer = customerId === undefined ? SAMPLE_CUSTOMERS[language] : await loadMergeCustomer(db, customerId);
      const sms = channel === 'sms' ? await loadSmsAccount(db, accountId) : undefined;
      const account = channel === 'sms' ? sms?.account : await loadMailAccount(db, accountId);
      const base = sampleContext(greetingLanguage(customer), { customer, links: { unsubscribe: PREVIEW_UNSUBSCRIBE_URL }, company: await loadMergeCompany(db) });
      // A count asked "as Aliyun would" carries Aliyun's opt-out line too, whichever account is chosen.
      const withProvider = channel === 'sms' && askedProvider ? { ...(account ?? base.account), smsProvider: askedProvider } : account;
      const ctx: MergeContext = withProvider ? { ...base, account: withProvider } : base;
      const mode = strict ? 'strict' : 'send';
      if (channel === 'email') {
        const { subject, html, text, variant } = compiled.renderEmail(ctx, mode);
        return { channel, language: variant.language, chain: [...variant.chain], subject, html, text };
      }
      const rendered = compiled.renderSms(ctx, mode);
      const chosen = { language: rendered.variant.language, chain: [...rendered.variant.chain] };
      const provider = askedProvider ?? (isProvider(sms?.provider) ? sms.provider : undefined);
      if (!provider) return { channel, ...chosen, text: rendered.text, characters: rendered.characters, provider: null, encoding: null, parts: null };
      // Counted as the saved-version preview counts: the provider adds the signature its own way.
      const count = countSegments(rendered.body, { provider, signature: rendered.signature || undefined });
      return { channel, ...chosen, text: rendered.text, characters: rendered.characters, provider, encoding: count.encoding, parts: count.segments };
    },
  );

  app.post(
    '/api/templates/:id/test-send',
    {
      config: { permission: 'templates:write' },
      schema: {
        tags,
        summary: 'Send a saved email template version to one address, subject prefixed [TEST] (no campaign, no statistics)',
        params: IdParamsSchema,
        body: TestSendBodySchema,
        response: { 200: TestSendResultSchema, ...dataErrorResponses },
      },
    },
    async (request) => {
      const user = requireUser(request);
      const { to, version, customerId, accountId } = request.body;
      if (customerId !== undefined) await scopedCustomer(db, customerId, ownerScope(user));
      // The account rule is the send module's: the one named, else the caller's own, else the
      // default one; a person's mailbox is theirs (and admins') alone. By id, never by a name.
      return testSend(context, mailboxActor(user), { template: request.params.id, version, to, account: accountId, customerId });
    },
  );
});

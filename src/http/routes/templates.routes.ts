import { z } from 'zod';
import { installBuiltins, renderPreview, TemplateRenderer, TemplateRepository } from '../../modules/templates/index.js';
import { oneoffTemplateIds } from '../../modules/sending/index.js';
import { IdParamsSchema } from '../api.schemas.js';
import { requireUser } from '../../modules/users/index.js';
import { defineRoutes } from '../define-routes.js';
import { dataErrorResponses, IdSchema } from '../schemas/common.schemas.js';
import { TemplateCreateSchema, TemplateSchema, templateView, TemplateVersionSchema, VariantChainSchema, VersionBodySchema, versionView } from '../schemas/template.schemas.js';
import { ownerScope } from './customer.scope.js';
import { scopedCustomer } from '../../modules/customers/index.js';
import { readCompanyProfile } from '../../modules/company/index.js';

const PreviewBodySchema = z.strictObject({
  version: z.number().int().positive().optional().describe('version number; the current one when absent'),
  customerId: IdSchema.optional().describe('render for this customer; a sample customer in the template language otherwise'),
  accountId: IdSchema.optional().describe('sending account (mail or SMS by channel); the default account otherwise'),
  strict: z.boolean().default(false).describe('fail on unknown fields and empty values without a default (422)'),
  provider: z.enum(['twilio', 'aliyun', 'tencent', 'smpp', 'sandbox']).optional().describe('SMS: count parts as this provider does'),
});

const Meta = {
  templateId: z.number().int(),
  templateName: z.string(),
  versionId: z.number().int(),
  version: z.number().int(),
  language: z.string().describe('the language variant rendered for this customer'),
  chain: VariantChainSchema,
};
const PreviewSchema = z.discriminatedUnion('channel', [
  z.object({
    channel: z.literal('email'),
    ...Meta,
    subject: z.string(),
    html: z.string().describe('empty for plain-text templates'),
    text: z.string(),
    attachments: z.array(z.object({ filename: z.string(), contentType: z.string() })),
  }),
  z.object({
    channel: z.literal('sms'),
    ...Meta,
    text: z.string().describe('what the recipient reads: signature, body, opt-out'),
    characters: z.number().int(),
    provider: z.enum(['twilio', 'aliyun', 'tencent', 'smpp', 'sandbox']).nullable().describe('whose rules counted the parts; null when unknown'),
    encoding: z.enum(['GSM-7', 'UCS-2']).nullable(),
    parts: z.number().int().nullable().describe('message parts the provider sends and bills'),
  }),
]);

const InstallResultSchema = z.object({
  key: z.string(),
  action: z.enum(['created', 'updated', 'unchanged', 'differs']),
  templateId: z.number().int(),
  version: z.number().int(),
});

/** Templates: `tidings templates list/show/create/version/preview/install-builtins`. */
export const templateRoutes = defineRoutes(async (app, context) => {
  const { db } = context.store;
  const repository = new TemplateRepository({ db });
  // One renderer per process: compiled versions are cached, as in the send pipeline.
  const renderer = new TemplateRenderer({ db, logger: context.logger });
  const read = { permission: 'templates:read' as const };
  const write = { permission: 'templates:write' as const };
  const tags = ['templates'];

  app.get(
    '/api/templates',
    {
      config: read,
      schema: {
        tags,
        summary: 'Templates by name',
        querystring: z.strictObject({ channel: z.enum(['email', 'sms']).optional() }),
        response: { 200: z.array(TemplateSchema), ...dataErrorResponses },
      },
    },
    async (request) => {
      // Templates that only hold a sales rep's one-off letter are not the marketers' templates.
      const oneoffs = await oneoffTemplateIds(db);
      const rows = (await repository.list(request.query.channel ? { channel: request.query.channel } : {})).filter((t) => !oneoffs.has(Number(t.id)));
      const languages = await repository.latestLanguages(rows);
      return rows.map((t) => ({ ...templateView(t), languages: languages.get(Number(t.id)) ?? [] }));
    },
  );

  app.get(
    '/api/templates/:id',
    {
      config: read,
      schema: {
        tags,
        summary: 'A template with every version, oldest first',
        params: IdParamsSchema,
        response: { 200: TemplateSchema.extend({ versions: z.array(TemplateVersionSchema) }), ...dataErrorResponses },
      },
    },
    async (request) => {
      const template = await repository.getTemplate(request.params.id);
      const versions = await repository.listVersions(template.id);
      const variants = await repository.listVariants(versions.map((v) => Number(v.id)));
      return { ...templateView(template), versions: versions.map((v) => versionView(v, variants.get(Number(v.id)), template)) };
    },
  );

  app.post(
    '/api/templates',
    {
      config: write,
      schema: {
        tags,
        summary: 'Create a template with its version 1 (compiled now: MJML and merge-tag errors are 422 with the line)',
        body: TemplateCreateSchema,
        response: { 201: TemplateSchema.extend({ versions: z.array(TemplateVersionSchema) }), ...dataErrorResponses },
      },
    },
    async (request, reply) => {
      const { template, version } = await repository.create(request.body);
      const variants = await repository.listVariants([Number(version.id)]);
      return reply.code(201).send({ ...templateView(template), versions: [versionView(version, variants.get(Number(version.id)), template)] });
    },
  );

  app.post(
    '/api/templates/:id/versions',
    {
      config: write,
      schema: {
        tags,
        summary: 'Add a version and make it current (versions are never changed; running campaigns keep theirs)',
        params: IdParamsSchema,
        body: VersionBodySchema,
        response: { 201: TemplateVersionSchema, ...dataErrorResponses },
      },
    },
    async (request, reply) => {
      const version = await repository.addVersion(request.params.id, request.body);
      const variants = await repository.listVariants([Number(version.id)]);
      return reply.code(201).send(versionView(version, variants.get(Number(version.id)), await repository.getTemplate(version.template_id)));
    },
  );

  app.post(
    '/api/templates/:id/preview',
    {
      config: read,
      schema: {
        tags,
        summary: 'Render a version for a customer or a sample one, exactly as it would be sent (SMS: characters and parts)',
        params: IdParamsSchema,
        body: PreviewBodySchema,
        response: { 200: PreviewSchema, ...dataErrorResponses },
      },
    },
    async (request) => {
      const { version, customerId, accountId, strict, provider } = request.body;
      // Sales users preview with their own customers only.
      if (customerId !== undefined) await scopedCustomer(db, customerId, ownerScope(requireUser(request)));
      const result = await renderPreview(
        { db, renderer },
        { template: request.params.id, version, customerId, accountId, strict, provider },
      );
      const meta = {
        templateId: result.templateId,
        templateName: result.templateName,
        versionId: result.versionId,
        version: result.version,
        language: result.variant.language,
        chain: [...result.variant.chain],
      };
      if (result.channel === 'email') {
        const { subject, html, text, attachments } = result;
        return { channel: 'email' as const, ...meta, subject, html, text, attachments: attachments.map((a) => ({ filename: a.filename, contentType: a.contentType })) };
      }
      return {
        channel: 'sms' as const,
        ...meta,
        text: result.text,
        characters: result.characters,
        provider: result.provider ?? null,
        encoding: result.segments?.encoding ?? null,
        parts: result.segments?.segments ?? null,
      };
    },
  );

  app.post(
    '/api/templates/builtins',
    {
      config: write,
      schema: {
        tags,
        summary: "Install the bundled templates, Chinese and English in each, the company profile's language as the default (idempotent); `update` adds the bundled content as a new version where it differs",
        body: z.strictObject({ update: z.boolean().default(false) }),
        response: { 200: z.array(InstallResultSchema), ...dataErrorResponses },
      },
    },
    async (request) => installBuiltins(repository, { update: request.body.update, defaultLanguage: (await readCompanyProfile(db)).language }),
  );
});

import { z } from 'zod';
import { listSmsAccounts } from '../../modules/accounts/index.js';
import { approvalWarnings } from '../../modules/sending/index.js';
import {
  approvalRefusal,
  bindTemplateCode,
  listSignatures,
  listTemplateBindings,
  reviewTraits,
  SignatureInputSchema,
  submitSignature,
  submitTemplate,
  syncPending,
  syncSignature,
  syncTemplate,
  templateApproval,
} from '../../modules/sms-approval/index.js';
import { smsVersionForReview } from '../../modules/templates/index.js';
import { defineRoutes } from '../define-routes.js';
import { IdParamsSchema } from '../api.schemas.js';
import { dataErrorResponses } from '../schemas/common.schemas.js';
import {
  ApprovalWarningSchema,
  BindTemplateBodySchema,
  SignatureBindingSchema,
  SubmitTemplateBodySchema,
  SyncReportSchema,
  TemplateApprovalSchema,
  TemplateApprovalsSchema,
  TemplateBindingSchema,
} from '../schemas/sms-approval.schemas.js';

/** SMS templates and signatures as providers see them: submit for approval, sync, bind a code; the campaign rule's verdict and warnings. */
export const smsApprovalRoutes = defineRoutes(async (app, context) => {
  const { db } = context.store;
  const deps = { db, secrets: context.secrets, guard: { allowPrivateHosts: context.config.TIDINGS_ALLOW_PRIVATE_HOSTS }, clock: context.clock };
  const tags = ['sms-approval'];

  app.get(
    '/api/templates/:id/approvals',
    {
      config: { permission: 'templates:read' },
      schema: {
        tags,
        summary: "An SMS template version's provider approval on each SMS account",
        params: IdParamsSchema,
        querystring: z.strictObject({ version: z.coerce.number().int().positive().optional().describe('default: the current version') }),
        response: { 200: TemplateApprovalsSchema, ...dataErrorResponses },
      },
    },
    async (request) => {
      const version = await smsVersionForReview(db, { template: request.params.id, ...(request.query.version ? { version: request.query.version } : {}) });
      const accounts = (await listSmsAccounts(db, context.secrets)).map((a) => {
        const traits = reviewTraits(a);
        return { id: a.id, name: a.name, provider: a.provider, reviews: traits !== undefined, placeholders: traits?.placeholders ?? null, marketingVariables: traits?.marketingVariables ?? true };
      });
      return { versionId: version.versionId, version: version.version, languages: version.variants.map((v) => v.language), accounts, bindings: await listTemplateBindings(deps, { versionId: version.versionId }) };
    },
  );

  app.post(
    '/api/templates/:id/approvals',
    {
      config: { permission: 'templates:write' },
      schema: {
        tags,
        summary: "Submit every language of the template version to an SMS account's provider for approval",
        params: IdParamsSchema,
        body: SubmitTemplateBodySchema,
        response: { 200: z.array(TemplateBindingSchema), ...dataErrorResponses },
      },
    },
    async (request) => submitTemplate(deps, { template: request.params.id, version: request.body.version, smsAccount: request.body.smsAccountId, remark: request.body.remark }),
  );

  app.post(
    '/api/templates/:id/approvals/bind',
    {
      config: { permission: 'templates:write' },
      schema: {
        tags,
        summary: "Bind a template code approved in the provider's console to this template",
        params: IdParamsSchema,
        body: BindTemplateBodySchema,
        response: { 200: TemplateBindingSchema, ...dataErrorResponses },
      },
    },
    async (request) =>
      bindTemplateCode(deps, { template: request.params.id, version: request.body.version, smsAccount: request.body.smsAccountId, code: request.body.code, language: request.body.language }),
  );

  app.post(
    '/api/template-approvals/:id/sync',
    {
      config: { permission: 'templates:write' },
      schema: { tags, summary: 'Ask the provider where one template stands now', params: IdParamsSchema, response: { 200: TemplateBindingSchema, ...dataErrorResponses } },
    },
    async (request) => syncTemplate(deps, request.params.id),
  );

  app.post(
    '/api/template-approvals/sync',
    {
      config: { permission: 'templates:write' },
      schema: { tags, summary: 'Ask the providers where every pending template and signature stands (bounded)', response: { 200: SyncReportSchema, ...dataErrorResponses } },
    },
    async () => syncPending(deps, { limit: 50 }),
  );

  app.get(
    '/api/template-approval',
    {
      config: { permission: 'campaigns:read' },
      schema: {
        tags,
        summary: 'Whether a template version may be sent on an SMS account (the rule campaigns are scheduled by)',
        querystring: z.strictObject({
          templateVersionId: z.coerce.number().int().positive(),
          smsAccountId: z.coerce.number().int().positive(),
        }),
        response: { 200: TemplateApprovalSchema, ...dataErrorResponses },
      },
    },
    async (request) => {
      const version = await smsVersionForReview(db, { versionId: request.query.templateVersionId });
      const approval = await templateApproval(db, { versionId: version.versionId, smsAccountId: request.query.smsAccountId });
      return { ...approval, message: approval.sendable ? null : approvalRefusal(approval, version.templateName).message };
    },
  );

  app.get(
    '/api/campaigns/approval-warnings',
    {
      config: { permission: 'campaigns:read' },
      schema: {
        tags,
        summary: 'Holiday SMS campaigns due soon whose template is not approved by the provider',
        querystring: z.strictObject({
          days: z.coerce.number().int().min(1).max(90).default(14),
          campaignId: z.coerce.number().int().positive().optional(),
        }),
        response: { 200: z.array(ApprovalWarningSchema), ...dataErrorResponses },
      },
    },
    async (request) =>
      approvalWarnings(db, { now: context.clock.now(), withinDays: request.query.days, ...(request.query.campaignId ? { campaignId: request.query.campaignId } : {}) }),
  );

  app.get(
    '/api/sms-accounts/:id/signatures',
    {
      config: { permission: 'accounts:read' },
      schema: {
        tags,
        summary: "An SMS account's signatures and their review status",
        params: IdParamsSchema,
        response: { 200: z.object({ reviews: z.boolean().describe('whether the provider reviews signatures at all'), signatures: z.array(SignatureBindingSchema) }), ...dataErrorResponses },
      },
    },
    async (request) => {
      const account = (await listSmsAccounts(db, context.secrets)).find((a) => a.id === request.params.id);
      return { reviews: account !== undefined && reviewTraits(account) !== undefined, signatures: await listSignatures(deps, request.params.id) };
    },
  );

  app.post(
    '/api/sms-accounts/:id/signatures',
    {
      config: { permission: 'accounts:write' },
      schema: {
        tags,
        summary: "Submit a signature (签名) to the SMS account's provider for approval",
        params: IdParamsSchema,
        body: SignatureInputSchema,
        response: { 200: SignatureBindingSchema, ...dataErrorResponses },
      },
    },
    async (request) => submitSignature(deps, request.params.id, request.body),
  );

  app.post(
    '/api/sms-signatures/:id/sync',
    {
      config: { permission: 'accounts:write' },
      schema: { tags, summary: 'Ask the provider where one signature stands now', params: IdParamsSchema, response: { 200: SignatureBindingSchema, ...dataErrorResponses } },
    },
    async (request) => syncSignature(deps, request.params.id),
  );
});

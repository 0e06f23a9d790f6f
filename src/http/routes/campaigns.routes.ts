import { z } from 'zod';
import { getSmsAccount } from '../../modules/accounts/index.js';
import { parseFilter, type AudienceSelection } from '../../modules/customers/index.js';
import { TidingsError } from '../../platform/errors/index.js';
import { complainedOutboxIds, outboxPage, recipientLabels, sendOneoff, sharedSendRuntime, trackingByMessage, type CampaignService } from '../../modules/sending/index.js';
import { TemplateRenderer, TemplateRepository, type TemplateChoice } from '../../modules/templates/index.js';
import { IdParamsSchema } from '../api.schemas.js';
import { type AuthUser, can, requireUser } from '../../modules/users/index.js';
import { defineRoutes } from '../define-routes.js';
import {
  CampaignCreateSchema,
  CampaignDetailSchema,
  campaignErrorResponses,
  CampaignListQuerySchema,
  CampaignSchema,
  campaignView,
  EstimateSchema,
  MessagePageSchema,
  MessagesQuerySchema,
  messageView,
  OneOffSchema,
  ProgressSchema,
  progressView,
  ResendSchema,
} from '../schemas/campaign.schemas.js';
import { mailboxActor } from './mailbox-mail.scope.js';
import { SkippedSchema } from '../schemas/oneoff.schemas.js';
import { estimateSmsCost } from '../../modules/billing/index.js';

/** Options of {@link campaignRoutesWith}. */
export interface CampaignRoutesOptions {
  /**
   * The campaign service to use. Default: the one of the process's shared send runtime (built on
   * first use), so a started campaign is queued on the dispatcher that sends in `tidings serve`,
   * or on the BullMQ queue the workers read with `--no-workers`. Tests pass their own.
   */
  readonly campaigns?: CampaignService;
}

/**
 * The body's template choice: a version id, or a template (id or name) with an optional version
 * number. Only the shape is checked here; which version that is, and whether it suits the
 * channel, is the templates module's rule.
 */
function templateChoiceOf(body: { templateVersionId?: number | undefined; template?: number | string | undefined; templateVersion?: number | undefined }): TemplateChoice {
  if ((body.templateVersionId === undefined) === (body.template === undefined)) {
    throw new TidingsError('VALIDATION_FAILED', 'body: give either templateVersionId or template (id or name, optionally with templateVersion)');
  }
  if (body.template === undefined) {
    if (body.templateVersion !== undefined) throw new TidingsError('VALIDATION_FAILED', 'body.templateVersion: needs template (templateVersionId already names one version)');
    return { versionId: body.templateVersionId as number };
  }
  return { template: body.template, version: body.templateVersion };
}

const actorOf = mailboxActor;

/** Parses the audience body part the way the customers module does, filter errors included. */
function selectionOf(raw: { customerIds?: number[]; groupIds?: number[]; filterIds?: number[]; filter?: Record<string, unknown> }): AudienceSelection {
  const { filter, ...parts } = raw;
  return { ...parts, ...(filter === undefined ? {} : { filter: parseFilter(filter) }) };
}

/** Campaigns (email and SMS) and one-off emails: `tidings campaign …` over HTTP. */
export function campaignRoutesWith(options: CampaignRoutesOptions = {}) {
  return defineRoutes(async (app, context) => {
    const { db } = context.store;
    const { config } = context;
    const audienceOptions = { timeZone: config.TIDINGS_DEFAULT_TIMEZONE, region: config.TIDINGS_DEFAULT_REGION };
    // Built on first use, not at start-up: an API that never touches campaigns builds no pipeline.
    const service = async (): Promise<CampaignService> => options.campaigns ?? (await sharedSendRuntime(context)).campaigns;
    const templates = new TemplateRepository({ db });
    const renderer = new TemplateRenderer({ db, logger: context.logger });
    const tags = ['campaigns'];
    const read = { permission: 'campaigns:read' as const };
    const write = { permission: 'campaigns:write' as const };
    const send = { permission: 'campaigns:send' as const };

    app.get(
      '/api/campaigns',
      {
        config: read,
        schema: {
          tags,
          summary: 'Campaigns, newest first',
          querystring: CampaignListQuerySchema,
          response: { 200: z.array(CampaignSchema), ...campaignErrorResponses },
        },
      },
      async (request) => (await (await service()).list(request.query.status, request.query.limit, request.query.kind === 'all' ? undefined : request.query.kind)).map(campaignView),
    );

    app.get(
      '/api/campaigns/:id',
      {
        config: read,
        schema: {
          tags,
          summary: 'A campaign with its progress: messages per state, send rate and time left',
          params: IdParamsSchema,
          response: { 200: CampaignDetailSchema, ...campaignErrorResponses },
        },
      },
      async (request) => {
        const campaigns = await service();
        const campaign = await campaigns.get(request.params.id);
        return { ...campaignView(campaign), progress: progressView(await campaigns.progress(campaign.id)) };
      },
    );

    app.post(
      '/api/campaigns',
      {
        config: write,
        schema: {
          tags,
          summary: 'Create a campaign (email or SMS): account, template version, audience; with a schedule it is armed at once (status scheduled), else a draft to start',
          body: CampaignCreateSchema,
          response: { 201: CampaignSchema, ...campaignErrorResponses },
        },
      },
      async (request, reply) => {
        const user = requireUser(request);
        const body = request.body;
        const created = await (await service()).createFor(actorOf(user), {
          name: body.name,
          channel: body.channel,
          account: body.channel === 'email' ? body.mailAccount : body.smsAccount,
          template: templateChoiceOf(body),
          audience: selectionOf(body.audience),
          schedule: body.schedule,
          tracking: body.tracking,
          copyToSent: body.copyToSent,
          createdBy: user.username,
        });
        return reply.code(201).send(campaignView(created));
      },
    );

    const control = (verb: 'start' | 'pause' | 'resume' | 'cancel', summary: string, act: (id: number, user: AuthUser) => Promise<Parameters<typeof progressView>[0]>) =>
      app.post(
        `/api/campaigns/:id/${verb}`,
        {
          config: send,
          schema: { tags, summary, params: IdParamsSchema, response: { 200: ProgressSchema, ...campaignErrorResponses } },
        },
        async (request) => progressView(await act(request.params.id, requireUser(request))),
      );

    // Starting or resuming checks the mailbox policy in the service: a person's mailbox is theirs (and admins') alone.
    control('start', 'Start a draft: create its messages and queue them (a scheduled campaign is started by the scheduler)', async (id, user) =>
      (await service()).start(id, actorOf(user)),
    );
    control('pause', 'Stop sending; takes effect before the next message', async (id, user) => (await service()).pause(id, `paused by ${user.username}`));
    control('resume', 'Continue a paused campaign (nothing is sent twice)', async (id, user) => (await service()).resume(id, actorOf(user)));
    control('cancel', 'Stop for good: unsent messages become cancelled', async (id) => (await service()).cancel(id));

    app.post(
      '/api/campaigns/:id/resend-unknown',
      {
        config: send,
        schema: {
          tags,
          summary: 'Resend the messages whose outcome is unknown (the recipient may get a second copy)',
          params: IdParamsSchema,
          response: { 200: ResendSchema, ...campaignErrorResponses },
        },
      },
      async (request) => {
        const result = await (await service()).resendUnknown(request.params.id);
        return { requeued: result.requeued, progress: progressView(result.progress) };
      },
    );

    app.get(
      '/api/campaigns/:id/messages',
      {
        config: read,
        schema: {
          tags,
          summary: 'Per-message states, a page at a time in id order (address, attempts, error, sent time)',
          params: IdParamsSchema,
          querystring: MessagesQuerySchema,
          response: { 200: MessagePageSchema, ...campaignErrorResponses },
        },
      },
      async (request) => {
        const campaign = await (await service()).get(request.params.id);
        const { state, limit, after } = request.query;
        const rows = await outboxPage(db, request.params.id, { state, limit, after });
        const labels = await recipientLabels(db, rows.map((r) => Number(r.customer_id)));
        let items = rows.map((r) => {
          const label = labels.get(Number(r.customer_id));
          return { ...messageView(r), customerName: label?.displayName ?? null, customerTimeZone: label ? (label.timeZone ?? config.TIDINGS_DEFAULT_TIMEZONE) : null };
        });
        const complained = await complainedOutboxIds(db, items.map((m) => m.id));
        items = items.map((m) => ({ ...m, complained: complained.has(m.id) }));
        if (campaign.tracking === 1) {
          const counted = await trackingByMessage(db, items.map((m) => m.id));
          items = items.map((m) => ({ ...m, opens: counted.get(m.id)?.opens ?? 0, clicks: counted.get(m.id)?.clicks ?? 0 }));
        }
        return { items, nextAfter: items.length === limit ? (items.at(-1)?.id ?? null) : null };
      },
    );

    app.get(
      '/api/campaigns/:id/estimate',
      {
        config: read,
        schema: {
          tags,
          summary: 'SMS cost before sending: recipients × parts × price, and whether the balance covers it',
          params: IdParamsSchema,
          response: { 200: EstimateSchema, ...campaignErrorResponses },
        },
      },
      async (request) => {
        const campaign = await (await service()).get(request.params.id);
        if (campaign.channel !== 'sms' || campaign.sms_account_id === null) {
          throw new TidingsError('VALIDATION_FAILED', `Campaign ${campaign.id} is an email campaign; cost estimates are for SMS campaigns.`);
        }
        const account = await getSmsAccount(db, context.secrets, campaign.sms_account_id);
        const selection = selectionOf(JSON.parse(campaign.audience || '{}') as Parameters<typeof selectionOf>[0]);
        const { version } = await templates.getVersion(campaign.template_version_id);
        const estimate = await estimateSmsCost(db, renderer, { account, selection, template: { id: version.template_id, version: version.version }, audienceOptions });
        return { campaignId: campaign.id, ...estimate };
      },
    );

    app.post(
      '/api/send',
      {
        config: { permission: 'campaigns:oneoff' },
        schema: {
          tags,
          summary: "A one-off email (a saved template, or a subject and text) to chosen customers from the caller's own mail account (sales: own customers only); no unsubscribe headers",
          body: OneOffSchema,
          response: { 201: CampaignDetailSchema.extend({ skipped: z.array(SkippedSchema).describe('who was not written to and why, in the order named') }), ...campaignErrorResponses },
        },
      },
      async (request, reply) => {
        const user = requireUser(request);
        const body = request.body;
        if ((body.template === undefined) === (body.subject === undefined)) {
          throw new TidingsError('VALIDATION_FAILED', 'body: give either template (id or name) or subject and text written now');
        }
        if ((body.subject === undefined) !== (body.text === undefined)) throw new TidingsError('VALIDATION_FAILED', 'body: subject and text go together');
        if (body.templateVersion !== undefined && body.template === undefined) throw new TidingsError('VALIDATION_FAILED', 'body.templateVersion: needs template');
        const campaigns = await service();
        const { campaign, progress, skipped } = await sendOneoff(campaigns, actorOf(user), {
          message: body.template !== undefined ? { template: body.template, version: body.templateVersion } : { subject: body.subject as string, text: body.text as string },
          customerIds: body.customerIds,
          account: body.mailAccount,
          // Anyone who may not run bulk campaigns writes from their own account, to their own customers.
          mayChooseAccount: can(user, 'campaigns:write'),
          ownCustomersOf: can(user, 'customers:read') ? undefined : user.username,
          name: body.name ?? `One-off by ${user.username}`,
          createdBy: user.username,
          tracking: body.tracking,
          copyToSent: body.copyToSent,
        }, context.clock);
        return reply.code(201).send({ ...campaignView(await campaigns.get(campaign.id)), progress: progressView(progress), skipped: [...skipped] });
      },
    );
  });
}

/** The campaign routes for ROUTE_PLUGINS. */
export const campaignRoutes = campaignRoutesWith();

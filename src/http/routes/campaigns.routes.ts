import { z } from 'zod';
import { defaultSmsAccountId, getSmsAccount, MailAccountService } from '../../modules/accounts/index.js';
import type { AppContext } from '../../app/index.js';
import { type AudienceSelection, notOwnedBy, parseFilter } from '../../modules/customers/index.js';
import { TidingsError } from '../../platform/errors/index.js';
import { parseScheduleSpec } from '../../modules/schedule/index.js';
import { type CampaignService, outboxPage, sendOneoff, sharedSendRuntime, trackingByMessage } from '../../modules/sending/index.js';
import { TemplateRenderer, TemplateRepository } from '../../modules/templates/index.js';
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

/** A template version chosen by id, or by template (id or name) and version number. */
interface TemplateChoice {
  readonly templateVersionId?: number | undefined;
  readonly template?: number | string | undefined;
  readonly templateVersion?: number | undefined;
}

async function chooseVersion(repository: TemplateRepository, choice: TemplateChoice, channel: 'email' | 'sms'): Promise<number> {
  if ((choice.templateVersionId === undefined) === (choice.template === undefined)) {
    throw new TidingsError('VALIDATION_FAILED', 'body: give either templateVersionId or template (id or name, optionally with templateVersion)');
  }
  if (choice.templateVersion !== undefined && choice.template === undefined) {
    throw new TidingsError('VALIDATION_FAILED', 'body.templateVersion: needs template (templateVersionId already names one version)');
  }
  const { template, version } =
    choice.templateVersionId !== undefined
      ? await repository.getVersion(choice.templateVersionId)
      : await repository.getVersionByNumber(choice.template as number | string, choice.templateVersion);
  if (template.channel !== channel) {
    throw new TidingsError('TEMPLATE_CHANNEL_MISMATCH', `Template "${template.name}" is an ${template.channel} template; this is an ${channel} campaign.`, {
      context: { template: template.id, channel },
    });
  }
  return version.id;
}

const actorOf = mailboxActor;

/**
 * The id of the account named, or of the default one. Mail accounts go through the mailbox
 * policy: a person's mailbox is usable by that person and admins only.
 */
async function accountId(context: AppContext, user: AuthUser, channel: 'email' | 'sms', ref: number | string | undefined): Promise<number> {
  const { db } = context.store;
  if (channel === 'email') {
    const mailboxes = new MailAccountService({ db, secrets: context.secrets, allowPrivateHosts: context.config.TIDINGS_ALLOW_PRIVATE_HOSTS });
    return mailboxes.sendingAccount(actorOf(user), ref);
  }
  if (ref !== undefined) return (await getSmsAccount(db, context.secrets, ref)).id;
  const id = await defaultSmsAccountId(db);
  if (id === undefined) throw new TidingsError('SEND_NO_ACCOUNT', 'No SMS account given and there is no default one; name one or add an account first.');
  return id;
}

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
      async (request) => (await (await service()).list(request.query.status, request.query.limit)).map(campaignView),
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
        const selection = selectionOf(body.audience);
        // Checked now so a bad schedule is SCHEDULE_INVALID with the fields to fix, not a scheduler log line later.
        const schedule = body.schedule === undefined || body.schedule === null ? undefined : parseScheduleSpec(body.schedule);
        const templateVersionId = await chooseVersion(templates, body, body.channel);
        const account = await accountId(context, user, body.channel, body.channel === 'email' ? body.mailAccount : body.smsAccount);
        const created = await (await service()).create({
          name: body.name,
          channel: body.channel,
          mailAccountId: body.channel === 'email' ? account : null,
          smsAccountId: body.channel === 'sms' ? account : null,
          templateVersionId,
          audience: selection,
          tracking: body.tracking,
          copyToSent: body.copyToSent,
          createdBy: user.username,
          // "now" is the same as no schedule: a draft started by hand, not an occurrence the scheduler fires.
          ...(schedule && schedule.kind !== 'now' ? { schedule } : {}),
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

    // Starting or resuming sends from the campaign's mailbox: a person's is theirs (and admins') alone.
    const mayUseMailbox = async (id: number, user: AuthUser): Promise<void> => {
      const campaign = await (await service()).get(id);
      if (campaign.mail_account_id === null) return;
      const mailboxes = new MailAccountService({ db, secrets: context.secrets, allowPrivateHosts: config.TIDINGS_ALLOW_PRIVATE_HOSTS });
      await mailboxes.authorize(actorOf(user), Number(campaign.mail_account_id), 'send');
    };
    control('start', 'Start a draft: create its messages and queue them (a scheduled campaign is started by the scheduler)', async (id, user) => {
      await mayUseMailbox(id, user);
      return (await service()).start(id);
    });
    control('pause', 'Stop sending; takes effect before the next message', async (id, user) => (await service()).pause(id, `paused by ${user.username}`));
    control('resume', 'Continue a paused campaign (nothing is sent twice)', async (id, user) => {
      await mayUseMailbox(id, user);
      return (await service()).resume(id);
    });
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
        let items = (await outboxPage(db, request.params.id, { state, limit, after })).map(messageView);
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
          response: { 201: CampaignDetailSchema, ...campaignErrorResponses },
        },
      },
      async (request, reply) => {
        const user = requireUser(request);
        const body = request.body;
        const ids = [...new Set(body.customerIds)];
        // Anyone who may not run bulk campaigns writes from their own account only.
        const mayChooseAccount = can(user, 'campaigns:write');
        let mailAccountId: number;
        const mailboxes = new MailAccountService({ db, secrets: context.secrets, allowPrivateHosts: config.TIDINGS_ALLOW_PRIVATE_HOSTS });
        if (body.mailAccount !== undefined) {
          const mailbox = await mailboxes.authorize(actorOf(user), body.mailAccount, 'send').catch((error: unknown) => {
            if (!mayChooseAccount && error instanceof TidingsError && error.code === 'AUTH_FORBIDDEN') {
              throw new TidingsError('AUTH_FORBIDDEN', 'You can send one-off emails only from your own mail account; leave mailAccount out.', {
                context: { permission: 'campaigns:write' },
              });
            }
            throw error;
          });
          mailAccountId = mailbox.id;
        } else if (user.mailAccountId !== null) {
          // The linked account is checked too: a person's mailbox linked to someone else is not theirs to use.
          mailAccountId = (await mailboxes.authorize(actorOf(user), user.mailAccountId, 'send')).id;
        } else {
          throw new TidingsError('SEND_NO_ACCOUNT', 'You have no mail account of your own; ask an admin to set one on your user.');
        }
        if (!can(user, 'customers:read')) {
          const foreign = await notOwnedBy(db, ids, user.username);
          if (foreign.length > 0) {
            throw new TidingsError('AUTH_FORBIDDEN', `You can write only to your own customers; not yours (or not found): ${foreign.slice(0, 20).join(', ')}.`, {
              context: { permission: 'customers:read' },
            });
          }
        }
        if ((body.template === undefined) === (body.subject === undefined)) {
          throw new TidingsError('VALIDATION_FAILED', 'body: give either template (id or name) or subject and text written now');
        }
        if ((body.subject === undefined) !== (body.text === undefined)) throw new TidingsError('VALIDATION_FAILED', 'body: subject and text go together');
        if (body.templateVersion !== undefined && body.template === undefined) throw new TidingsError('VALIDATION_FAILED', 'body.templateVersion: needs template');
        const message =
          body.template !== undefined
            ? { template: String(body.template), version: body.templateVersion }
            : { subject: body.subject as string, text: body.text as string };
        // The account goes by id (a digit string is read as an id there), never by a name that might be someone else's.
        const campaigns = await service();
        const { campaign, progress } = await sendOneoff(db, campaigns, {
          ...message,
          account: String(mailAccountId),
          customerIds: ids,
          name: body.name ?? `One-off by ${user.username}`,
          createdBy: user.username,
          tracking: body.tracking,
          copyToSent: body.copyToSent,
        });
        return reply.code(201).send({ ...campaignView(await campaigns.get(campaign.id)), progress: progressView(progress) });
      },
    );
  });
}

/** The campaign routes for ROUTE_PLUGINS. */
export const campaignRoutes = campaignRoutesWith();

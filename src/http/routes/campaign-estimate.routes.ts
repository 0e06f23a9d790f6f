import { z } from 'zod';
import { getSmsAccount } from '../../modules/accounts/index.js';
import { readCompanyProfile } from '../../modules/company/index.js';
import { parseScheduleSpec } from '../../modules/schedule/index.js';
import { chooseCampaignAccount, getCampaign, planCampaign, sendingLimitsOf, type CampaignPlan } from '../../modules/sending/index.js';
import { TidingsError } from '../../platform/errors/index.js';
import { IdParamsSchema } from '../api.schemas.js';
import { parseFilter, type AudienceSelection } from '../../modules/customers/index.js';
import { chooseTemplateVersion, TemplateRenderer } from '../../modules/templates/index.js';
import { singleLine } from '../api.schemas.js';
import { defineRoutes } from '../define-routes.js';
import { campaignErrorResponses, EstimateSchema } from '../schemas/campaign.schemas.js';
import { IdSchema } from '../schemas/common.schemas.js';
import { AudienceSelectionBodySchema } from '../schemas/customer.schemas.js';
import { estimateSmsCost } from '../../modules/billing/index.js';

const WaveSchema = z.object({
  zone: z.string().describe('IANA time zone of these recipients'),
  recipients: z.number().int(),
  at: z.string().describe('ISO instant (UTC) the wave goes out'),
  localDate: z.string().describe("YYYY-MM-DD on the recipients' clock"),
  localTime: z.string().describe("HH:mm on the recipients' clock"),
});

const PlanSchema = z.object({
  next: z.string().nullable().describe('ISO instant of the next send; null when the schedule will not fire again'),
  perZone: z.boolean().describe("each zone gets its own wave at the same time on its own clock"),
  recipients: z.number().int(),
  waves: z.array(WaveSchema).describe('per time zone, earliest first'),
  duration: z.object({
    seconds: z.number().int().describe('how long sending takes under the rate limits and quiet hours'),
    endsAt: z.string(),
    limitedBy: z.enum(['account', 'domain', 'none']),
    heldByQuietHours: z.boolean(),
  }),
  quietWindow: z.object({ start: z.string(), end: z.string() }).nullable(),
});

const PlanBodySchema = z.strictObject({
  channel: z.enum(['email', 'sms']).default('email'),
  mailAccount: z.union([IdSchema, singleLine(100)]).optional().describe('email: the sending mail account; the default when absent'),
  smsAccount: z.union([IdSchema, singleLine(100)]).optional().describe('sms: the SMS account; the default when absent'),
  audience: AudienceSelectionBodySchema.default({}),
  schedule: z.record(z.string(), z.unknown()).nullable().optional().describe('as in POST /api/campaigns; absent = when started'),
});

function planView(plan: CampaignPlan): z.infer<typeof PlanSchema> {
  return {
    next: plan.next?.toISOString() ?? null,
    perZone: plan.perZone,
    recipients: plan.recipients,
    waves: plan.waves.map((w) => ({ ...w, at: w.at.toISOString() })),
    duration: { ...plan.duration, endsAt: plan.duration.endsAt.toISOString() },
    quietWindow: plan.quietWindow ? { start: plan.quietWindow.start, end: plan.quietWindow.end } : null,
  };
}

const PlannedEstimateBodySchema = z.strictObject({
  smsAccount: z.union([IdSchema, singleLine(100)]).optional().describe('SMS account id or name; the default SMS account when absent'),
  templateVersionId: IdSchema.describe('the SMS template version the campaign will send'),
  audience: AudienceSelectionBodySchema.default({}).describe('the parts are combined as a union; nothing selected means everybody'),
});

/**
 * The SMS cost of a campaign before it exists, for the campaign wizard's review step: the same
 * arithmetic as GET /api/campaigns/{id}/estimate (recipients × parts of a sample rendering × the
 * price now), so the figure a marketer confirms is the one the saved campaign shows. Creating a
 * campaign just to estimate it would arm a scheduled one before anybody agreed to the cost.
 */
export const campaignEstimateRoutes = defineRoutes(async (app, context) => {
  const { db } = context.store;
  const renderer = new TemplateRenderer({ db, logger: context.logger });

  app.post(
    '/api/campaigns/estimate',
    {
      config: { permission: 'campaigns:read' },
      schema: {
        tags: ['campaigns'],
        summary: 'SMS cost of a planned campaign (not yet created): recipients × parts × price, and whether the balance covers it',
        body: PlannedEstimateBodySchema,
        response: { 200: EstimateSchema.omit({ campaignId: true }), ...campaignErrorResponses },
      },
    },
    async (request) => {
      const { smsAccount, templateVersionId, audience: raw } = request.body;
      // The same rules as creating the campaign: the named or default SMS account (SMS accounts
      // have no owner, so the mailbox policy and its actor play no part), an SMS template version.
      const accountId = await chooseCampaignAccount(db, 'sms', smsAccount);
      const account = await getSmsAccount(db, context.secrets, accountId);
      const { template, version } = await chooseTemplateVersion(db, { versionId: templateVersionId }, 'sms');
      const { filter, ...parts } = raw;
      const selection: AudienceSelection = { ...parts, ...(filter === undefined ? {} : { filter: parseFilter(filter) }) };
      return estimateSmsCost(db, renderer, {
        account,
        selection,
        template: { id: template.id, version: version.version },
        audienceOptions: { timeZone: context.config.TIDINGS_DEFAULT_TIMEZONE, region: context.config.TIDINGS_DEFAULT_REGION },
      });
    },
  );

  const { config } = context;
  const settings = {
    defaultZone: config.TIDINGS_DEFAULT_TIMEZONE,
    region: config.TIDINGS_DEFAULT_REGION,
    domainConcurrency: config.SEND_DOMAIN_CONCURRENCY,
    quietWindows: { sms: config.SCHEDULE_QUIET_HOURS_SMS, email: config.SCHEDULE_QUIET_HOURS_EMAIL },
  };

  app.get(
    '/api/campaigns/defaults',
    {
      config: { permission: 'campaigns:read' },
      schema: {
        tags: ['campaigns'],
        summary: "What a new campaign starts with: the company's time zone for schedules",
        response: { 200: z.object({ timeZone: z.string().describe("the company profile's time zone (else the service default)") }), ...campaignErrorResponses },
      },
    },
    async () => ({ timeZone: (await readCompanyProfile(db, config.TIDINGS_DEFAULT_TIMEZONE)).timeZone }),
  );

  app.post(
    '/api/campaigns/plan',
    {
      config: { permission: 'campaigns:read' },
      schema: {
        tags: ['campaigns'],
        summary: 'For a planned campaign: the next send date, its waves per recipient time zone with counts, and how long sending takes under the rate limits and quiet hours',
        body: PlanBodySchema,
        response: { 200: PlanSchema, ...campaignErrorResponses },
      },
    },
    async (request) => {
      const body = request.body;
      const accountId = await chooseCampaignAccount(db, body.channel, body.channel === 'email' ? body.mailAccount : body.smsAccount);
      const { filter, ...parts } = body.audience;
      const selection: AudienceSelection = { ...parts, ...(filter === undefined ? {} : { filter: parseFilter(filter) }) };
      const plan = await planCampaign(db, {
        ...settings,
        channel: body.channel,
        selection,
        schedule: parseScheduleSpec(body.schedule ?? null),
        limits: await sendingLimitsOf(db, context.secrets, body.channel, accountId),
        now: context.clock.date(),
      });
      return planView(plan);
    },
  );

  app.get(
    '/api/campaigns/:id/plan',
    {
      config: { permission: 'campaigns:read' },
      schema: {
        tags: ['campaigns'],
        summary: "A campaign's next send date, its waves per recipient time zone with counts, and how long sending takes",
        params: IdParamsSchema,
        response: { 200: PlanSchema, ...campaignErrorResponses },
      },
    },
    async (request) => {
      const campaign = await getCampaign(db, request.params.id);
      if (!campaign) throw new TidingsError('NOT_FOUND', `There is no campaign ${request.params.id}; it may have been deleted.`);
      const accountId = campaign.channel === 'sms' ? campaign.sms_account_id : campaign.mail_account_id;
      const raw = JSON.parse(campaign.audience || '{}') as { filter?: Record<string, unknown> } & Omit<AudienceSelection, 'filter'>;
      const { filter, ...parts } = raw;
      const plan = await planCampaign(db, {
        ...settings,
        channel: campaign.channel,
        selection: { ...parts, ...(filter === undefined ? {} : { filter: parseFilter(filter) }) },
        schedule: parseScheduleSpec(campaign.schedule),
        limits: accountId === null ? {} : await sendingLimitsOf(db, context.secrets, campaign.channel, Number(accountId)),
        now: context.clock.date(),
      });
      return planView(plan);
    },
  );
});

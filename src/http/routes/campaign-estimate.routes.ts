import { z } from 'zod';
import { chooseSendingAccount, getSmsAccount, SYSTEM_ACTOR } from '../../modules/accounts/index.js';
import { parseFilter, type AudienceSelection } from '../../modules/customers/index.js';
import { chooseTemplateVersion, TemplateRenderer } from '../../modules/templates/index.js';
import { singleLine } from '../api.schemas.js';
import { defineRoutes } from '../define-routes.js';
import { campaignErrorResponses, EstimateSchema } from '../schemas/campaign.schemas.js';
import { IdSchema } from '../schemas/common.schemas.js';
import { AudienceSelectionBodySchema } from '../schemas/customer.schemas.js';
import { estimateSmsCost } from '../../modules/billing/index.js';


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
      const accountId = await chooseSendingAccount(db, { channel: 'sms', actor: SYSTEM_ACTOR, account: smsAccount });
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
});

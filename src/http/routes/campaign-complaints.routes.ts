import { z } from 'zod';
import { MailAccountService } from '../../modules/accounts/index.js';
import { accountComplaintRate, campaignComplaintReport, complaintLimitOf } from '../../modules/sending/index.js';
import { requireUser } from '../../modules/users/index.js';
import { IdParamsSchema } from '../api.schemas.js';
import { defineRoutes } from '../define-routes.js';
import { campaignErrorResponses } from '../schemas/campaign.schemas.js';
import { dataErrorResponses } from '../schemas/common.schemas.js';
import { mailboxActor } from './mailbox-mail.scope.js';

const ComplaintRateSchema = z.object({
  complaints: z.number().int().nonnegative().describe('messages reported as spam (feedback-loop reports), each message once'),
  delivered: z.number().int().nonnegative().describe('email messages the receiving servers accepted'),
  rate: z.number().nonnegative().describe('complaints ÷ delivered, a fraction (0.006 = 0.6 %); 0 when nothing was delivered'),
});

const CampaignComplaintsSchema = z.object({
  campaignId: z.number().int(),
  campaign: ComplaintRateSchema,
  account: ComplaintRateSchema.extend({ mailAccountId: z.number().int() }).nullable().describe("the campaign's sending mailbox over all its campaigns; null for SMS"),
  limit: z.object({
    maxRate: z.number().describe('a running campaign pauses itself when its rate goes above this fraction (SEND_COMPLAINT_MAX_PERCENT)…'),
    minDelivered: z.number().int().describe('…once it delivered at least this many messages (SEND_COMPLAINT_MIN_DELIVERED)'),
  }),
});

/**
 * Complaint rates (spam reports ÷ delivered) per campaign and per sending mailbox; the sending
 * module counts them, this only parses and formats.
 */
export const campaignComplaintRoutes = defineRoutes(async (app, context) => {
  const { db } = context.store;
  const limit = complaintLimitOf(context.config);
  const mailboxes = new MailAccountService({ db, secrets: context.secrets, allowPrivateHosts: context.config.TIDINGS_ALLOW_PRIVATE_HOSTS, clock: context.clock });

  app.get(
    '/api/campaigns/:id/complaints',
    {
      config: { permission: 'campaigns:read' },
      schema: {
        tags: ['campaigns'],
        summary: "A campaign's complaint rate, its sending mailbox's, and the bound that pauses campaigns",
        params: IdParamsSchema,
        response: { 200: CampaignComplaintsSchema, ...campaignErrorResponses },
      },
    },
    async (request) => campaignComplaintReport(db, request.params.id, limit),
  );

  app.get(
    '/api/accounts/:id/complaints',
    {
      config: { permission: ['accounts:read', 'accounts:own'] },
      schema: {
        tags: ['accounts'],
        summary: "A sending mailbox's complaint rate over all its campaigns",
        params: IdParamsSchema,
        response: { 200: ComplaintRateSchema.extend({ mailAccountId: z.number().int() }), ...dataErrorResponses },
      },
    },
    async (request) => {
      // Who may see a mailbox is the accounts module's rule: a rep sees their own only.
      const account = await mailboxes.get(mailboxActor(requireUser(request)), request.params.id);
      return { mailAccountId: account.id, ...(await accountComplaintRate(db, account.id)) };
    },
  );
});

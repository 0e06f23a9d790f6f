import { z } from 'zod';
import { campaignInboxCounts, campaignMessages } from '../../modules/inbox/index.js';
import { IdParamsSchema } from '../api.schemas.js';
import { requireUser } from '../../modules/users/index.js';
import { defineRoutes } from '../define-routes.js';
import { withoutUnreadableMail } from './mailbox-mail.scope.js';
import { dataErrorResponses, EpochMs, limitQuery } from '../schemas/common.schemas.js';

const KINDS = ['reply', 'bounce', 'complaint', 'auto-reply', 'unsubscribe', 'other'] as const;

const CountsSchema = z.object({
  campaignId: z.number().int(),
  name: z.string(),
  channel: z.enum(['email', 'sms']),
  replies: z.number().int(),
  bounces: z.number().int(),
  autoReplies: z.number().int(),
  unsubscribes: z.number().int(),
  unverified: z.number().int().describe('bounces and unsubscribes that proved nothing and wait for a person to confirm; not counted in bounces or unsubscribes'),
  lastAt: EpochMs.describe('the newest message filed to the campaign'),
});

const EntrySchema = z.object({
  id: z.number().int(),
  kind: z.string(),
  from: z.string().nullable(),
  subject: z.string().nullable(),
  date: EpochMs,
  customerId: z.number().int().nullable(),
  customerName: z.string().nullable(),
  campaignId: z.number().int().nullable(),
  bounceType: z.enum(['hard', 'soft']).nullable(),
  bounceRecipient: z.string().nullable(),
  unverified: z.boolean().describe('a bounce or unsubscribe that proved nothing: nothing suppressed until someone confirms it'),
});

/**
 * What came back per campaign (the web UI's inbox): counts by kind for every campaign that got
 * answers, and one campaign's messages. `/api/inbox/replies` stays as is for its existing callers.
 */
export const inboxCampaignRoutes = defineRoutes(async (app, context) => {
  const { db } = context.store;
  const tags = ['inbox', 'campaigns'];

  app.get(
    '/api/inbox/campaigns',
    {
      config: { permission: 'inbox:read' },
      schema: {
        tags,
        summary: 'Replies, bounces, auto-replies and unsubscribe mails per campaign, newest answer first',
        querystring: z.strictObject({ limit: limitQuery(1000, 200) }),
        response: { 200: z.array(CountsSchema), ...dataErrorResponses },
      },
    },
    async (request) => campaignInboxCounts(db, request.query.limit),
  );

  app.get(
    '/api/inbox/campaigns/:id/messages',
    {
      config: { permission: 'inbox:read' },
      schema: {
        tags,
        summary: "A campaign's received messages (no bodies), newest first; kind narrows to replies, bounces…",
        params: IdParamsSchema,
        querystring: z.strictObject({ kind: z.enum(KINDS).optional(), limit: limitQuery(1000, 200) }),
        response: { 200: z.array(EntrySchema), ...dataErrorResponses },
      },
    },
    async (request) =>
      withoutUnreadableMail(db, requireUser(request), await campaignMessages(db, request.params.id, { kind: request.query.kind, limit: request.query.limit }), (m) => m.id),
  );
});

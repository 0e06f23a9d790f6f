import { z } from 'zod';
import { parseFilter, previewAudience, type AudienceSelection } from '../../modules/customers/index.js';
import { defineRoutes } from '../define-routes.js';
import { dataErrorResponses } from '../schemas/common.schemas.js';
import { AudienceSelectionBodySchema } from '../schemas/customer.schemas.js';

const PreviewBodySchema = z.strictObject({
  channel: z.enum(['email', 'sms']),
  selection: AudienceSelectionBodySchema.default({}).describe('the parts are combined as a union; nothing selected means everybody'),
});

const PreviewSchema = z.object({
  channel: z.enum(['email', 'sms']),
  everybody: z.boolean().describe('true when nothing was selected: the audience is every customer'),
  total: z.number().int().describe('customers selected'),
  reachable: z.number().int().describe('would receive it: total − suppressed − noAddress'),
  suppressed: z.number().int().describe('primary address (or its email domain) suppressed on the channel'),
  noAddress: z.number().int().describe('no primary address on the channel'),
});

/** `tidings customers preview`: how many people a selection reaches before anything is sent. */
export const audienceRoutes = defineRoutes(async (app, context) => {
  const { db } = context.store;
  app.post(
    '/api/audience/preview',
    {
      config: { permission: 'customers:read' },
      schema: {
        tags: ['customers', 'campaigns'],
        summary: 'Count an audience: selected, reachable, suppressed, without an address (nothing selected = everybody)',
        body: PreviewBodySchema,
        response: { 200: PreviewSchema, ...dataErrorResponses },
      },
    },
    async (request) => {
      const { channel, selection: raw } = request.body;
      // The filter is checked here so a bad one is CUSTOMER_FILTER_INVALID, not a schema error deeper down.
      const { filter, ...parts } = raw;
      const selection: AudienceSelection = { ...parts, ...(filter === undefined ? {} : { filter: parseFilter(filter) }) };
      const everybody = !selection.customerIds?.length && !selection.groupIds?.length && !selection.filterIds?.length && selection.filter === undefined;
      const counts = await previewAudience(db, {
        channel,
        selection,
        timeZone: context.config.TIDINGS_DEFAULT_TIMEZONE,
        region: context.config.TIDINGS_DEFAULT_REGION,
      });
      return { channel, everybody, ...counts };
    },
  );
});

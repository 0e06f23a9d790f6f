import { z } from 'zod';
import {
  addToGroup,
  assertOwnOwner,
  createCustomer,
  defineCustomField,
  deleteCustomer,
  listCustomers,
  listCustomFields,
  parseFilter,
  removeFromGroup,
  scopedCustomer,
  updateCustomer,
  withNextBirthday,
  withOwner,
} from '../../modules/customers/index.js';
import { customerTimeline } from '../../modules/inbox/index.js';
import { renderSentSubjects } from '../../modules/sending/index.js';
import { TemplateRenderer } from '../../modules/templates/index.js';
import { IdParamsSchema } from '../api.schemas.js';
import { requireUser } from '../../modules/users/index.js';
import { defineRoutes } from '../define-routes.js';
import { dataErrorResponses, EpochMs, IdSchema } from '../schemas/common.schemas.js';
import {
  CustomerBodySchema,
  CustomerListQuerySchema,
  CustomerPageSchema,
  CustomerSchema,
  CustomFieldBodySchema,
  CustomFieldSchema,
} from '../schemas/customer.schemas.js';
import { ownerScope } from './customer.scope.js';
import { withoutUnreadableMail } from './mailbox-mail.scope.js';

const MembershipParamsSchema = z.strictObject({ id: IdSchema, groupId: IdSchema });
const MembershipSchema = z.object({ customerId: z.number().int(), groupId: z.number().int(), changed: z.boolean() });

const TimelineEntrySchema = z.object({
  direction: z.enum(['out', 'in']).describe('out: we sent it; in: received'),
  id: z.number().int(),
  at: EpochMs,
  channel: z.enum(['email', 'sms']),
  campaignId: z.number().int().nullable(),
  subject: z.string().nullable(),
  address: z.string().nullable(),
  status: z.string().describe('sent: the outbox state; received: reply, bounce, auto-reply…'),
  preview: z.string().nullable(),
  outcome: z
    .enum(['pending', 'sent', 'bounced', 'failed', 'suppressed', 'cancelled', 'replied'])
    .nullable()
    .describe('sent: what became of it (bounced once a proven bounce came back; replied once the customer answered); null for received'),
  outcomeDetail: z.string().nullable().describe('sent: why it bounced, failed or was suppressed'),
});

/**
 * Customers: the same operations as `tidings customers list/search/show/add/edit/delete`, group
 * membership, custom fields and the per-customer mail timeline. Sales users (`customers:own`)
 * see and change only customers whose owner is their user name; others' answer 404.
 */
export const customerRoutes = defineRoutes(async (app, context) => {
  const { db } = context.store;
  const region = context.config.TIDINGS_DEFAULT_REGION;
  const timeZone = context.config.TIDINGS_DEFAULT_TIMEZONE;
  const read = { permission: ['customers:read', 'customers:own'] as const };
  const write = { permission: ['customers:write', 'customers:own'] as const };
  const tags = ['customers'];
  const renderer = new TemplateRenderer({ db, logger: context.logger });

  app.get(
    '/api/customers',
    {
      config: read,
      schema: {
        tags,
        summary: 'List or search customers, a page at a time (keyset cursor)',
        querystring: CustomerListQuerySchema,
        response: { 200: CustomerPageSchema, ...dataErrorResponses },
      },
    },
    async (request) => {
      const owner = ownerScope(requireUser(request));
      const { query, groupId, filter, limit, cursor } = request.query;
      const parsed = filter === undefined ? undefined : parseFilter(filter);
      const page = await listCustomers(db, { query, groupId, filter: withOwner(parsed, owner), limit, cursor, timeZone, region });
      const now = context.clock.date();
      return { ...page, items: page.items.map((c) => withNextBirthday(c, now, timeZone)) };
    },
  );

  app.get(
    '/api/customers/:id',
    { config: read, schema: { tags, summary: 'One customer', params: IdParamsSchema, response: { 200: CustomerSchema, ...dataErrorResponses } } },
    async (request) => withNextBirthday(await scopedCustomer(db, request.params.id, ownerScope(requireUser(request))), context.clock.date(), timeZone),
  );

  app.post(
    '/api/customers',
    {
      config: write,
      schema: {
        tags,
        summary: 'Add a customer (sales users become its owner)',
        body: CustomerBodySchema,
        response: { 201: CustomerSchema, ...dataErrorResponses },
      },
    },
    async (request, reply) => {
      const owner = ownerScope(requireUser(request));
      assertOwnOwner(request.body.owner, owner);
      const input = owner === undefined ? request.body : { ...request.body, owner };
      return reply.code(201).send(withNextBirthday(await createCustomer(db, input, { region }), context.clock.date(), timeZone));
    },
  );

  app.patch(
    '/api/customers/:id',
    {
      config: write,
      schema: {
        tags,
        summary: 'Change a customer; fields left out keep their value, emails/phones replace the list',
        params: IdParamsSchema,
        body: CustomerBodySchema,
        response: { 200: CustomerSchema, ...dataErrorResponses },
      },
    },
    async (request) => {
      const owner = ownerScope(requireUser(request));
      await scopedCustomer(db, request.params.id, owner);
      assertOwnOwner(request.body.owner, owner);
      return withNextBirthday(await updateCustomer(db, request.params.id, request.body, { region }), context.clock.date(), timeZone);
    },
  );

  app.delete(
    '/api/customers/:id',
    {
      config: write,
      schema: {
        tags,
        summary: 'Delete a customer (409 CUSTOMER_LOCKED for a locked one)',
        params: IdParamsSchema,
        response: { 204: z.undefined(), ...dataErrorResponses },
      },
    },
    async (request, reply) => {
      await scopedCustomer(db, request.params.id, ownerScope(requireUser(request)));
      await deleteCustomer(db, request.params.id);
      return reply.code(204).send();
    },
  );

  for (const verb of ['put', 'delete'] as const) {
    app[verb](
      '/api/customers/:id/groups/:groupId',
      {
        config: write,
        schema: {
          tags,
          summary: verb === 'put' ? 'Put a customer in a static group (idempotent)' : 'Take a customer out of a static group',
          params: MembershipParamsSchema,
          response: { 200: MembershipSchema, ...dataErrorResponses },
        },
      },
      async (request) => {
        const { id, groupId } = request.params;
        await scopedCustomer(db, id, ownerScope(requireUser(request)));
        const changed = verb === 'put' ? await addToGroup(db, groupId, [id]) : await removeFromGroup(db, groupId, [id]);
        return { customerId: id, groupId, changed: changed > 0 };
      },
    );
  }

  app.get(
    '/api/customers/:id/timeline',
    {
      config: { permission: ['inbox:read', 'inbox:own'] },
      schema: {
        tags: ['customers', 'inbox'],
        summary: "What we sent a customer and what came back, oldest first",
        params: IdParamsSchema,
        response: { 200: z.array(TimelineEntrySchema), ...dataErrorResponses },
      },
    },
    async (request) => {
      const user = requireUser(request);
      await scopedCustomer(db, request.params.id, ownerScope(user, 'inbox:read'));
      // Received mail from someone else's personal mailbox is theirs to read, not the caller's.
      const entries = await customerTimeline(db, request.params.id);
      // Sent subjects as the customer read them: rows without a stored merged subject are merged now.
      const merged = await renderSentSubjects({ db, renderer }, entries.filter((e) => e.direction === 'out' && e.subject?.includes('{{')).map((e) => e.id));
      const shown = entries.map((e) => (e.direction === 'out' && merged.has(e.id) ? { ...e, subject: merged.get(e.id) ?? e.subject } : e));
      return withoutUnreadableMail(db, user, shown, (e) => (e.direction === 'in' ? e.id : undefined));
    },
  );

  app.get(
    '/api/customer-fields',
    { config: read, schema: { tags, summary: 'Custom field definitions', response: { 200: z.array(CustomFieldSchema), ...dataErrorResponses } } },
    async () => [...(await listCustomFields(db)).values()],
  );

  app.post(
    '/api/customer-fields',
    {
      config: { permission: 'customers:write' },
      schema: {
        tags,
        summary: 'Define a custom field (or change the label of an existing one of the same type)',
        body: CustomFieldBodySchema,
        response: { 200: CustomFieldSchema, ...dataErrorResponses },
      },
    },
    async (request) => defineCustomField(db, request.body),
  );
});

import { z } from 'zod';
import { createGroup, deleteGroup, getGroup, listCustomers, listGroups, updateGroup, type Group } from '../../modules/customers/index.js';
import { IdParamsSchema } from '../api.schemas.js';
import { defineRoutes } from '../define-routes.js';
import { dataErrorResponses } from '../schemas/common.schemas.js';
import { CustomerPageSchema, GroupCreateSchema, GroupSchema, GroupUpdateSchema } from '../schemas/customer.schemas.js';

const GroupListQuerySchema = z.strictObject({ kind: z.enum(['static', 'filter']).optional().describe('only static groups or only saved filters') });
const MembersQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(1000).default(50),
  cursor: z.string().max(200).optional().describe('nextCursor of the previous page'),
});

/** A group as the API shows it: with its depth in the tree. */
const view = (g: Group) => ({ ...g, depth: g.path.split('/').length - 1, filter: g.filter as Record<string, unknown> | null });

/**
 * Groups (categories, nested) and saved filters: `tidings groups add/list/move/remove/members`.
 * Creating a group with a `filter` makes a saved filter whose members follow the filter.
 */
export const groupRoutes = defineRoutes(async (app, context) => {
  const { db } = context.store;
  const read = { permission: 'groups:read' as const };
  const write = { permission: 'groups:write' as const };
  const tags = ['groups'];

  app.get(
    '/api/groups',
    {
      config: read,
      schema: {
        tags,
        summary: 'The group tree, parents before children (depth and path given), with saved filters',
        querystring: GroupListQuerySchema,
        response: { 200: z.array(GroupSchema), ...dataErrorResponses },
      },
    },
    // listGroups sorts by path: depth-first, parents before children, siblings by name.
    async (request) => (await listGroups(db)).filter((g) => request.query.kind === undefined || g.kind === request.query.kind).map(view),
  );

  app.get(
    '/api/groups/:id',
    { config: read, schema: { tags, summary: 'One group or saved filter', params: IdParamsSchema, response: { 200: GroupSchema, ...dataErrorResponses } } },
    async (request) => view(await getGroup(db, request.params.id)),
  );

  app.post(
    '/api/groups',
    {
      config: write,
      schema: { tags, summary: 'Create a group, or a saved filter when `filter` is given', body: GroupCreateSchema, response: { 201: GroupSchema, ...dataErrorResponses } },
    },
    async (request, reply) => {
      const { name, parentId, filter } = request.body;
      const group = await createGroup(db, { name, parentId: parentId ?? null, ...(filter === undefined ? {} : { filter: filter as never }) });
      return reply.code(201).send(view(group));
    },
  );

  app.patch(
    '/api/groups/:id',
    {
      config: write,
      schema: {
        tags,
        summary: 'Rename, move (parentId; null = top level) or change a saved filter',
        params: IdParamsSchema,
        body: GroupUpdateSchema,
        response: { 200: GroupSchema, ...dataErrorResponses },
      },
    },
    async (request) => {
      const { name, parentId, filter } = request.body;
      const group = await updateGroup(db, request.params.id, { name, parentId, ...(filter === undefined ? {} : { filter: filter as never }) });
      return view(group);
    },
  );

  app.delete(
    '/api/groups/:id',
    {
      config: write,
      schema: { tags, summary: 'Delete a group with its subgroups (customers stay)', params: IdParamsSchema, response: { 204: z.undefined(), ...dataErrorResponses } },
    },
    async (request, reply) => {
      await deleteGroup(db, request.params.id);
      return reply.code(204).send();
    },
  );

  app.get(
    '/api/groups/:id/members',
    {
      config: { permission: ['groups:read'] },
      schema: {
        tags,
        summary: 'Members of a group (with subgroups) or the matches of a saved filter, a page at a time',
        params: IdParamsSchema,
        querystring: MembersQuerySchema,
        response: { 200: CustomerPageSchema, ...dataErrorResponses },
      },
    },
    async (request) => {
      await getGroup(db, request.params.id);
      return listCustomers(db, {
        groupId: request.params.id,
        limit: request.query.limit,
        cursor: request.query.cursor,
        timeZone: context.config.TIDINGS_DEFAULT_TIMEZONE,
        region: context.config.TIDINGS_DEFAULT_REGION,
      });
    },
  );
});

import { z } from 'zod';
import { ErrorSchema, IdParamsSchema, privateErrorResponses, singleLine } from './api.schemas.js';
import { AuthService } from '../modules/users/index.js';
import { defineRoutes } from './define-routes.js';

const TokenInfoSchema = z.object({
  id: z.number().int(),
  userId: z.number().int(),
  name: z.string(),
  prefix: z.string().describe('first characters of the token, to tell tokens apart'),
  createdAt: z.number().int(),
  lastUsedAt: z.number().int().nullable(),
  expiresAt: z.number().int().nullable(),
  revokedAt: z.number().int().nullable(),
});

const CreateTokenSchema = z.strictObject({
  userId: z.number().int().positive(),
  name: singleLine(100),
  expiresDays: z.number().int().min(1).max(3650).optional(),
});

const errors = { ...privateErrorResponses, 404: ErrorSchema };

/** API token administration (`users:admin`): the same operations as `tidings token …`. */
export const tokenRoutes = defineRoutes(async (app, context) => {
  const auth = new AuthService(context.store, undefined, context.clock);
  const config = { permission: 'users:admin' as const };
  const tags = ['tokens'];

  app.get(
    '/api/tokens',
    {
      config,
      schema: { tags, summary: 'List API tokens (never the tokens themselves)', querystring: z.strictObject({ userId: z.coerce.number().int().positive().optional() }), response: { 200: z.array(TokenInfoSchema), ...errors } },
    },
    async (request) => auth.tokens.list(request.query.userId),
  );

  app.post(
    '/api/tokens',
    {
      config,
      schema: {
        tags,
        summary: 'Create an API token; the response is the only time the token is shown',
        body: CreateTokenSchema,
        response: { 201: z.object({ token: z.string(), info: TokenInfoSchema }), ...errors },
      },
    },
    async (request, reply) => {
      const { userId, name, expiresDays } = request.body;
      await auth.users.getById(userId);
      const created = await auth.tokens.create({ userId, name, expiresAt: expiresDays ? context.clock.now() + expiresDays * 86_400_000 : null });
      return reply.code(201).send(created);
    },
  );

  app.delete(
    '/api/tokens/:id',
    { config, schema: { tags, summary: 'Revoke an API token', params: IdParamsSchema, response: { 200: TokenInfoSchema, ...errors } } },
    async (request) => auth.tokens.revoke(request.params.id),
  );
});

import { z } from 'zod';
import { ErrorSchema, IdParamsSchema, privateErrorResponses, RoleSchema, singleLine, UserSchema } from './api.schemas.js';
import { AuthService, PASSWORD_MAX, PASSWORD_MIN } from '../modules/users/index.js';
import { defineRoutes } from './define-routes.js';

const CreateUserSchema = z.strictObject({
  username: z.string().min(1).max(64).describe('lower-case letters, digits, . _ - @'),
  role: RoleSchema,
  displayName: singleLine(200).optional(),
  password: z.string().min(PASSWORD_MIN).max(PASSWORD_MAX).optional().describe('omit for a token-only user'),
  mailAccountId: z.number().int().positive().nullable().optional(),
});

const UpdateUserSchema = z.strictObject({
  role: RoleSchema.optional(),
  displayName: singleLine(200).optional(),
  disabled: z.boolean().optional(),
  mailAccountId: z.number().int().positive().nullable().optional(),
});

const PasswordSchema = z.strictObject({ password: z.string().min(PASSWORD_MIN).max(PASSWORD_MAX) });

const errors = { ...privateErrorResponses, 404: ErrorSchema, 409: ErrorSchema };

/** User administration (`users:admin`): the same operations as `tidings user …`. */
export const userRoutes = defineRoutes(async (app, context) => {
  const auth = new AuthService(context.store, undefined, context.clock);
  const config = { permission: 'users:admin' as const };
  const tags = ['users'];

  app.get('/api/users', { config, schema: { tags, summary: 'List users', response: { 200: z.array(UserSchema), ...errors } } }, async () =>
    auth.users.list(),
  );

  app.post(
    '/api/users',
    { config, schema: { tags, summary: 'Create a user', body: CreateUserSchema, response: { 201: UserSchema, ...errors } } },
    async (request, reply) => reply.code(201).send(await auth.users.create(request.body)),
  );

  app.patch(
    '/api/users/:id',
    {
      config,
      schema: { tags, summary: 'Change role, name, sending account or disable', params: IdParamsSchema, body: UpdateUserSchema, response: { 200: UserSchema, ...errors } },
    },
    async (request) => auth.users.update(request.params.id, request.body),
  );

  app.put(
    '/api/users/:id/password',
    {
      config,
      schema: { tags, summary: "Set a user's password (ends their sessions)", params: IdParamsSchema, body: PasswordSchema, response: { 204: z.undefined(), ...errors } },
    },
    async (request, reply) => {
      await auth.users.setPassword(request.params.id, request.body.password);
      return reply.code(204).send();
    },
  );
});

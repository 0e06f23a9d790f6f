import { z } from 'zod';
import { ErrorSchema, IdParamsSchema, privateErrorResponses, RoleSchema, singleLine, UserSchema } from './api.schemas.js';
import { AuthService, PASSWORD_MAX, PASSWORD_MIN, requireUser, UserAdminService } from '../modules/users/index.js';
import { defineRoutes } from './define-routes.js';

/** A person's own address, or "" to clear it (the users module checks and normalises it again). */
// The users module checks and normalises the address (normaliseEmail, trimming included): the edge only bounds it.
const EmailFieldSchema = z.string().max(300);

const CreateUserSchema = z.strictObject({
  username: z.string().min(1).max(64).describe('lower-case letters, digits, . _ - @'),
  role: RoleSchema,
  displayName: singleLine(200).optional(),
  password: z.string().min(PASSWORD_MIN).max(PASSWORD_MAX).optional().describe('omit for a token-only user, or with oneTimePassword'),
  oneTimePassword: z
    .boolean()
    .optional()
    .describe('true: the server chooses a one-time password, returns it once, and the user must change it at the first sign-in'),
  mailAccountId: z.number().int().positive().nullable().optional(),
  email: EmailFieldSchema.nullable().optional().describe('their own address for system mail such as the reminder digest'),
});

const CreatedUserSchema = UserSchema.extend({
  oneTimePassword: z.string().optional().describe('shown only in this answer; the user must replace it at the first sign-in'),
});

const UpdateUserSchema = z.strictObject({
  role: RoleSchema.optional(),
  displayName: singleLine(200).optional(),
  disabled: z.boolean().optional(),
  mailAccountId: z.number().int().positive().nullable().optional(),
  email: EmailFieldSchema.nullable().optional().describe('their own address for system mail; "" or null clears it'),
});

const MailboxSchema = z.strictObject({
  mailAccountId: z.number().int().positive().nullable().describe('null: no sending mailbox'),
  transfer: z.boolean().optional().describe("true: the mailbox becomes this user's, taken from its previous owner"),
});

const PasswordSchema = z.strictObject({ password: z.string().min(PASSWORD_MIN).max(PASSWORD_MAX) });

const OwnPasswordSchema = z.strictObject({
  currentPassword: z.string().min(1).max(PASSWORD_MAX),
  newPassword: z.string().max(PASSWORD_MAX).describe(`${PASSWORD_MIN} to ${PASSWORD_MAX} characters`),
});

const ResetSchema = z.object({ user: UserSchema, oneTimePassword: z.string() });

const errors = { ...privateErrorResponses, 404: ErrorSchema, 409: ErrorSchema };

/**
 * User administration (`users:admin`, the same rules as `tidings user …`, in UserAdminService)
 * and changing one's own password (anyone, including with a one-time password).
 */
export const userRoutes = defineRoutes(async (app, context) => {
  const auth = new AuthService(context.store, undefined, context.clock);
  const admin = new UserAdminService(context.store, context.clock);
  const config = { permission: 'users:admin' as const };
  const tags = ['users'];

  app.get('/api/users', { config, schema: { tags, summary: 'List users', response: { 200: z.array(UserSchema), ...errors } } }, async () => admin.list());

  app.post(
    '/api/users',
    { config, schema: { tags, summary: 'Create a user', body: CreateUserSchema, response: { 201: CreatedUserSchema, ...errors } } },
    async (request, reply) => {
      const { oneTimePassword, ...input } = request.body;
      if (oneTimePassword) {
        const { password: _ignored, ...person } = input;
        const created = await admin.create(person);
        return reply.code(201).send({ ...created.user, oneTimePassword: created.oneTimePassword });
      }
      return reply.code(201).send(await auth.users.create(input));
    },
  );

  app.patch(
    '/api/users/:id',
    {
      config,
      schema: { tags, summary: 'Change role, name, sending account or disable', params: IdParamsSchema, body: UpdateUserSchema, response: { 200: UserSchema, ...errors } },
    },
    async (request) => admin.update(request.params.id, request.body),
  );

  app.put(
    '/api/users/:id/mailbox',
    {
      config,
      schema: {
        tags,
        summary: "Link a sales rep's sending mailbox (shared or theirs), or transfer a mailbox to them",
        params: IdParamsSchema,
        body: MailboxSchema,
        response: { 200: UserSchema, ...errors },
      },
    },
    async (request) => admin.assignMailbox(request.params.id, request.body.mailAccountId, { transfer: request.body.transfer ?? false }),
  );

  app.put(
    '/api/users/:id/password',
    {
      config,
      schema: { tags, summary: "Set a user's password (ends their sessions)", params: IdParamsSchema, body: PasswordSchema, response: { 204: z.undefined(), ...errors } },
    },
    async (request, reply) => {
      await admin.setPassword(request.params.id, request.body.password);
      return reply.code(204).send();
    },
  );

  app.post(
    '/api/users/:id/password/reset',
    {
      config,
      schema: {
        tags,
        summary: 'Give the user a new one-time password (shown once; their sessions end; they must change it at sign-in)',
        params: IdParamsSchema,
        response: { 200: ResetSchema, ...errors },
      },
    },
    async (request) => admin.resetPassword(request.params.id),
  );

  app.put(
    '/api/auth/password',
    {
      config: { permission: 'session:self', duringPasswordChange: true },
      schema: {
        tags: ['auth'],
        summary: 'Change your own password (also replaces a one-time password); your other sessions end',
        body: OwnPasswordSchema,
        response: { 200: UserSchema, ...privateErrorResponses, 429: ErrorSchema },
      },
    },
    async (request) => {
      const user = requireUser(request);
      return admin.changeOwnPassword(user.id, request.body.currentPassword, request.body.newPassword, { keepSession: user.sessionId, ip: request.ip });
    },
  );
});

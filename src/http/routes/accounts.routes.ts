import { z } from 'zod';
import {
  createSmsAccount,
  deleteSmsAccount,
  detect,
  getSmsAccount,
  listSmsAccounts,
  MailAccountService,
  rotateSmsWebhookToken,
  setDefaultSmsAccount,
  smsWebhookUrls,
  type MailboxActor,
} from '../../modules/accounts/index.js';
import { TidingsError } from '../../platform/errors/index.js';
import { IdParamsSchema } from '../api.schemas.js';
import { requireUser } from '../../modules/users/index.js';
import { defineRoutes } from '../define-routes.js';
import {
  mailAccountBody,
  MailAccountCreateSchema,
  MailAccountSavedSchema,
  mailAccountSavedBody,
  MailAccountSchema,
  MailAccountUpdateSchema,
  smsAccountBody,
  SmsAccountCreateSchema,
  SmsAccountSchema,
  SmsWebhookTokenSchema,
  VerifyCheckSchema,
} from '../schemas/account.schemas.js';
import { dataErrorResponses } from '../schemas/common.schemas.js';
import { ErrorSchema } from '../api.schemas.js';

const Server = z.object({ host: z.string(), port: z.number().int(), security: z.enum(['tls', 'starttls', 'none']), username: z.string() });
const DetectSchema = z.object({
  address: z.string(),
  provider: z.string().optional(),
  source: z.enum(['table', 'wildcard', 'autoconfig', 'ispdb', 'mx', 'srv', 'probe']),
  reason: z.string().describe('which step matched and on what, in a sentence'),
  imap: Server.optional(),
  pop3: Server.optional(),
  smtp: Server.optional(),
  hints: z.array(z.string()).readonly(),
});

const VerifySchema = z.object({
  account: z.string(),
  ok: z.boolean(),
  checks: z.array(VerifyCheckSchema).readonly(),
});

/** Network routes can also answer with the servers' trouble: unresolvable, unreachable. */
const networkErrors = { ...dataErrorResponses, 502: ErrorSchema.describe('ACCOUNT_HOST_UNRESOLVED, ACCOUNT_CONNECT_FAILED') };

/** The caller as the mailbox policy sees them. */
const actorOf = (request: Parameters<typeof requireUser>[0]): MailboxActor => {
  const user = requireUser(request);
  return { id: user.id, role: user.role, mailAccountId: user.mailAccountId };
};

/**
 * Mail accounts (`tidings account …`: detect, add, list, show, update, delete, set-default,
 * verify) and SMS accounts (`tidings sms-account …`). Passwords and credentials are write-only:
 * responses carry `••••` (the response schemas accept nothing else). Who may do what to which
 * mailbox (a person's or a shared one) is the accounts module's MailAccountService's to decide;
 * sales reps (`accounts:own`) reach these routes and the service limits them to their own.
 */
export const accountRoutes = defineRoutes(async (app, context) => {
  const { db } = context.store;
  const { secrets, config } = context;
  const read = { permission: 'accounts:read' as const };
  const write = { permission: 'accounts:write' as const };
  const mailRead = { permission: ['accounts:read', 'accounts:own'] as const };
  const mailWrite = { permission: ['accounts:write', 'accounts:own'] as const };
  const tags = ['accounts'];
  const mailboxes = new MailAccountService({ db, secrets, allowPrivateHosts: config.TIDINGS_ALLOW_PRIVATE_HOSTS, clock: context.clock });

  app.get(
    '/api/accounts',
    { config: mailRead, schema: { tags, summary: 'Mail accounts (sales reps: their own)', response: { 200: z.array(MailAccountSchema), ...dataErrorResponses } } },
    async (request) => (await mailboxes.list(actorOf(request))).map(mailAccountBody),
  );

  app.get(
    '/api/accounts/:id',
    { config: mailRead, schema: { tags, summary: 'One mail account', params: IdParamsSchema, response: { 200: MailAccountSchema, ...dataErrorResponses } } },
    async (request) => mailAccountBody(await mailboxes.get(actorOf(request), request.params.id)),
  );

  app.post(
    '/api/accounts',
    {
      config: mailWrite,
      schema: {
        tags,
        summary:
          "Add a mail account (passwords are sealed at rest and never shown again); a sales rep's becomes their own (and their sending mailbox if they have none), a marketer's is shared. One mailbox per address per owner (409 ACCOUNT_MAILBOX_EXISTS). Hosts that resolve to private addresses are refused (ACCOUNT_HOST_FORBIDDEN); with verify: true the logins are tested first and the result stored as lastCheck",
        body: MailAccountCreateSchema,
        response: { 201: MailAccountSavedSchema, ...dataErrorResponses },
      },
    },
    async (request, reply) => {
      const { ownerUserId, verify, ...input } = request.body;
      const saved = await mailboxes.create(actorOf(request), input, { ...(ownerUserId === undefined ? {} : { ownerUserId }), verify: verify ?? false });
      return reply.code(201).send(mailAccountSavedBody(saved));
    },
  );

  app.patch(
    '/api/accounts/:id',
    {
      config: mailWrite,
      schema: {
        tags,
        summary:
          'Change a mail account; omitted fields stay, a password set to null is removed. Changing host, port, security or user name of a server drops its stored password unless this request gives one (see droppedPasswords)',
        params: IdParamsSchema,
        body: MailAccountUpdateSchema,
        response: { 200: MailAccountSavedSchema, ...dataErrorResponses },
      },
    },
    async (request) => mailAccountSavedBody(await mailboxes.update(actorOf(request), request.params.id, request.body)),
  );

  app.patch(
    '/api/accounts/:id/owner',
    {
      config: { permission: 'users:admin' },
      schema: {
        tags,
        summary: "Admins: give the mailbox to a user (their personal mailbox) or make it shared (null); the user's own sending account follows",
        params: IdParamsSchema,
        body: z.strictObject({ ownerUserId: z.number().int().positive().nullable() }),
        response: { 200: MailAccountSchema, ...dataErrorResponses },
      },
    },
    async (request) => mailAccountBody(await mailboxes.setOwner(actorOf(request), request.params.id, request.body.ownerUserId)),
  );

  app.delete(
    '/api/accounts/:id',
    { config: mailWrite, schema: { tags, summary: 'Delete a mail account', params: IdParamsSchema, response: { 204: z.undefined(), ...dataErrorResponses } } },
    async (request, reply) => {
      await mailboxes.delete(actorOf(request), request.params.id);
      return reply.code(204).send();
    },
  );

  app.post(
    '/api/accounts/:id/default',
    {
      config: write,
      schema: { tags, summary: 'Make this the default sending account', params: IdParamsSchema, response: { 200: MailAccountSchema, ...dataErrorResponses } },
    },
    async (request) => mailAccountBody(await mailboxes.setDefault(actorOf(request), request.params.id)),
  );

  app.post(
    '/api/accounts/detect',
    {
      config: mailWrite,
      schema: {
        tags,
        summary: "Find an address's IMAP/POP3/SMTP servers (bundled table and its wildcard families, autoconfig, ISPDB, MX, SRV, probing); reason says which step matched",
        body: z.strictObject({
          address: z.string().min(3).max(320).regex(/^[^\s@]+@[^\s@]+$/, 'an email address'),
          offline: z.boolean().default(false).describe('bundled provider table only, no network'),
        }),
        response: { 200: DetectSchema, ...networkErrors },
      },
    },
    async (request) => {
      const { address, offline } = request.body;
      const result = await detect(address, {
        offline,
        ispdbBaseUrl: config.TIDINGS_ISPDB_URL,
        timeoutMs: config.TIDINGS_AUTODETECT_TIMEOUT_MS,
        allowPrivateHosts: config.TIDINGS_ALLOW_PRIVATE_HOSTS,
      });
      if (!result) {
        throw new TidingsError('ACCOUNT_AUTODETECT_MISS', `No server settings found for ${address}${offline ? ' in the bundled table' : ''}; enter them by hand.`, {
          context: { offline },
        });
      }
      return result;
    },
  );

  app.post(
    '/api/accounts/verify',
    {
      config: mailWrite,
      schema: {
        tags,
        summary:
          'Log in to the servers of settings that are not saved (the add-mailbox wizard); nothing is stored. Refuses an address the owner already has (409 ACCOUNT_MAILBOX_EXISTS) before trying',
        body: MailAccountCreateSchema.omit({ verify: true }),
        response: { 200: VerifySchema, ...networkErrors },
      },
    },
    async (request) => {
      const { ownerUserId, ...input } = request.body;
      return mailboxes.verifyDraft(actorOf(request), input, ownerUserId === undefined ? {} : { ownerUserId });
    },
  );

  app.post(
    '/api/accounts/:id/verify',
    {
      config: mailWrite,
      schema: {
        tags,
        summary: 'Log in to the SMTP and IMAP/POP3 servers and report each result (ok false is a 200: the report says why)',
        params: IdParamsSchema,
        body: z.strictObject({ incomingPassword: z.string().min(1).max(1024).optional().describe('when the account stores none; used once, never stored') }),
        response: { 200: VerifySchema, ...networkErrors },
      },
    },
    async (request) => mailboxes.verify(actorOf(request), request.params.id, { incomingPassword: request.body.incomingPassword }),
  );

  // Finance picks the wallet to top up from this list; credentials are masked for every reader.
  const listSms = { permission: ['accounts:read', 'wallet:read'] as const };
  app.get('/api/sms-accounts', { config: listSms, schema: { tags, summary: 'SMS accounts', response: { 200: z.array(SmsAccountSchema), ...dataErrorResponses } } }, async () =>
    (await listSmsAccounts(db, secrets)).map(smsAccountBody),
  );

  app.get(
    '/api/sms-accounts/:id',
    // As the list: finance reads an account's currency to show a campaign's SMS costs.
    { config: listSms, schema: { tags, summary: 'One SMS account', params: IdParamsSchema, response: { 200: SmsAccountSchema, ...dataErrorResponses } } },
    async (request) => smsAccountBody(await getSmsAccount(db, secrets, request.params.id)),
  );

  app.post(
    '/api/sms-accounts',
    {
      config: write,
      schema: {
        tags,
        summary: 'Add an SMS account (twilio, aliyun, tencent, smpp or sandbox); credentials are sealed at rest and never shown again',
        body: SmsAccountCreateSchema,
        response: { 201: SmsAccountSchema, ...dataErrorResponses },
      },
    },
    async (request, reply) => reply.code(201).send(smsAccountBody(await createSmsAccount(db, secrets, request.body, { allowPrivateHosts: config.TIDINGS_ALLOW_PRIVATE_HOSTS }))),
  );

  app.delete(
    '/api/sms-accounts/:id',
    { config: write, schema: { tags, summary: 'Delete an SMS account', params: IdParamsSchema, response: { 204: z.undefined(), ...dataErrorResponses } } },
    async (request, reply) => {
      await deleteSmsAccount(db, request.params.id);
      return reply.code(204).send();
    },
  );

  app.post(
    '/api/sms-accounts/:id/default',
    {
      config: write,
      schema: { tags, summary: 'Make this the default SMS account', params: IdParamsSchema, response: { 200: SmsAccountSchema, ...dataErrorResponses } },
    },
    async (request) => smsAccountBody(await setDefaultSmsAccount(db, secrets, request.params.id)),
  );

  app.post(
    '/api/sms-accounts/:id/webhook-token',
    {
      config: write,
      schema: {
        tags,
        summary: 'Make a new webhook token (the old callback links stop working) and show the callback links once',
        params: IdParamsSchema,
        response: { 200: SmsWebhookTokenSchema, ...dataErrorResponses },
      },
    },
    async (request, reply) => {
      const { account, token } = await rotateSmsWebhookToken(db, secrets, request.params.id);
      const urls = smsWebhookUrls(config.BILLING_SMS_WEBHOOK_BASE_URL ?? `${request.protocol}://${request.host}`, account.name, token);
      request.log.info({ account: account.name }, 'sms webhook token rotated');
      // Shown once: keep it out of any cache between here and the person who asked.
      return reply.header('cache-control', 'no-store').send({ account: smsAccountBody(account), token, statusUrl: urls.status, inboundUrl: urls.inbound });
    },
  );
});

import { z } from 'zod';
import { customerSuppressions, scopedCustomer } from '../../modules/customers/index.js';
import { forwardMessage, myInbox, replyToMessage } from '../../modules/inbox/index.js';
import { AccountSenderResolver, myOneoffs, oneoffSender, previewOneoff, sharedSendRuntime, type CampaignService, type TransportProvider } from '../../modules/sending/index.js';
import { TemplateRenderer } from '../../modules/templates/index.js';
import { can, requireUser, type AuthUser } from '../../modules/users/index.js';
import { IdParamsSchema } from '../api.schemas.js';
import { defineRoutes } from '../define-routes.js';
import { dataErrorResponses } from '../schemas/common.schemas.js';
import {
  CustomerSuppressionSchema,
  ForwardBodySchema,
  ForwardResultSchema,
  MyInboxEntrySchema,
  MyOneoffSchema,
  OneoffPreviewBodySchema,
  OneoffPreviewSchema,
  ReplyBodySchema,
  ReplyResultSchema,
  SenderSchema,
} from '../schemas/oneoff.schemas.js';
import { ownerScope } from './customer.scope.js';
import { mailboxActor } from './mailbox-mail.scope.js';

/** Options of {@link repRoutesWith}. */
export interface RepRoutesOptions {
  /** The campaign service replies are sent with; default: the process's shared send runtime. Tests pass their own. */
  readonly campaigns?: CampaignService;
  /** The transports forwards to any address are sent with; default: the shared send runtime's (Sent-folder copies included). Tests pass their own. */
  readonly forwardTransports?: TransportProvider;
}

/**
 * The sales rep's day: what a one-off will look like and where it comes from before sending, the
 * rep's own Sent list, "My inbox" (what came back to their letters), answering a message from it,
 * and a customer's suppressions. Every handler only parses, calls the module and formats.
 */
export function repRoutesWith(options: RepRoutesOptions = {}) {
  return defineRoutes(async (app, context) => {
    const { db } = context.store;
    const renderer = new TemplateRenderer({ db, logger: context.logger });
    const service = async (): Promise<CampaignService> => options.campaigns ?? (await sharedSendRuntime(context)).campaigns;
    const oneoff = { permission: 'campaigns:oneoff' as const };
    /** A caller who may not choose the mailbox (a rep) writes from their own. */
    const accountFor = (user: AuthUser, named: number | string | undefined) => (can(user, 'campaigns:write') ? named : undefined);

    app.get(
      '/api/send/from',
      { config: oneoff, schema: { tags: ['campaigns'], summary: 'The mailbox your one-off emails go out from (null: you have none yet)', response: { 200: z.object({ from: SenderSchema.nullable() }), ...dataErrorResponses } } },
      async (request) => ({ from: (await oneoffSender(db, mailboxActor(requireUser(request)))) ?? null }),
    );

    app.post(
      '/api/send/preview',
      {
        config: oneoff,
        schema: {
          tags: ['campaigns'],
          summary: 'A one-off rendered for one customer exactly as it would be sent, with the customer merge fields that hold a value',
          body: OneoffPreviewBodySchema,
          response: { 200: OneoffPreviewSchema, ...dataErrorResponses },
        },
      },
      async (request) => {
        const user = requireUser(request);
        const body = request.body;
        await scopedCustomer(db, body.customerId, ownerScope(user));
        const message = body.template !== undefined ? { template: body.template, version: body.templateVersion } : { subject: body.subject ?? '', text: body.text ?? '' };
        const preview = await previewOneoff({ db, renderer, clock: context.clock }, mailboxActor(user), { message, customerId: body.customerId, account: accountFor(user, body.mailAccount) });
        return { ...preview, fields: [...preview.fields] };
      },
    );

    app.get(
      '/api/send/mine',
      {
        config: oneoff,
        schema: {
          tags: ['campaigns'],
          summary: 'Your own one-off emails, newest first, with how many arrived and how many did not',
          querystring: z.strictObject({ limit: z.coerce.number().int().min(1).max(500).default(100) }),
          response: { 200: z.array(MyOneoffSchema), ...dataErrorResponses },
        },
      },
      async (request) => myOneoffs(db, requireUser(request).username, request.query.limit),
    );

    app.get(
      '/api/customers/:id/suppressions',
      {
        config: { permission: ['customers:read', 'customers:own'] },
        schema: {
          tags: ['customers'],
          summary: "What blocks mail or SMS to this customer: each suppression of their addresses, numbers or email domain (which channel, why, when)",
          params: IdParamsSchema,
          response: { 200: z.array(CustomerSuppressionSchema), ...dataErrorResponses },
        },
      },
      async (request) => {
        await scopedCustomer(db, request.params.id, ownerScope(requireUser(request)));
        return customerSuppressions(db, request.params.id);
      },
    );

    app.get(
      '/api/inbox/mine',
      {
        config: { permission: ['inbox:read', 'inbox:own'] },
        schema: {
          tags: ['inbox'],
          summary: 'My inbox: replies, bounces and auto-replies to your one-offs and to mail sent to your customers, newest first, unread marked',
          querystring: z.strictObject({ limit: z.coerce.number().int().min(1).max(1000).default(200) }),
          response: { 200: z.array(MyInboxEntrySchema), ...dataErrorResponses },
        },
      },
      async (request) => {
        const user = requireUser(request);
        return myInbox(db, { userId: user.id, username: user.username, actor: mailboxActor(user) }, request.query.limit);
      },
    );

    app.post(
      '/api/inbox/messages/:id/reply',
      {
        config: oneoff,
        schema: {
          tags: ['inbox'],
          summary: 'Answer a received message from your own mailbox: threaded (In-Reply-To, References, "Re:"), copied to Sent, on the customer\'s timeline',
          params: IdParamsSchema,
          body: ReplyBodySchema.extend({ forwardTo: z.number().int().positive().optional().describe('forward the message, quoted, to this customer instead of answering') }),
          response: { 201: ReplyResultSchema, ...dataErrorResponses },
        },
      },
      async (request, reply) => {
        const user = requireUser(request);
        const result = await replyToMessage(
          await service(),
          mailboxActor(user),
          {
            messageId: request.params.id,
            text: request.body.text,
            subject: request.body.subject,
            mode: request.body.forwardTo === undefined ? 'reply' : 'forward',
            forwardTo: request.body.forwardTo,
            ownCustomersOf: can(user, 'customers:read') ? undefined : user.username,
            readsOwnCustomersOf: ownerScope(user, 'inbox:read'),
            createdBy: user.username,
          },
          context.clock,
        );
        return reply.code(201).send({ ...result, skipped: [...result.skipped] });
      },
    );

    const accounts = new AccountSenderResolver(db, context.secrets, {
      allowPrivateHosts: context.config.TIDINGS_ALLOW_PRIVATE_HOSTS,
      allowSelfSigned: context.config.SEND_SMTP_ALLOW_SELF_SIGNED === '1',
    });
    app.post(
      '/api/inbox/messages/:id/forward',
      {
        config: oneoff,
        schema: {
          tags: ['inbox'],
          summary: 'Forward a received message to any addresses (a colleague, a manager) from your own mailbox: the original quoted under "Forwarded message", copied to Sent, on the customer\'s timeline',
          params: IdParamsSchema,
          body: ForwardBodySchema,
          response: { 201: ForwardResultSchema, ...dataErrorResponses },
        },
      },
      async (request, reply) => {
        const user = requireUser(request);
        const transports = options.forwardTransports ?? (await sharedSendRuntime(context)).deps.transports;
        const result = await forwardMessage({ db, loadAccount: (id) => accounts.load(id), transports, clock: context.clock }, mailboxActor(user), {
          messageId: request.params.id,
          to: request.body.to,
          note: request.body.text,
          subject: request.body.subject,
          createdBy: user.username,
          readsOwnCustomersOf: ownerScope(user, 'inbox:read'),
        });
        return reply.code(201).send({ ...result, to: [...result.to] });
      },
    );
  });
}

/** The rep routes for ROUTE_PLUGINS. */
export const repRoutes = repRoutesWith();

import { z } from 'zod';
import {
  assignMessage,
  confirmEffect,
  readableInboxMessage,
  importMessages,
  inboxSettings,
  listUnfiled,
  markRead,
  pendingAddresses,
  replyCounts,
  sanitizeHtml,
  UNVERIFIED_REASONS,
  type UnverifiedReason,
} from '../../modules/inbox/index.js';
import { UnsubscribeTokens } from '../../modules/sending/index.js';
import { TidingsError } from '../../platform/errors/index.js';
import { ErrorSchema, IdParamsSchema } from '../api.schemas.js';
import { type AuthUser, requireUser } from '../../modules/users/index.js';
import { defineRoutes } from '../define-routes.js';
import { dataErrorResponses, EpochMs, IdSchema } from '../schemas/common.schemas.js';
import { ownerScope } from './customer.scope.js';
import { mailboxActor, withoutUnreadableMail } from './mailbox-mail.scope.js';

const KINDS = ['reply', 'bounce', 'complaint', 'auto-reply', 'unsubscribe', 'other'] as const;

const UnfiledSchema = z.object({
  id: z.number().int(),
  kind: z.string(),
  from: z.string().nullable(),
  subject: z.string().nullable(),
  date: EpochMs,
  candidates: z.array(z.number().int()).readonly().describe('customers sharing the sender address'),
  unverified: z.boolean().describe('a bounce or unsubscribe that proved nothing: nothing suppressed until someone confirms it'),
});

const MessageSchema = z.object({
  id: z.number().int(),
  kind: z.enum(KINDS),
  accountId: z.number().int().nullable(),
  folder: z.string(),
  messageId: z.string().nullable(),
  from: z.object({ address: z.string().nullable(), name: z.string().nullable() }),
  to: z.array(z.string()),
  subject: z.string().nullable(),
  date: EpochMs,
  text: z.string().nullable(),
  html: z.string().nullable().describe('sanitised: no scripts, event handlers or remote-loading elements'),
  attachments: z.array(z.object({ filename: z.string().nullable(), contentType: z.string(), size: z.number().int() })),
  customerId: z.number().int().nullable(),
  campaignId: z.number().int().nullable(),
  outboxId: z.number().int().nullable(),
  filedBy: z.string().nullable(),
  bounce: z.object({ type: z.enum(['hard', 'soft']).nullable(), recipient: z.string().nullable(), status: z.string().nullable(), diagnostic: z.string().nullable() }).nullable(),
  effect: z
    .object({
      state: z.enum(['verified', 'unverified', 'confirmed']),
      reason: z.enum(Object.keys(UNVERIFIED_REASONS) as [UnverifiedReason, ...UnverifiedReason[]]).nullable().describe('why it is unverified'),
      note: z.string().nullable().describe('the reason in words'),
      addresses: z.array(z.string()).describe('what confirming suppresses (unverified) or what was suppressed'),
      confirmedAt: EpochMs.nullable(),
    })
    .nullable()
    .describe('bounces and unsubscribe requests: whether they proved they answer our mail; null for other messages'),
  rawSize: z.number().int(),
});

const ImportResultSchema = z.object({
  messages: z.number().int(),
  stored: z.number().int(),
  duplicates: z.number().int(),
  results: z.array(
    z.object({
      id: z.number().int().nullable(),
      stored: z.boolean(),
      verification: z.enum(['verified', 'unverified', 'confirmed']).nullable(),
      suppressed: z.array(z.string()).readonly(),
    }),
  ),
});

/** Content types the import route takes as the file itself. */
const IMPORT_TYPES = ['message/rfc822', 'application/mbox', 'application/octet-stream'];

const reasonOf = (code: string | null): UnverifiedReason | null => (code !== null && code in UNVERIFIED_REASONS ? (code as UnverifiedReason) : null);

type Attachment = { filename?: unknown; contentType?: unknown; size?: unknown };
const asStrings = (json: string): string[] => {
  const value: unknown = JSON.parse(json);
  return Array.isArray(value) ? value.map((v) => (typeof v === 'string' ? v : typeof v === 'object' && v && 'address' in v ? String(v.address) : String(v))) : [];
};

/**
 * Inbox: unfiled messages and assigning them (`tidings inbox unfiled/assign/replies`), one
 * message's detail (sanitised HTML only) and, for admins, its raw source. Sales users
 * (`inbox:own`) read only messages filed to their own customers; mail fetched from a person's
 * mailbox is read only by that person and admins (the mailbox policy of src/accounts).
 */
export const inboxRoutes = defineRoutes(async (app, context) => {
  const { db } = context.store;
  const tags = ['inbox'];
  const effectOptions = { ...inboxSettings(context.config), unsubscribeTokens: UnsubscribeTokens.fromSecrets(context.secrets) };

  // Encapsulated in this plugin: only the import route reads a raw body; it is capped by BODY_LIMIT.
  app.addContentTypeParser(IMPORT_TYPES, { parseAs: 'buffer' }, (_request, body, done) => done(null, body));

  /** The stored row, if the caller may read it (someone else's answers like a missing one). */
  const readableMessage = (id: number, owner: string | undefined, user: AuthUser) => readableInboxMessage(db, id, { actor: mailboxActor(user), ownCustomersOf: owner });

  app.get(
    '/api/inbox/unfiled',
    {
      config: { permission: 'inbox:read' },
      schema: {
        tags,
        summary: 'Messages no rule could file to a customer, newest first',
        querystring: z.strictObject({ limit: z.coerce.number().int().min(1).max(1000).default(200) }),
        response: { 200: z.array(UnfiledSchema), ...dataErrorResponses },
      },
    },
    async (request) => withoutUnreadableMail(db, requireUser(request), await listUnfiled(db, request.query.limit), (m) => m.id),
  );

  app.post(
    '/api/inbox/messages/:id/assign',
    {
      config: { permission: 'inbox:write' },
      schema: {
        tags,
        summary: 'File a message to a customer by hand',
        params: IdParamsSchema,
        body: z.strictObject({ customerId: IdSchema }),
        response: { 200: z.object({ id: z.number().int(), customerId: z.number().int() }), ...dataErrorResponses },
      },
    },
    async (request) => {
      await assignMessage(db, request.params.id, request.body.customerId);
      return { id: request.params.id, customerId: request.body.customerId };
    },
  );

  app.post(
    '/api/inbox/import',
    {
      config: { permission: 'inbox:write' },
      schema: {
        tags,
        summary: 'Import an .eml message or an mbox archive (body: the file, Content-Type message/rfc822, application/mbox or application/octet-stream)',
        description:
          'Filed exactly like polled mail (`tidings inbox import`). A bounce or unsubscribe suppresses only when it proves it answers a message we sent; otherwise it is stored as unverified for a person to confirm.',
        response: { 200: ImportResultSchema, ...dataErrorResponses, 413: ErrorSchema, 415: ErrorSchema },
      },
    },
    async (request) => {
      const body: unknown = request.body;
      if (!Buffer.isBuffer(body)) {
        throw new TidingsError('API_UNSUPPORTED_MEDIA_TYPE', 'Send the .eml or mbox file itself as the body with Content-Type message/rfc822 or application/mbox.');
      }
      const summary = await importMessages(db, body, effectOptions);
      return { ...summary, results: summary.results.map((r) => ({ ...r, suppressed: [...r.suppressed] })) };
    },
  );

  app.post(
    '/api/inbox/messages/:id/confirm',
    {
      config: { permission: 'inbox:write' },
      schema: {
        tags,
        summary: 'Confirm an unverified bounce or unsubscribe request: its effect (suppression) is applied now',
        params: IdParamsSchema,
        response: {
          200: z.object({ id: z.number().int(), verification: z.literal('confirmed'), suppressed: z.array(z.string()).readonly() }),
          ...dataErrorResponses,
          409: ErrorSchema.describe('INBOX_NOTHING_TO_CONFIRM: not an unverified bounce or unsubscribe (or already confirmed)'),
        },
      },
    },
    async (request) => confirmEffect(db, request.params.id, { ...effectOptions, userId: requireUser(request).id }),
  );

  app.get(
    '/api/inbox/messages/:id',
    {
      config: { permission: ['inbox:read', 'inbox:own'] },
      schema: { tags, summary: 'One received message (HTML sanitised)', params: IdParamsSchema, response: { 200: MessageSchema, ...dataErrorResponses } },
    },
    async (request) => {
      const user = requireUser(request);
      const row = await readableMessage(request.params.id, ownerScope(user, 'inbox:read'), user);
      // Opening a message marks it read for this person ("My inbox").
      await markRead(db, Number(row.id), user.id, context.clock);
      const attachments = JSON.parse(row.attachments) as Attachment[];
      return {
        id: Number(row.id),
        kind: row.kind,
        accountId: row.account_id === null ? null : Number(row.account_id),
        folder: row.folder,
        messageId: row.message_id,
        from: { address: row.from_address, name: row.from_name },
        to: asStrings(row.to_addresses),
        subject: row.subject,
        date: Number(row.date_at),
        text: row.text,
        // Stored sanitised already; sanitised again so a row written by an older version is safe too.
        html: row.html === null ? null : sanitizeHtml(row.html),
        attachments: attachments.map((a) => ({
          filename: typeof a.filename === 'string' ? a.filename : null,
          contentType: typeof a.contentType === 'string' ? a.contentType : 'application/octet-stream',
          size: typeof a.size === 'number' ? a.size : 0,
        })),
        customerId: row.customer_id === null ? null : Number(row.customer_id),
        campaignId: row.campaign_id === null ? null : Number(row.campaign_id),
        outboxId: row.outbox_id === null ? null : Number(row.outbox_id),
        filedBy: row.filed_by,
        bounce:
          row.kind === 'bounce' || row.bounce_type !== null
            ? { type: row.bounce_type, recipient: row.bounce_recipient, status: row.bounce_status, diagnostic: row.bounce_diagnostic }
            : null,
        effect:
          row.verification === null
            ? null
            : {
                state: row.verification,
                reason: reasonOf(row.verification_note),
                note: reasonOf(row.verification_note) ? UNVERIFIED_REASONS[reasonOf(row.verification_note)!] : null,
                addresses: await pendingAddresses(db, row),
                confirmedAt: row.confirmed_at === null ? null : Number(row.confirmed_at),
              },
        rawSize: Number(row.raw_size),
      };
    },
  );

  app.get(
    '/api/inbox/messages/:id/raw',
    {
      config: { permission: 'users:admin' },
      schema: {
        tags,
        summary: 'Download the message exactly as received (.eml; admins only: it may hold active content)',
        params: IdParamsSchema,
        produces: ['message/rfc822'],
        response: { 200: z.string().describe('the raw RFC 5322 message'), ...dataErrorResponses },
      },
    },
    async (request, reply) => {
      const row = await readableMessage(request.params.id, undefined, requireUser(request));
      return reply
        .header('content-type', 'message/rfc822')
        .header('content-disposition', `attachment; filename="message-${Number(row.id)}.eml"`)
        .header('x-content-type-options', 'nosniff')
        .send(Buffer.from(row.raw) as never);
    },
  );

  app.get(
    '/api/inbox/replies',
    {
      config: { permission: 'inbox:read' },
      schema: {
        tags: ['inbox', 'campaigns'],
        summary: 'Replies per campaign',
        querystring: z.strictObject({ campaignId: IdSchema.optional() }),
        response: { 200: z.array(z.object({ campaignId: z.number().int(), replies: z.number().int() })), ...dataErrorResponses },
      },
    },
    async (request) => {
      const counts = await replyCounts(db, request.query.campaignId === undefined ? undefined : [request.query.campaignId]);
      return [...counts].map(([campaignId, replies]) => ({ campaignId, replies }));
    },
  );
});

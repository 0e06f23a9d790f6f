import { z } from 'zod';
import { listSuppressions, normaliseEmail, normalisePhone, suppress, unsuppress, type Channel } from '../../modules/customers/index.js';
import { TidingsError } from '../../platform/errors/index.js';
import { defineRoutes } from '../define-routes.js';
import { dataErrorResponses, IdSchema } from '../schemas/common.schemas.js';
import { SuppressionSchema } from '../schemas/customer.schemas.js';

const REASONS = ['unsubscribed', 'hard-bounce', 'soft-bounce', 'complaint', 'manual', 'sms-keyword'] as const;
const oneLine = (max: number) => z.string().trim().min(1).max(max).regex(/^[^\p{Cc}]*$/u, { message: 'must be one line without control characters' });

const TargetSchema = z.strictObject({
  value: oneLine(320).describe('an email address, a phone number, or with scope "domain" an email domain'),
  channel: z.enum(['email', 'sms']).optional().describe('default: email when the value has an @, else sms'),
  scope: z.enum(['address', 'domain']).default('address'),
});
const AddSchema = TargetSchema.extend({ reason: z.enum(REASONS).default('manual'), detail: oneLine(500).optional().describe('why, who asked') });

const TargetResultSchema = z.object({ channel: z.enum(['email', 'sms']), scope: z.enum(['address', 'domain']), value: z.string() });

const ListQuerySchema = z.strictObject({
  channel: z.enum(['email', 'sms']).optional(),
  query: z.string().max(320).optional().describe('only values containing this'),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  after: IdSchema.optional().describe('nextAfter of the previous page'),
});

/** Checks and normalises what to (un)suppress, as `tidings suppress add/remove` does. */
function target(input: z.infer<typeof TargetSchema>, region: string): { channel: Channel; value: string; scope: 'address' | 'domain' } {
  if (input.scope === 'domain') {
    const domain = input.value.replace(/^@/, '').toLowerCase();
    if (!/^([a-z0-9\u00a1-\uffff-]+\.)+[a-z\u00a1-\uffff]{2,}$/u.test(domain)) throw new TidingsError('VALIDATION_FAILED', `"${input.value}" is not a domain such as example.com`);
    if (input.channel === 'sms') throw new TidingsError('VALIDATION_FAILED', 'domain blocks exist for email only');
    return { channel: 'email', value: domain, scope: 'domain' };
  }
  const channel = input.channel ?? (input.value.includes('@') ? 'email' : 'sms');
  const value = channel === 'email' ? normaliseEmail(input.value) : normalisePhone(input.value, region);
  if (!value) throw new TidingsError('CUSTOMER_INVALID', `"${input.value}" is not a valid ${channel === 'email' ? 'email address' : 'phone number'}`);
  return { channel, value, scope: 'address' };
}

/** Suppressions: addresses, numbers and domains never to message (`tidings suppress …`). */
export const suppressionRoutes = defineRoutes(async (app, context) => {
  const { db } = context.store;
  const region = context.config.TIDINGS_DEFAULT_REGION;
  const tags = ['suppressions'];

  app.get(
    '/api/suppressions',
    {
      config: { permission: 'suppressions:read' },
      schema: {
        tags,
        summary: 'List suppressions, oldest first, a page at a time',
        querystring: ListQuerySchema,
        response: { 200: z.object({ items: z.array(SuppressionSchema), nextAfter: z.number().int().nullable() }), ...dataErrorResponses },
      },
    },
    async (request) => {
      const { channel, query, limit, after } = request.query;
      const items = await listSuppressions(db, { channel, query, limit, afterId: after });
      return { items, nextAfter: items.length === limit ? (items.at(-1)?.id ?? null) : null };
    },
  );

  app.post(
    '/api/suppressions',
    {
      config: { permission: 'suppressions:write' },
      schema: {
        tags,
        summary: 'Suppress an address, a number or an email domain (idempotent: the first reason is kept)',
        body: AddSchema,
        response: { 200: TargetResultSchema.extend({ added: z.boolean() }), ...dataErrorResponses },
      },
    },
    async (request) => {
      const t = target(request.body, region);
      const added = await suppress(db, { ...t, reason: request.body.reason, detail: request.body.detail ?? null });
      return { ...t, added };
    },
  );

  app.delete(
    '/api/suppressions',
    {
      config: { permission: 'suppressions:write' },
      schema: {
        tags,
        summary: 'Lift a suppression (the person re-subscribed); body names it like the add',
        body: TargetSchema,
        response: { 200: TargetResultSchema.extend({ removed: z.boolean() }), ...dataErrorResponses },
      },
    },
    async (request) => {
      const t = target(request.body, region);
      return { ...t, removed: await unsuppress(db, t.channel, t.value, t.scope) };
    },
  );
});

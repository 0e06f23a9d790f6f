import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { getSmsAccount } from '../../modules/accounts/index.js';
import { ErrorSchema, privateErrorResponses } from '../api.schemas.js';
import { defineRoutes } from '../define-routes.js';
import { isTidingsError } from '../../platform/errors/index.js';
import { balance, priceAt, smsStats, SmsWebhooks, type SmsCallback } from '../../modules/billing/index.js';

const AccountParams = z.strictObject({ account: z.string().min(1).max(100) });
const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD');
const StatsRowSchema = z.object({
  period: z.string(),
  messages: z.number().int(),
  parts: z.number().int(),
  accepted: z.number().int(),
  delivered: z.number().int(),
  failed: z.number().int(),
  pending: z.number().int(),
  costMinor: z.number().int(),
});
const StatsSchema = z.object({
  accountId: z.number().int(),
  from: z.string(),
  to: z.string(),
  by: z.enum(['day', 'month']),
  rows: z.array(StatsRowSchema),
  total: StatsRowSchema.omit({ period: true }),
});
const WalletSchema = z.object({
  accountId: z.number().int(),
  currency: z.string(),
  balanceMinor: z.number().int(),
  creditedMinor: z.number().int(),
  adjustedMinor: z.number().int(),
  postedMinor: z.number().int(),
  pendingMinor: z.number().int(),
  lowBalanceMinor: z.number().int().nullable(),
  low: z.boolean(),
  priceMinor: z.number().int(),
});

/** The URL the provider called, as it signed it: the configured public base + path and query. */
function publicUrl(request: FastifyRequest, base: string | undefined): string {
  if (base) return new URL(request.url, base.endsWith('/') ? base : `${base}/`).href.replace(/([^:]\/)\/+/g, '$1');
  return `${request.protocol}://${request.host}${request.url}`;
}

/**
 * SMS provider callbacks and the SMS statistics/wallet API for the web UI's charts.
 *
 * Webhooks (public: each is authenticated by the billing module's SmsWebhooks, with the account's
 * sealed `?token=` and then the provider's signature: Twilio's X-Twilio-Signature, Aliyun's and Tencent's token):
 * `POST /webhooks/sms/:account/status` (Twilio status callback, Aliyun SmsReport, Tencent status report) and
 * `POST /webhooks/sms/:account/inbound` (Twilio inbound, Aliyun SmsUp, Tencent reply); opt-out keywords in an
 * inbound message suppress the number for SMS at once.
 */
export const smsRoutes = defineRoutes(async (app, context) => {
  const { store, secrets, config, logger } = context;
  const webhooks = new SmsWebhooks({ db: store.db, secrets, optOutKeywords: config.BILLING_SMS_OPT_OUT_KEYWORDS });

  // Twilio posts application/x-www-form-urlencoded; parsed only inside this plugin.
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(String(body))));
  });

  const callbackOf = (request: FastifyRequest, account: string): SmsCallback => ({
    account,
    path: request.url,
    request: { url: publicUrl(request, config.BILLING_SMS_WEBHOOK_BASE_URL), headers: request.headers, body: request.body },
  });

  /** 401 for a callback that did not prove it comes from the provider, logged without the URL. */
  function refused(ref: string, reply: FastifyReply, error: unknown, what: string): boolean {
    if (isTidingsError(error, 'SMS_WEBHOOK_UNAUTHENTICATED')) {
      logger.warn({ account: ref, reason: error.context?.reason }, `sms ${what} callback refused: ${error.message}`);
      void reply.code(401).send({ error: { code: error.code, message: 'This callback is not authenticated.' } });
      return true;
    }
    if (isTidingsError(error, 'SMS_WEBHOOK_SIGNATURE_INVALID')) {
      logger.warn({ account: ref }, `sms ${what} callback with a bad signature refused`);
      void reply.code(403).send({ error: { code: error.code, message: error.message } });
      return true;
    }
    return false;
  }

  const webhook = { public: 'SMS provider callback, verified by the provider signature (X-Twilio-Signature) or the URL token' };
  // Each provider reads its own success answer: Aliyun {code: 0}, Tencent Cloud {result: 0}.
  const ack = (kind: string) => (kind === 'aliyun' ? { code: 0, msg: '成功' } : kind === 'tencent' ? { result: 0, errmsg: 'OK' } : {});

  app.post(
    '/webhooks/sms/:account/status',
    { config: webhook, schema: { tags: ['sms'], summary: 'Delivery receipts pushed by the SMS provider', params: AccountParams, body: z.unknown() } },
    async (request, reply) => {
      try {
        const { kind, supported } = await webhooks.receipts(callbackOf(request, request.params.account));
        if (!supported) return reply.code(404).send({ error: { code: 'NOT_FOUND', message: 'This provider does not push receipts over HTTP.' } });
        return reply.code(200).send(ack(kind));
      } catch (error) {
        if (refused(request.params.account, reply, error, 'status')) return reply;
        throw error;
      }
    },
  );

  app.post(
    '/webhooks/sms/:account/inbound',
    { config: webhook, schema: { tags: ['sms'], summary: 'Inbound SMS pushed by the provider (opt-out keywords)', params: AccountParams, body: z.unknown() } },
    async (request, reply) => {
      try {
        const { kind, supported, optedOut } = await webhooks.inbound(callbackOf(request, request.params.account));
        if (!supported) return reply.code(404).send({ error: { code: 'NOT_FOUND', message: 'This provider does not push inbound messages over HTTP.' } });
        if (optedOut > 0) logger.info({ account: request.params.account, numbers: optedOut }, 'sms opt-out keyword received; number suppressed');
        // Twilio reads the reply as TwiML: an empty <Response/> sends no auto-reply.
        if (kind === 'twilio') return reply.code(200).type('text/xml').send('<Response/>');
        return reply.code(200).send(ack(kind));
      } catch (error) {
        if (refused(request.params.account, reply, error, 'inbound')) return reply;
        throw error;
      }
    },
  );

  app.get(
    '/api/sms/stats',
    {
      config: { permission: ['stats:read', 'wallet:read'] },
      schema: {
        tags: ['sms'],
        summary: 'SMS messages, parts, outcomes and cost per day or month in the account time zone',
        querystring: z.strictObject({
          account: z.string().min(1).max(100),
          from: Day,
          to: Day,
          by: z.enum(['day', 'month']).default('day'),
          campaign: z.coerce.number().int().positive().optional(),
        }),
        response: { 200: StatsSchema, ...privateErrorResponses, 404: ErrorSchema },
      },
    },
    async (request) => {
      const account = await getSmsAccount(store.db, secrets, request.query.account);
      const q = request.query;
      const stats = await smsStats(store.db, { accountId: account.id, from: q.from, to: q.to, by: q.by, ...(q.campaign ? { campaignId: q.campaign } : {}) });
      return { ...stats, rows: [...stats.rows] };
    },
  );

  app.get(
    '/api/wallet/:account',
    {
      config: { permission: 'wallet:read' },
      schema: { tags: ['sms'], summary: 'Prepaid SMS balance of an account', params: AccountParams, response: { 200: WalletSchema, ...privateErrorResponses, 404: ErrorSchema } },
    },
    async (request) => {
      const account = await getSmsAccount(store.db, secrets, request.params.account);
      return { ...(await balance(store.db, account.id)), priceMinor: await priceAt(store.db, account.id) };
    },
  );

  app.addHook('onClose', () => webhooks.close());
});

import { stringify } from 'csv-stringify';
import { getSmsAccount } from '../../modules/accounts/index.js';
import {
  adjust,
  balance,
  campaignSmsCost,
  checkConsistency,
  ledgerLines,
  listSandboxMessages,
  formatMinor,
  ledgerEntries,
  listHeldReservations,
  listPrices,
  priceAt,
  setLowBalanceThreshold,
  setPrice,
  settleHeldReservation,
  smsStats,
  topUp,
} from '../../modules/billing/index.js';
import { z } from 'zod';
import { TidingsError } from '../../platform/errors/index.js';
import { requireUser, UserRepository } from '../../modules/users/index.js';
import { defineRoutes } from '../define-routes.js';
import { dataErrorResponses } from '../schemas/common.schemas.js';
import {
  AccountParamsSchema,
  AdjustSchema,
  BookingSchema,
  CampaignParamsSchema,
  CampaignSmsCostSchema,
  LedgerLinesPageSchema,
  LedgerLinesQuerySchema,
  SandboxMessagesSchema,
  ConsistencySchema,
  HeldListSchema,
  IdempotencyHeadersSchema,
  LedgerPageSchema,
  LedgerQuerySchema,
  PriceSchema,
  PricesSchema,
  SetPriceSchema,
  SettlementSchema,
  SettleSchema,
  StatsCsvQuerySchema,
  ThresholdResultSchema,
  ThresholdSchema,
  TopUpSchema,
  walletErrorResponses,
} from '../schemas/wallet.schemas.js';

/** The columns of `tidings sms stats --format csv`, so both exports read the same. */
const STATS_COLUMNS = ['period', 'messages', 'parts', 'accepted', 'delivered', 'failed', 'pending', 'cost'] as const;

/**
 * The prepaid SMS wallet for finance: top-ups, adjustments, ledger, prices, low-balance alert,
 * consistency check and the statistics CSV. The balance itself (`GET /api/wallet/:account`) and
 * the statistics JSON (`GET /api/sms/stats`) are served by the billing module's smsRoutes.
 */
export const walletRoutes = defineRoutes(async (app, context) => {
  const { db } = context.store;
  const tags = ['sms'];
  const accountOf = async (ref: string) => (await getSmsAccount(db, context.secrets, ref)).id;
  const users = new UserRepository(context.store, context.clock);
  // Scoped per route and account so a client key can never collide with the ledger's own keys
  // (sms:outbox:…) or with the same key sent for another account.
  const ledgerKey = (kind: string, accountId: number, key: string) => `api:${kind}:${accountId}:${key}`;

  app.post(
    '/api/wallet/:account/topups',
    {
      config: { permission: 'wallet:topup' },
      schema: {
        tags,
        summary: 'Book a top-up; the Idempotency-Key header makes a retry book nothing new (201 new, 200 replayed)',
        params: AccountParamsSchema,
        headers: IdempotencyHeadersSchema,
        body: TopUpSchema,
        response: { 200: BookingSchema, 201: BookingSchema, ...walletErrorResponses },
      },
    },
    async (request, reply) => {
      const accountId = await accountOf(request.params.account);
      const booking = await topUp(db, {
        accountId,
        idempotencyKey: ledgerKey('topup', accountId, request.headers['idempotency-key']),
        amountMinor: request.body.amountMinor,
        reference: request.body.reference,
        operator: requireUser(request).username,
      });
      return reply.code(booking.replayed ? 200 : 201).send(booking);
    },
  );

  app.post(
    '/api/wallet/:account/adjustments',
    {
      config: { permission: 'wallet:adjust' },
      schema: {
        tags,
        summary: 'Book a finance adjustment (either sign, with a reason); never takes the balance below zero (402)',
        params: AccountParamsSchema,
        headers: IdempotencyHeadersSchema,
        body: AdjustSchema,
        response: { 200: BookingSchema, 201: BookingSchema, ...walletErrorResponses },
      },
    },
    async (request, reply) => {
      const accountId = await accountOf(request.params.account);
      const booking = await adjust(
        db,
        {
          accountId,
          idempotencyKey: ledgerKey('adjust', accountId, request.headers['idempotency-key']),
          amountMinor: request.body.amountMinor,
          reason: request.body.reason,
          operator: requireUser(request).username,
        },
        { onLowBalance: (e) => context.logger.warn({ accountId: e.accountId, balanceMinor: e.balanceMinor }, 'sms balance below threshold') },
      );
      return reply.code(booking.replayed ? 200 : 201).send(booking);
    },
  );

  app.get(
    '/api/wallet/:account/ledger',
    {
      config: { permission: 'wallet:read' },
      schema: {
        tags,
        summary: 'Ledger entries, newest first, a page at a time',
        params: AccountParamsSchema,
        querystring: LedgerQuerySchema,
        response: { 200: LedgerPageSchema, ...dataErrorResponses },
      },
    },
    async (request) => {
      const accountId = await accountOf(request.params.account);
      const { kind, limit, before } = request.query;
      const entries = await ledgerEntries(db, accountId, limit, { kind, before });
      const items = entries.map((e) => ({
        id: e.id,
        kind: e.kind,
        amountMinor: e.amountMinor,
        currency: e.currency,
        parts: e.parts,
        priceMinor: e.priceMinor,
        reference: e.reference,
        reason: e.reason,
        operator: e.operator,
        outboxId: e.outboxId,
        createdAt: e.createdAt,
      }));
      return { items, nextBefore: items.length === limit ? (items.at(-1)?.id ?? null) : null };
    },
  );

  app.get(
    '/api/wallet/:account/ledger/lines',
    {
      config: { permission: 'wallet:read' },
      schema: {
        tags,
        summary: 'The ledger one line per message (its reservation and its charge or release) or booking, newest first',
        params: AccountParamsSchema,
        querystring: LedgerLinesQuerySchema,
        response: { 200: LedgerLinesPageSchema, ...dataErrorResponses },
      },
    },
    async (request) => {
      const accountId = await accountOf(request.params.account);
      const { limit, before } = request.query;
      const lines = await ledgerLines(db, accountId, limit, before);
      // People read display names; the ledger keeps the user name it was booked by.
      const names = new Map<string, string>();
      for (const operator of new Set(lines.map((l) => l.operator).filter((o): o is string => o !== null))) {
        const user = await users.findByUsername(operator);
        if (user) names.set(operator, user.displayName);
      }
      const items = lines.map((l) => ({ ...l, operatorName: l.operator === null ? null : (names.get(l.operator) ?? l.operator) }));
      return { items, nextBefore: items.length === limit ? (items.at(-1)?.id ?? null) : null };
    },
  );

  app.get(
    '/api/campaigns/:id/sms-cost',
    {
      config: { permission: 'campaigns:read' },
      schema: {
        tags,
        summary: "A campaign's SMS cost from the ledger: parts and money charged, still held, released",
        params: CampaignParamsSchema,
        response: { 200: CampaignSmsCostSchema, ...dataErrorResponses },
      },
    },
    async (request) => campaignSmsCost(db, request.params.id),
  );

  app.get(
    '/api/wallet/:account/sandbox-messages',
    {
      config: { permission: 'wallet:read' },
      schema: {
        tags,
        summary: 'The SMS outbox of a sandbox account: what it "sent" (to, text, parts, time), newest first',
        params: AccountParamsSchema,
        response: { 200: SandboxMessagesSchema, ...dataErrorResponses },
      },
    },
    async (request) => ({ items: await listSandboxMessages(db, await accountOf(request.params.account)) }),
  );

  app.get(
    '/api/wallet/:account/prices',
    {
      config: { permission: 'wallet:read' },
      schema: { tags, summary: 'Price per part now and its history', params: AccountParamsSchema, response: { 200: PricesSchema, ...dataErrorResponses } },
    },
    async (request) => {
      const accountId = await accountOf(request.params.account);
      return { currentMinor: await priceAt(db, accountId), history: await listPrices(db, accountId) };
    },
  );

  app.post(
    '/api/wallet/:account/prices',
    {
      config: { permission: 'wallet:adjust' },
      schema: {
        tags,
        summary: 'Set a new price per part from now (or a given instant); earlier reservations keep their price',
        params: AccountParamsSchema,
        body: SetPriceSchema,
        response: { 201: PriceSchema, ...dataErrorResponses },
      },
    },
    async (request, reply) => {
      const accountId = await accountOf(request.params.account);
      const row = await setPrice(db, { accountId, priceMinor: request.body.priceMinor, effectiveFrom: request.body.effectiveFrom });
      return reply.code(201).send(row);
    },
  );

  app.put(
    '/api/wallet/:account/threshold',
    {
      config: { permission: 'wallet:adjust' },
      schema: {
        tags,
        summary: 'Set (or, with null, clear) the low-balance alert threshold',
        params: AccountParamsSchema,
        body: ThresholdSchema,
        response: { 200: ThresholdResultSchema, ...dataErrorResponses },
      },
    },
    async (request) => {
      const accountId = await accountOf(request.params.account);
      await setLowBalanceThreshold(db, accountId, request.body.thresholdMinor);
      const view = await balance(db, accountId);
      return { accountId, thresholdMinor: view.lowBalanceMinor, balanceMinor: view.balanceMinor, low: view.low };
    },
  );

  app.get(
    '/api/wallet/:account/check',
    {
      config: { permission: 'wallet:read' },
      schema: {
        tags,
        summary: 'Recompute the wallet from its ledger entries and compare with the running totals',
        params: AccountParamsSchema,
        response: { 200: ConsistencySchema, ...dataErrorResponses },
      },
    },
    async (request) => {
      const report = await checkConsistency(db, await accountOf(request.params.account));
      return { ...report, problems: [...report.problems] };
    },
  );

  app.get(
    '/api/wallet/:account/held',
    {
      config: { permission: 'wallet:read' },
      schema: {
        tags,
        summary: 'Reservations still held (provider outcome unknown, or waiting for a retry), oldest first',
        params: AccountParamsSchema,
        response: { 200: HeldListSchema, ...dataErrorResponses },
      },
    },
    async (request) => ({ items: await listHeldReservations(db, await accountOf(request.params.account)) }),
  );

  app.post(
    '/api/wallet/:account/held/settle',
    {
      config: { permission: 'wallet:adjust' },
      schema: {
        tags,
        summary: 'Settle a held reservation by hand: accepted charges it, rejected releases it; recorded with who, when and why',
        params: AccountParamsSchema,
        body: SettleSchema,
        response: { 200: SettlementSchema, ...walletErrorResponses },
      },
    },
    async (request) => {
      const accountId = await accountOf(request.params.account);
      const { key, outcome, note } = request.body;
      const operator = requireUser(request).username;
      const settled = await settleHeldReservation(db, { key, outcome, note, accountId, operator });
      context.logger.info({ accountId, key, outcome, amountMinor: settled.amountMinor, operator }, 'SMS reservation settled by hand');
      return settled;
    },
  );

  app.get(
    '/api/wallet/:account/stats.csv',
    {
      config: { permission: 'wallet:export' },
      schema: {
        tags,
        summary: 'Download SMS statistics per day or month as CSV (the columns of `tidings sms stats --format csv`)',
        params: AccountParamsSchema,
        querystring: StatsCsvQuerySchema,
        produces: ['text/csv'],
        response: { 200: z.string().describe('CSV: period, messages, parts, accepted, delivered, failed, pending, cost (major units)'), ...dataErrorResponses },
      },
    },
    async (request, reply) => {
      const accountId = await accountOf(request.params.account);
      const q = request.query;
      if (q.from > q.to) throw new TidingsError('VALIDATION_FAILED', `query.from: ${q.from} is after query.to ${q.to}; give the first day first.`);
      // Computed before the 200 goes out, so a bad date range is still a 400 with its code.
      const stats = await smsStats(db, { accountId, from: q.from, to: q.to, by: q.by, ...(q.campaign ? { campaignId: q.campaign } : {}) });
      const csv = stringify({ header: true, columns: [...STATS_COLUMNS], bom: q.bom === 'true' || q.bom === '1' });
      for (const row of stats.rows) csv.write({ ...row, cost: formatMinor(row.costMinor) });
      csv.end();
      const file = `sms-stats-${accountId}-${q.from}-${q.to}${q.campaign ? `-campaign-${q.campaign}` : ''}.csv`;
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${file}"`)
        // A stream bypasses the response serializer; the 200 schema documents it as text.
        .send(csv as never);
    },
  );
});

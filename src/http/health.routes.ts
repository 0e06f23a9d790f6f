import { z } from 'zod';
import { loopRegistry } from '../platform/runtime/loop-health.js';
import { redisStatus } from '../platform/redis/index.js';
import { defineRoutes } from './define-routes.js';
import { HEARTBEAT_STALE_MS, workerStatus } from '../modules/users/index.js';

const HealthSchema = z.object({
  status: z.enum(['ok', 'degraded']),
  store: z.object({ ok: z.boolean(), dialect: z.enum(['sqlite', 'postgres']) }),
  queue: z.object({
    mode: z.enum(['bullmq', 'in-process']),
    ok: z.boolean(),
    maxmemoryPolicy: z.string().optional().describe('Redis eviction policy; must be noeviction'),
    error: z.string().optional(),
  }),
  workers: z.object({
    alive: z.number().int().describe(`workers seen within the last ${HEARTBEAT_STALE_MS / 1000} s`),
    seen: z.array(
      z.object({
        workerId: z.string(),
        kind: z.string(),
        host: z.string(),
        pid: z.number().int(),
        seenAt: z.number().int(),
        stale: z.boolean(),
      }),
    ),
  }),
  loops: z
    .record(
      z.string(),
      z.object({
        ok: z.boolean().describe('false from a failed run until the next successful one'),
        failures: z.number().int().describe('failed runs in a row'),
        lastError: z.string().optional().describe('code of the last failure (details are in the log)'),
        lastErrorAt: z.number().int().optional(),
        retryAt: z.number().int().optional().describe('when the loop tries again'),
        instances: z.number().int().describe('instances running, e.g. one per polled mailbox'),
        failing: z.boolean().describe('failed several runs in a row'),
        critical: z.boolean().describe('a critical loop failing turns the status degraded'),
      }),
    )
    .describe('background loops of this process (sender, sweeper, scheduler, inbox pollers...)'),
  unhandledRejections: z.object({
    count: z.number().int().describe('contained since start; each is a bug, logged with its stack'),
    lastAt: z.number().int().optional(),
    lastError: z.string().optional(),
  }),
});

/**
 * `GET /health`: store, queue (with Redis's eviction policy), workers seen and this process's
 * background loops; 200 when store and queue are well and no critical loop (sweeper, scheduler,
 * inbox discovery) has failed several runs in a row, 503 otherwise. A single failed run, or a
 * mailbox that keeps failing (a wrong password is its owner's to fix), shows in `loops` without
 * turning the service degraded. Workers do not decide the status: with in-process workers there
 * are no heartbeats, and an API cannot know how many remote workers are meant to run.
 */
export const healthRoutes = defineRoutes(async (app, context) => {
  const { store, redis } = context;
  app.get(
    '/health',
    {
      config: { public: 'load balancers and uptime checks call it without credentials; it reveals no data' },
      schema: { tags: ['operations'], summary: 'Service health', response: { 200: HealthSchema, 503: HealthSchema } },
    },
    async (_request, reply) => {
      const storeOk = await store.ping();
      const queue = redis ? { mode: 'bullmq' as const, ...(await redisStatus(redis)) } : { mode: 'in-process' as const, ok: true };
      const now = context.clock.now();
      const workers = storeOk ? await workerStatus(store, now) : { alive: 0, seen: [] };
      const registry = loopRegistry(store);
      const ok = storeOk && queue.ok && registry.healthy();
      return reply.code(ok ? 200 : 503).send({
        status: ok ? 'ok' : 'degraded',
        store: { ok: storeOk, dialect: store.dialect },
        queue,
        workers: { alive: workers.alive, seen: [...workers.seen] },
        loops: registry.summary(),
        unhandledRejections: registry.unhandledSummary(),
      });
    },
  );
});

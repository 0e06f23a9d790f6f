import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app/index.js';
import { redisStatus } from '../queue/index.js';

/** `GET /health`: store and queue status; 200 when all is well, 503 otherwise. */
export async function healthRoutes(app: FastifyInstance, options: { context: AppContext }): Promise<void> {
  const { store, redis } = options.context;
  app.get('/health', async (_request, reply) => {
    const storeOk = await store.ping();
    const queue = redis
      ? { mode: 'bullmq' as const, ...(await redisStatus(redis)) }
      : { mode: 'in-process' as const, ok: true };
    const ok = storeOk && queue.ok;
    return reply.code(ok ? 200 : 503).send({
      status: ok ? 'ok' : 'degraded',
      store: { ok: storeOk, dialect: store.dialect },
      queue,
    });
  });
}

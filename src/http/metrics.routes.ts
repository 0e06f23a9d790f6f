import { z } from 'zod';
import { privateErrorResponses } from './api.schemas.js';
import { defineRoutes } from './define-routes.js';
import { registerStoreGauges } from './store.metrics.js';

/**
 * `GET /metrics`: Prometheus text format; scrape it with a bearer token holding metrics:read.
 * Serves this process's registry (counters the work updated here) plus gauges read from the store.
 */
export const metricsRoutes = defineRoutes(async (app, context) => {
  const { registry } = context.metrics;
  registerStoreGauges(context.metrics, context.store);
  app.get(
    '/metrics',
    {
      config: { permission: 'metrics:read' },
      schema: {
        tags: ['operations'],
        summary: 'Prometheus metrics',
        response: { 200: z.string().describe('Prometheus text exposition format'), ...privateErrorResponses },
      },
    },
    async (_request, reply) => {
      const text = await registry.metrics();
      return reply.type(registry.contentType).send(text);
    },
  );
});

import { Registry } from 'prom-client';
import { z } from 'zod';
import { privateErrorResponses } from './api.schemas.js';
import { defineRoutes } from './define-routes.js';
import { sharedMetricsRegistry } from '../platform/metrics/metrics.registry.js';
import { createStoreMetrics } from './store.metrics.js';

/** `GET /metrics`: Prometheus text format; scrape it with a bearer token holding metrics:read. */
export const metricsRoutes = defineRoutes(async (app, context) => {
  const registry = Registry.merge([sharedMetricsRegistry, createStoreMetrics(context.store)]);
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

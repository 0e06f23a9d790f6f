import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { RouteAccess } from './route.types.js';

/** Where the Swagger UI page lives; its routes are public (see app.ts). */
export const DOCS_PREFIX = '/api/docs';
export const OPENAPI_URL = '/api/openapi.json';

type TransformInput = Parameters<typeof jsonSchemaTransform>[0];

/**
 * zod → JSON Schema via fastify-type-provider-zod, plus each operation's security: public routes
 * need nothing, the rest take a bearer token or the session cookie and name their permission.
 */
function transform(input: TransformInput): ReturnType<typeof jsonSchemaTransform> {
  const result = jsonSchemaTransform(input);
  const access: RouteAccess = input.route?.config ?? {};
  const schema = { ...result.schema } as Record<string, unknown>;
  if (access.public !== undefined) {
    schema.security = [];
  } else if (access.permission !== undefined) {
    const needed = typeof access.permission === 'string' ? access.permission : access.permission.join(' or ');
    schema.security = [{ bearerToken: [] }, { sessionCookie: [] }];
    const description = typeof schema.description === 'string' ? `${schema.description}\n\n` : '';
    schema.description = `${description}Requires permission: \`${needed}\`.`;
  }
  return { schema, url: result.url };
}

/**
 * Registers @fastify/swagger (must come before any route so every route is recorded), the
 * document at /api/openapi.json and the Swagger UI page at /api/docs. The UI's scripts and styles
 * are served from the swagger-ui package on disk, never a CDN, and the online validator badge is
 * off so the page makes no third-party requests.
 */
export async function registerOpenApi(app: FastifyInstance): Promise<void> {
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Tidings API',
        description: 'Bulk email and SMS outreach. Errors are `{ error: { code, message } }`; codes are listed in docs/errors.md.',
        version: '0.1.0',
      },
      components: {
        securitySchemes: {
          bearerToken: { type: 'http', scheme: 'bearer', description: 'API token `tid_…` from `tidings token create`' },
          sessionCookie: { type: 'apiKey', in: 'cookie', name: 'tidings_session', description: 'Browser session from POST /api/auth/login; unsafe methods also need header x-csrf-token' },
        },
      },
    },
    transform,
  });
  await app.register(fastifySwaggerUi, {
    routePrefix: DOCS_PREFIX,
    uiConfig: { validatorUrl: null, deepLinking: true },
    staticCSP: true,
  });
  app.after(() => {
    app.get(
      OPENAPI_URL,
      {
        config: { public: 'the API description holds no data; clients and the docs page fetch it before signing in' },
        schema: { tags: ['operations'], summary: 'This OpenAPI document', response: { 200: z.record(z.string(), z.unknown()) } },
      },
      async () => app.swagger(),
    );
  });
}

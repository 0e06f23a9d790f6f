import type { FastifyReply } from 'fastify';
import { defineRoutes } from '../define-routes.js';
import { webBundle } from './web.bundle.js';

/** The UI's own paths: pages and assets for browsers, not API operations (the OpenAPI document leaves them out). */
export const WEB_UI_PATHS: readonly string[] = ['/', '/*', '/assets/*'];

/** Paths that belong to machines, never to the UI: an unknown one is a JSON 404, not the page. */
const MACHINE_PREFIXES = ['/api/', '/webhooks/', '/assets/', '/metrics', '/health'];

const SECURITY_HEADERS = {
  // Template previews render email HTML (inline styles, remote images) in a sandboxed srcdoc frame.
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: https: http:; frame-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
};

function sendPage(reply: FastifyReply, html: string) {
  return reply.headers({ ...SECURITY_HEADERS, 'cache-control': 'no-cache' }).type('text/html; charset=utf-8').send(html);
}

/**
 * The web UI: `/assets/*` from the in-memory bundle (hashed names, cached for a year), and the page
 * shell for every other path a browser may open, so deep links like `/customers/12` work.
 */
export const webRoutes = defineRoutes(async (app) => {
  app.get('/assets/*', { config: { public: 'the UI bundle holds code, no data' }, schema: { hide: true } }, async (request, reply) => {
    const bundle = await webBundle();
    const file = bundle.files.get(request.url.split('?')[0] ?? '');
    if (!file) return reply.code(404).send({ error: { code: 'NOT_FOUND', message: 'No such UI asset; reload the page.' } });
    if (request.headers['if-none-match'] === file.etag) return reply.code(304).send();
    return reply
      .headers({ 'cache-control': 'public, max-age=31536000, immutable', etag: file.etag, 'x-content-type-options': 'nosniff' })
      .type(file.contentType)
      .send(file.body);
  });

  app.get('/', { config: { public: 'the UI page shell holds no data; it signs in through the API' }, schema: { hide: true } }, async (_request, reply) =>
    sendPage(reply, (await webBundle()).indexHtml),
  );

  app.get('/*', { config: { public: 'the UI page shell holds no data; it signs in through the API' }, schema: { hide: true } }, async (request, reply) => {
    const path = request.url.split('?')[0] ?? '/';
    if (MACHINE_PREFIXES.some((prefix) => path.startsWith(prefix))) {
      return reply.code(404).send({ error: { code: 'NOT_FOUND', message: `No route GET ${path.slice(0, 200)}` } });
    }
    return sendPage(reply, (await webBundle()).indexHtml);
  });
});

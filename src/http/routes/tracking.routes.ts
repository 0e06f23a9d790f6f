import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { defineRoutes } from '../define-routes.js';
import type { ErrorCode } from '../../platform/errors/index.js';
import { TrackingHits } from '../../modules/sending/index.js';

/** The smallest transparent 1×1 GIF (43 bytes). */
export const PIXEL_GIF = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');

const BROKEN_LINK: ErrorCode = 'SEND_TRACKING_TOKEN';

/** Shown for a click token we did not sign or whose link is gone; says nothing about why. */
const BROKEN_LINK_PAGE =
  '<!doctype html><html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>Link not found</title></head>' +
  '<body style="font-family:sans-serif;max-width:32rem;margin:3rem auto"><h1>This link does not work</h1>' +
  `<p>It may have been cut off or changed. Please use the link from the original message. (${BROKEN_LINK})</p></body></html>`;

const TokenParams = z.object({ token: z.string().describe('signed tracking token from the message') });

/**
 * Open pixel and click redirect of tracked campaigns. Both are public: the signed token (HMAC of
 * the message and link ids, see tracking.token.ts) is the only credential, and it names a message
 * we sent.
 *
 * `GET /t/o/:token` always answers 200 with the GIF, counted or not: a broken-image icon in the
 * reader's mail would not help anybody, and the same answer for good and bad tokens tells a prober
 * nothing. `GET /t/c/:token` redirects (302) to the URL stored for that link when the message
 * was built — never to a URL from the request, so it is no open redirect; an unknown or altered
 * token gets a small 404 page. HEAD requests (link scanners checking a URL) are not counted.
 */
export const trackingRoutes = defineRoutes(async (app, context) => {
  const hits = TrackingHits.fromSecrets(context.store.db, context.secrets);
  const tags = ['tracking'];
  // HEAD requests are link scanners checking a URL, not readers.
  const hit = (request: FastifyRequest) => ({ count: request.method === 'GET', userAgent: request.headers['user-agent'] });

  app.get(
    '/t/o/:token',
    {
      config: { public: 'open pixel loaded by mail clients; the HMAC-signed token is the credential and the answer is the same GIF for any token' },
      schema: {
        tags,
        summary: 'Open pixel of a tracked message: a 1×1 GIF, counted as an open when the token is valid',
        params: TokenParams,
        response: { 200: z.unknown().describe('image/gif, 1×1 transparent') },
      },
    },
    async (request, reply) => {
      await hits.open(request.params.token, hit(request));
      return reply
        .header('cache-control', 'no-store, no-cache, must-revalidate, max-age=0')
        .header('pragma', 'no-cache')
        .type('image/gif')
        .send(PIXEL_GIF);
    },
  );

  app.get(
    '/t/c/:token',
    {
      config: { public: 'link in a tracked message followed by its reader; the HMAC-signed token is the credential and the target comes from the store' },
      schema: {
        tags,
        summary: "Click on a tracked message's link: counted, then redirected (302) to the link's stored target",
        params: TokenParams,
        response: {
          302: z.string().describe('Location: the link as written in the message'),
          404: z.string().describe('text/html: the link is not valid (SEND_TRACKING_TOKEN)'),
        },
      },
    },
    async (request, reply) => {
      const url = await hits.click(request.params.token, hit(request));
      void reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer');
      if (url === undefined) {
        request.log.info({ code: BROKEN_LINK }, 'tracking link not valid');
        return reply.code(404).type('text/html; charset=utf-8').send(BROKEN_LINK_PAGE);
      }
      return reply.redirect(url, 302);
    },
  );
});

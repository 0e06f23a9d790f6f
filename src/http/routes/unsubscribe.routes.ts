import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../app/index.js';
import { UnsubscribeService } from '../../modules/sending/index.js';

const page = (title: string, body: string) =>
  `<!doctype html><html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${title}</title></head>` +
  `<body style="font-family:sans-serif;max-width:32rem;margin:3rem auto">${body}</body></html>`;

/**
 * One-click unsubscribe (RFC 8058): `POST /u/:token` suppresses the recipient's address at once
 * (mail clients post `List-Unsubscribe=One-Click`; any body is accepted). `GET /u/:token` only
 * shows a confirmation button — link scanners and mail previewers fetch every GET URL in a
 * message, and must not unsubscribe people by doing so. The token is the row's signed
 * unsubscribe token (unsubscribe.token.ts), not its reply token: the reply token is quoted in
 * every reply's In-Reply-To/References, so anyone copied on a thread would hold it. Links sent
 * before this change carried the reply token; they are refused like any invalid link (the error
 * tells the reader to answer "unsubscribe" instead, which the inbox files for a person to confirm).
 */
export async function unsubscribeRoutes(app: FastifyInstance, options: { context: AppContext }): Promise<void> {
  const unsubscribes = UnsubscribeService.fromSecrets(options.context.store.db, options.context.secrets);

  // RFC 8058 one-click posts arrive form-encoded or as multipart; the body carries nothing we need.
  for (const type of ['application/x-www-form-urlencoded', 'multipart/form-data']) {
    app.addContentTypeParser(type, { parseAs: 'string', bodyLimit: 4096 }, (_req, body, done) => done(null, body));
  }
  const config = { public: 'one-click unsubscribe from a mail client; the HMAC-signed unsubscribe token, bound to one message and address, is the credential' };

  app.post<{ Params: { token: string } }>('/u/:token', { config }, async (request, reply) => {
    const row = await unsubscribes.unsubscribe(request.params.token);
    request.log.info({ outboxId: row.id, campaignId: row.campaignId }, 'unsubscribed');
    return reply.type('text/html; charset=utf-8').send(page('Unsubscribed', '<h1>You are unsubscribed</h1><p>You will not receive these messages any more.</p>'));
  });

  app.get<{ Params: { token: string } }>('/u/:token', { config }, async (request, reply) => {
    await unsubscribes.check(request.params.token);
    return reply
      .type('text/html; charset=utf-8')
      .send(
        page(
          'Unsubscribe',
          `<h1>Unsubscribe?</h1><form method="post" action="/u/${request.params.token}"><button type="submit">Unsubscribe me</button></form>`,
        ),
      );
  });
}

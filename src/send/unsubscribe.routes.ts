import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app/index.js';
import { suppress } from '../customers/index.js';
import { TidingsError } from '../errors/index.js';
import { isReplyToken } from './trace.js';

const page = (title: string, body: string) =>
  `<!doctype html><html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${title}</title></head>` +
  `<body style="font-family:sans-serif;max-width:32rem;margin:3rem auto">${body}</body></html>`;

/**
 * One-click unsubscribe (RFC 8058): `POST /u/:token` suppresses the recipient's address at once
 * (mail clients post `List-Unsubscribe=One-Click`; any body is accepted). `GET /u/:token` only
 * shows a confirmation button — link scanners and mail previewers fetch every GET URL in a
 * message, and must not unsubscribe people by doing so. The token is the row's reply token:
 * 100 random bits, unguessable, already unique per message.
 */
export async function unsubscribeRoutes(app: FastifyInstance, options: { context: AppContext }): Promise<void> {
  const { db } = options.context.store;

  const findRow = async (token: string) => {
    const row = isReplyToken(token)
      ? await db.selectFrom('outbox').select(['id', 'campaign_id', 'channel', 'address']).where('reply_token', '=', token).executeTakeFirst()
      : undefined;
    if (!row) throw new TidingsError('SEND_UNSUBSCRIBE_TOKEN', 'This unsubscribe link is not valid.');
    return row;
  };

  // RFC 8058 one-click posts arrive form-encoded or as multipart; the body carries nothing we need.
  for (const type of ['application/x-www-form-urlencoded', 'multipart/form-data']) {
    app.addContentTypeParser(type, { parseAs: 'string', bodyLimit: 4096 }, (_req, body, done) => done(null, body));
  }
  const config = { public: 'one-click unsubscribe from a mail client; the unguessable reply token is the credential' };

  app.post<{ Params: { token: string } }>('/u/:token', { config }, async (request, reply) => {
    const row = await findRow(request.params.token);
    await suppress(db, { channel: row.channel, value: row.address, reason: 'unsubscribed', detail: `one-click, campaign ${row.campaign_id}` });
    request.log.info({ outboxId: row.id, campaignId: row.campaign_id }, 'unsubscribed');
    return reply.type('text/html; charset=utf-8').send(page('Unsubscribed', '<h1>You are unsubscribed</h1><p>You will not receive these messages any more.</p>'));
  });

  app.get<{ Params: { token: string } }>('/u/:token', { config }, async (request, reply) => {
    await findRow(request.params.token);
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

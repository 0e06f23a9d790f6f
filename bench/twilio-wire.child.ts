// A minimal local server speaking Twilio's Messages API wire format (HTTP Basic auth with
// AccountSid:AuthToken, form-encoded To/From/Body, 201 JSON with sid/status/num_segments), in its
// own process so the benchmark's sender does not share an event loop with its provider.
// Prints "listening <port>"; stops on SIGTERM.
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

const [accountSid = 'AC00000000000000000000000000000000', authToken = 'token'] = process.argv.slice(2);
const path = `/2010-04-01/Accounts/${accountSid}/Messages.json`;
const expected = `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}`;

const server = createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on('data', (c: Buffer) => chunks.push(c));
  request.on('end', () => {
    const reply = (status: number, body: object) => {
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(body));
    };
    if (request.method !== 'POST' || request.url !== path) return reply(404, { code: 20404, message: 'The requested resource was not found', status: 404 });
    if (request.headers.authorization !== expected) return reply(401, { code: 20003, message: 'Authenticate', status: 401 });
    const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
    const to = form.get('To') ?? '';
    const body = form.get('Body') ?? '';
    if (!/^\+[1-9]\d{6,14}$/.test(to)) return reply(400, { code: 21211, message: `The 'To' number ${to} is not a valid phone number.`, status: 400 });
    if (!body) return reply(400, { code: 21602, message: 'Message body is required.', status: 400 });
    // UCS-2 bodies: 70 characters in one part, 67 per part when split.
    const chars = [...body].length;
    const ucs2 = /[^\x00-\x7f]/.test(body);
    const segments = ucs2 ? (chars <= 70 ? 1 : Math.ceil(chars / 67)) : chars <= 160 ? 1 : Math.ceil(chars / 153);
    const now = new Date().toUTCString();
    reply(201, {
      sid: `SM${randomBytes(16).toString('hex')}`,
      account_sid: accountSid,
      to,
      from: form.get('From'),
      body,
      status: 'queued',
      num_segments: String(segments),
      num_media: '0',
      direction: 'outbound-api',
      api_version: '2010-04-01',
      price: null,
      price_unit: 'USD',
      error_code: null,
      error_message: null,
      date_created: now,
      date_updated: now,
      date_sent: null,
      uri: path.replace('.json', '/SM.json'),
    });
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`listening ${(server.address() as AddressInfo).port}\n`);
});
process.once('SIGTERM', () => server.close(() => process.exit(0)));

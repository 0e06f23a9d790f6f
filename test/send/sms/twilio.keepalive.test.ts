import { createServer, type Server } from 'node:http';
import type { Agent } from 'node:https';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TwilioProvider } from '../../../src/adapters/sms/index.js';
import { TwilioRequestClient } from '../../../src/adapters/sms/twilio.provider.js';

const SID = 'AC0123456789abcdef0123456789abcdef';

describe('Twilio provider keeps its API connections open', () => {
  it('keeps every socket of the https pool alive between requests (the SDK default keeps 5 of 20)', () => {
    const agent = new TwilioRequestClient(undefined, 15_000, 32).axios.defaults.httpsAgent as Agent & { options: { keepAlive?: boolean } };
    expect({ keepAlive: agent.options.keepAlive, maxSockets: agent.maxSockets, maxFreeSockets: agent.maxFreeSockets }).toEqual({
      keepAlive: true,
      maxSockets: 32,
      maxFreeSockets: 32,
    });
  });

  describe('over a local API origin', () => {
    let server: Server;
    let connections = 0;
    let url = '';
    beforeAll(async () => {
      server = createServer((request, response) => {
        request.resume();
        request.on('end', () => {
          response.writeHead(201, { 'content-type': 'application/json' });
          response.end(JSON.stringify({ sid: `SM${'0'.repeat(32)}`, status: 'queued', num_segments: '1' }));
        });
      });
      server.on('connection', () => connections++);
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterAll(async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    });

    it('sends 200 messages, 10 in flight with pauses between them, over at most 10 connections', async () => {
      const provider = new TwilioProvider({ accountSid: SID, authToken: 'token', from: '+15005550006', apiBaseUrl: url, maxSockets: 10, guard: { allowPrivateHosts: '127.0.0.1/8,::1' } });
      let next = 0;
      await Promise.all(
        Array.from({ length: 10 }, async () => {
          for (let i = next++; i < 200; i = next++) {
            await provider.send({ to: '+8613800138000', text: 'hi', idempotencyKey: `k${i}` });
            // Let the socket go back to the pool idle before this worker's next send.
            await new Promise((resolve) => setImmediate(resolve));
          }
        }),
      );
      expect(connections).toBeGreaterThan(0);
      expect(connections).toBeLessThanOrEqual(10);
    });
  });
});

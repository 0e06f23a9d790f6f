import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildApi, BODY_LIMIT } from '../../src/http/index.js';
import { describeStoreContract } from '../helpers/store-contract.js';
import { bearer, makeContext, userWithToken } from './api.fixture.js';

const huge = 'x'.repeat(1024 * 1024 + 7);

interface FuzzCase {
  readonly name: string;
  readonly method: 'POST' | 'PATCH' | 'PUT';
  readonly url: string;
  readonly body: string | Buffer;
  readonly contentType?: string;
  readonly status: number;
  readonly code: string;
  /** A fragment the message must contain: it says what to fix. */
  readonly says?: RegExp;
}

const json = (value: unknown) => JSON.stringify(value);

const CASES: readonly FuzzCase[] = [
  { name: 'wrong types', method: 'POST', url: '/api/users', body: json({ username: 42, role: ['admin'] }), status: 400, code: 'VALIDATION_FAILED', says: /body\.username: .*body\.role: /s },
  { name: 'unknown role', method: 'POST', url: '/api/users', body: json({ username: 'ok-name', role: 'root' }), status: 400, code: 'VALIDATION_FAILED', says: /body\.role/ },
  { name: 'huge user name (1 MB)', method: 'POST', url: '/api/users', body: json({ username: huge, role: 'readonly' }), status: 400, code: 'VALIDATION_FAILED', says: /body\.username/ },
  { name: 'huge password on sign-in', method: 'POST', url: '/api/auth/login', body: json({ username: 'a', password: huge }), status: 400, code: 'VALIDATION_FAILED', says: /body\.password/ },
  { name: 'CR/LF in a user name', method: 'POST', url: '/api/users', body: json({ username: 'evil\r\nSet-Cookie: x=1', role: 'readonly' }), status: 400, code: 'VALIDATION_FAILED', says: /username/ },
  { name: 'CR/LF in a display name', method: 'POST', url: '/api/users', body: json({ username: 'crlf-user', role: 'readonly', displayName: 'Ann\r\nBcc: x@example.test' }), status: 400, code: 'VALIDATION_FAILED', says: /body\.displayName: must be one line/ },
  { name: 'CR/LF in a token name', method: 'POST', url: '/api/tokens', body: json({ userId: 1, name: 'a\nb' }), status: 400, code: 'VALIDATION_FAILED', says: /body\.name/ },
  { name: 'unknown fields', method: 'POST', url: '/api/users', body: json({ username: 'extra-field', role: 'readonly', isAdmin: true }), status: 400, code: 'VALIDATION_FAILED', says: /isAdmin/ },
  { name: 'prototype pollution key', method: 'POST', url: '/api/users', body: '{"username":"proto","role":"readonly","__proto__":{"role":"admin"}}', status: 400, code: 'API_MALFORMED_BODY' },
  { name: 'invalid JSON', method: 'POST', url: '/api/users', body: '{"username": "a",', status: 400, code: 'API_MALFORMED_BODY' },
  { name: 'empty JSON body', method: 'POST', url: '/api/users', body: '', status: 400, code: 'API_MALFORMED_BODY' },
  { name: 'JSON null body', method: 'POST', url: '/api/users', body: 'null', status: 400, code: 'VALIDATION_FAILED' },
  { name: 'JSON array body', method: 'PATCH', url: '/api/users/1', body: '[1,2,3]', status: 400, code: 'VALIDATION_FAILED' },
  { name: 'bad id in the path', method: 'PATCH', url: '/api/users/abc', body: json({}), status: 400, code: 'VALIDATION_FAILED', says: /params\.id/ },
  { name: 'negative id in the path', method: 'PUT', url: '/api/users/-5/password', body: json({ password: 'long enough password' }), status: 400, code: 'VALIDATION_FAILED' },
  { name: 'wrong content type (text/plain)', method: 'POST', url: '/api/users', body: 'username=a', contentType: 'text/plain', status: 415, code: 'API_UNSUPPORTED_MEDIA_TYPE' },
  { name: 'wrong content type (form)', method: 'POST', url: '/api/auth/login', body: 'username=a&password=b', contentType: 'application/x-www-form-urlencoded', status: 415, code: 'API_UNSUPPORTED_MEDIA_TYPE' },
  { name: 'wrong content type (xml)', method: 'POST', url: '/api/tokens', body: '<a/>', contentType: 'application/xml', status: 415, code: 'API_UNSUPPORTED_MEDIA_TYPE' },
  { name: 'body over the limit', method: 'POST', url: '/api/users', body: Buffer.alloc(BODY_LIMIT + 1, 0x20), status: 413, code: 'API_BODY_TOO_LARGE' },
  { name: 'binary garbage as JSON', method: 'POST', url: '/api/users', body: Buffer.from([0xff, 0xfe, 0x00, 0x7b, 0x80]), status: 400, code: 'API_MALFORMED_BODY' },
  { name: 'short password', method: 'PUT', url: '/api/users/1/password', body: json({ password: 'short' }), status: 400, code: 'VALIDATION_FAILED', says: /body\.password/ },
];

describeStoreContract('malformed request bodies get 4xx with a stable code, never 500', (store) => {
  let app: FastifyInstance;
  let token: string;
  beforeAll(async () => {
    app = await buildApi(makeContext(store(), { LOG_LEVEL: 'warn' }));
    token = (await userWithToken(store(), 'admin')).token;
  });
  afterAll(() => app?.close());

  for (const c of CASES) {
    it(c.name, async () => {
      const response = await app.inject({
        method: c.method,
        url: c.url,
        headers: { ...bearer(token), 'content-type': c.contentType ?? 'application/json' },
        payload: c.body,
      });
      expect(response.statusCode, response.body.slice(0, 300)).toBe(c.status);
      const body = response.json() as { error: { code: string; message: string } };
      expect(body.error.code).toBe(c.code);
      expect(body.error.message.length).toBeLessThan(2000);
      if (c.says) expect(body.error.message).toMatch(c.says);
      // No stack traces, and nothing of a huge input echoed back.
      expect(response.body).not.toMatch(/at .+\.(ts|js):\d+/);
      expect(response.body).not.toContain('xxxxxxxxxxxxxxxxxxxxxxxx');
    });
  }

  it('a prototype-pollution attempt changes nothing', async () => {
    const users = await app.inject({ url: '/api/users', headers: bearer(token) });
    expect((users.json() as { username: string }[]).some((u) => u.username === 'proto')).toBe(false);
    expect(({} as Record<string, unknown>).role).toBeUndefined();
  });
});

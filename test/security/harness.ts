// The security suites replay attacks against a real listening API (Fastify on 127.0.0.1, spoken
// to with fetch), on SQLite and on PostgreSQL through the store contract.
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll } from 'vitest';
import type { AppContext } from '../../src/app/index.js';
import { buildApi, type Role } from '../../src/http/index.js';
import type { Store } from '../../src/platform/db/index.js';
import { bearer, LogSink, makeContext, userWithToken } from '../api/api.fixture.js';

/** A user of the running API, with a bearer token. */
export interface Actor {
  readonly userId: number;
  readonly username: string;
  readonly token: string;
}

/** The reply of one request: status and parsed JSON (or the raw text when not JSON). */
export interface Reply {
  readonly status: number;
  readonly body: unknown;
  readonly text: string;
}

/** A running API over one store, and what an attack needs to talk to it. */
export interface LiveApi {
  readonly url: string;
  readonly app: FastifyInstance;
  readonly context: AppContext;
  readonly logs: LogSink;
  /** A fresh user of `role` with a bearer token. */
  actor(role: Role): Promise<Actor>;
  /** One request as `actor` (or anonymous), JSON in and out. */
  request(method: string, path: string, options?: { actor?: Actor; body?: unknown; headers?: Record<string, string> }): Promise<Reply>;
}

/**
 * Starts the API over the contract's store before the suite's tests and closes it after.
 * `env` is merged over the test defaults (e.g. TIDINGS_ALLOW_PRIVATE_HOSTS).
 */
export function useLiveApi(store: () => Store, env: Record<string, string> = {}): () => LiveApi {
  let live: LiveApi | undefined;
  let app: FastifyInstance | undefined;
  beforeAll(async () => {
    const logs = new LogSink();
    const context = makeContext(store(), { LOG_LEVEL: 'info', ...env }, logs);
    app = await buildApi(context);
    await app.listen({ host: '127.0.0.1', port: 0 });
    const { port } = app.server.address() as AddressInfo;
    const url = `http://127.0.0.1:${port}`;
    const started = app;
    live = {
      url,
      app: started,
      context,
      logs,
      actor: (role) => userWithToken(store(), role),
      async request(method, path, options = {}) {
        const headers: Record<string, string> = { ...(options.actor && bearer(options.actor.token)), ...options.headers };
        let body: string | undefined;
        if (options.body !== undefined) {
          body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
          headers['content-type'] ??= 'application/json';
        }
        const response = await fetch(`${url}${path}`, { method, headers, body });
        const text = await response.text();
        let parsed: unknown = text;
        try {
          parsed = text ? JSON.parse(text) : undefined;
        } catch {
          // not JSON: keep the text
        }
        return { status: response.status, body: parsed, text };
      },
    };
  });
  afterAll(async () => {
    await app?.close();
  });
  return () => {
    if (!live) throw new Error('useLiveApi: the API is not started yet (call it inside a describe block)');
    return live;
  };
}

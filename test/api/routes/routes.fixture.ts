import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { buildApi, type Role } from '../../../src/http/index.js';
import type { AppContext } from '../../../src/app/index.js';
import type { Store } from '../../../src/platform/db/index.js';
import { bearer, makeContext, userWithToken } from '../api.fixture.js';

/** A caller of the API under test: a user of one role with a bearer token. */
export interface Caller {
  readonly username: string;
  readonly token: string;
}

/** The API over one store, with callers and every response body kept (for leak checks). */
export interface RoutesHarness {
  readonly app: FastifyInstance;
  readonly context: AppContext;
  /** Every response body seen so far, in order. */
  readonly bodies: string[];
  caller(role: Role): Promise<Caller>;
  call(caller: Caller, method: InjectOptions['method'], url: string, payload?: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
}

/** Builds the API over `store` (quiet logs); close `app` after. */
export async function routesHarness(store: Store, env: Record<string, string> = {}): Promise<RoutesHarness> {
  const context = makeContext(store, { LOG_LEVEL: 'warn', ...env });
  const app = await buildApi(context);
  await app.ready();
  const bodies: string[] = [];
  return {
    app,
    context,
    bodies,
    async caller(role) {
      const { username, token } = await userWithToken(store, role);
      return { username, token };
    },
    async call(caller, method, url, payload, headers = {}) {
      const response = await app.inject({
        method,
        url,
        headers: { ...bearer(caller.token), ...headers },
        ...(payload === undefined ? {} : typeof payload === 'string' || Buffer.isBuffer(payload) ? { payload } : { payload: payload as object }),
      });
      bodies.push(response.body);
      return response;
    },
  };
}

/** The error code of a response body. */
export const codeOf = (response: LightMyRequestResponse): string | undefined => (response.json() as { error?: { code?: string } }).error?.code;

import { randomBytes } from 'node:crypto';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { createMailAccount, createSmsAccount } from '../../../src/modules/accounts/index.js';
import { createCustomer } from '../../../src/modules/customers/index.js';
import { AuthService, buildApi, type Role } from '../../../src/http/index.js';
import { ROUTE_PLUGINS } from '../../../src/http/routes.js';
import { campaignRoutes, campaignRoutesWith, type CampaignRoutesOptions } from '../../../src/http/routes/campaigns.routes.js';
import { repRoutes, repRoutesWith, type RepRoutesOptions } from '../../../src/http/routes/rep.routes.js';
import type { AppContext } from '../../../src/app/index.js';
import type { Store } from '../../../src/platform/db/index.js';
import { bearer, makeContext } from '../api.fixture.js';

/** A caller of the API under test: a user of one role with a bearer token. */
export interface Caller {
  readonly username: string;
  readonly token: string;
  readonly userId: number;
}

/** The API with the campaign and wallet plugins, and helpers to seed what campaigns need. */
export interface CampaignHarness {
  readonly app: FastifyInstance;
  readonly context: AppContext;
  caller(role: Role, options?: { mailAccountId?: number }): Promise<Caller>;
  call(caller: Caller, method: InjectOptions['method'], url: string, payload?: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  mailAccount(): Promise<number>;
  smsAccount(provider?: 'twilio' | 'aliyun'): Promise<{ id: number; name: string }>;
  customer(input: { email?: string; phone?: string; owner?: string; name?: string }): Promise<number>;
  template(channel: 'email' | 'sms', body?: string): Promise<{ id: number; name: string; versionId: number }>;
}

export const unique = () => randomBytes(4).toString('hex');

/** Builds the API over `store`, with the campaign routes using the given service (tests' dispatcher). */
export async function campaignHarness(store: Store, options: CampaignRoutesOptions & RepRoutesOptions = {}, env: Record<string, string> = {}): Promise<CampaignHarness> {
  const context = makeContext(store, { LOG_LEVEL: 'warn', ...env });
  // Replies from the inbox are one-offs too: they use the same service.
  const plugins = ROUTE_PLUGINS.map((plugin) => (plugin === campaignRoutes ? campaignRoutesWith(options) : plugin === repRoutes ? repRoutesWith(options) : plugin));
  const app = await buildApi(context, { plugins });
  await app.ready();
  const auth = new AuthService(store);
  const { db } = store;
  const caller: CampaignHarness['caller'] = async (role, extra = {}) => {
    const username = `${role}-${unique()}`;
    const user = await auth.users.create({ username, role, mailAccountId: extra.mailAccountId ?? null });
    const { token } = await auth.tokens.create({ userId: user.id, name: 'test' });
    return { username, token, userId: user.id };
  };
  const call: CampaignHarness['call'] = (who, method, url, payload, headers = {}) =>
    app.inject({ method, url, headers: { ...bearer(who.token), ...headers }, ...(payload === undefined ? {} : { payload: payload as object }) });
  return {
    app,
    context,
    caller,
    call,
    async mailAccount() {
      const name = `mail-${unique()}`;
      const account = await createMailAccount(db, context.secrets, {
        name,
        email: `${name}@example.test`,
        incoming: { protocol: 'imap', host: '127.0.0.1', port: 143, security: 'starttls', username: `${name}@example.test`, password: 'tidings-test' },
        smtp: { host: '127.0.0.1', port: 587, security: 'starttls' },
      });
      return account.id;
    },
    async smsAccount(provider = 'aliyun') {
      const name = `sms-${unique()}`;
      const account =
        provider === 'aliyun'
          ? await createSmsAccount(db, context.secrets, { name, provider, credentials: { accessKeyId: 'id', accessKeySecret: 'secret' }, signature: '某某公司', settings: { templateCode: 'SMS_1' } })
          : await createSmsAccount(db, context.secrets, { name, provider, credentials: { accountSid: `AC${'0'.repeat(32)}`, authToken: 'x'.repeat(32) }, senderId: '+15005550006' });
      return { id: account.id, name };
    },
    async customer(input) {
      const created = await createCustomer(
        db,
        { name: input.name ?? `Kunde ${unique()}`, owner: input.owner ?? null, emails: input.email ? [input.email] : [], phones: input.phone ? [input.phone] : [] },
        { region: 'CN' },
      );
      return created.id;
    },
    async template(channel, body) {
      const name = `${channel}-${unique()}`;
      const admin = await caller('admin');
      const version =
        channel === 'email'
          ? { subject: 'Hallo {{customer.displayName}}', bodyFormat: 'text', body: body ?? 'Hi {{customer.displayName}}', isMarketing: false }
          : { bodyFormat: 'text', body: body ?? '您好，本周新品到店。', isMarketing: false };
      const response = await call(admin, 'POST', '/api/templates', { name, channel, version });
      if (response.statusCode !== 201) throw new Error(`template: ${response.statusCode} ${response.body}`);
      const created = response.json() as { id: number; versions: { id: number }[] };
      return { id: created.id, name, versionId: created.versions[0]!.id };
    },
  };
}

/** The error code of a response body. */
export const codeOf = (response: LightMyRequestResponse): string | undefined => (response.json() as { error?: { code?: string } }).error?.code;

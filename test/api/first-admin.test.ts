import { expect, it } from 'vitest';
import { AuthService, buildApi, ensureFirstAdmin } from '../../src/http/index.js';
import { describeStoreContract } from '../helpers/store-contract.js';
import { LogSink, makeContext } from './api.fixture.js';

describeStoreContract('first start', (store) => {
  it('creates admin once on an empty users table, prints the password once, never logs it, and the password signs in', async () => {
    const sink = new LogSink();
    const context = makeContext(store(), {}, sink);
    const printed: string[] = [];
    expect(await ensureFirstAdmin(context, (line) => printed.push(line))).toBe(true);
    expect(printed).toHaveLength(1);
    const password = /one-time password (\S+)/.exec(printed[0]!)?.[1];
    expect(password).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect(sink.lines.join('\n')).not.toContain(password!);

    // Second start, and a concurrent one: nothing printed again.
    expect(await ensureFirstAdmin(context, (line) => printed.push(line))).toBe(false);
    expect(printed).toHaveLength(1);

    const [admin] = await new AuthService(store()).users.list();
    expect(admin).toMatchObject({ username: 'admin', role: 'admin', disabled: false });
    const app = await buildApi(context);
    try {
      const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'admin', password } });
      expect(login.statusCode).toBe(200);
    } finally {
      await app.close();
    }
    expect(sink.lines.join('\n')).not.toContain(password!);
  });
});

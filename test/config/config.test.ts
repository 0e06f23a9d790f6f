import { describe, expect, it } from 'vitest';
import { parseDatabaseUrl } from '../../src/platform/config/index.js';
import { loadConfig } from '../../src/app/index.js';
import { isTidingsError } from '../../src/platform/errors/index.js';

function configError(env: NodeJS.ProcessEnv): string {
  try {
    loadConfig(env);
  } catch (error) {
    if (isTidingsError(error, 'CONFIG_INVALID')) return error.message;
    throw error;
  }
  throw new Error('expected CONFIG_INVALID');
}

describe('loadConfig', () => {
  it('has working defaults for an empty environment: SQLite, in-process queue, port 3000', () => {
    const config = loadConfig({});
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.REDIS_URL).toBeUndefined();
    expect(config.PORT).toBe(3000);
    expect(config.TIDINGS_DATA_DIR).toBe('./data');
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('selects PostgreSQL for a postgres URL and SQLite for a file', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://u@127.0.0.1:5432/db' }).DATABASE_URL).toEqual({
      kind: 'postgres',
      url: 'postgres://u@127.0.0.1:5432/db',
    });
    expect(loadConfig({ DATABASE_URL: 'sqlite:./x/y.db' }).DATABASE_URL).toEqual({ kind: 'sqlite', path: './x/y.db' });
    expect(loadConfig({ DATABASE_URL: '/var/lib/tidings.db' }).DATABASE_URL).toEqual({
      kind: 'sqlite',
      path: '/var/lib/tidings.db',
    });
  });

  const bad: { name: string; env: NodeJS.ProcessEnv; names: string }[] = [
    { name: 'a foreign database scheme', env: { DATABASE_URL: 'mysql://root@localhost/db' }, names: 'DATABASE_URL' },
    { name: 'a postgres URL without host', env: { DATABASE_URL: 'postgres://' }, names: 'DATABASE_URL' },
    { name: 'a port out of range', env: { PORT: '70000' }, names: 'PORT' },
    { name: 'a port that is not a number', env: { PORT: 'http' }, names: 'PORT' },
    { name: 'a redis URL of the wrong scheme', env: { REDIS_URL: 'http://localhost:6379' }, names: 'REDIS_URL' },
    { name: 'an unknown log level', env: { LOG_LEVEL: 'loud' }, names: 'LOG_LEVEL' },
    { name: 'a made-up time zone', env: { TIDINGS_DEFAULT_TIMEZONE: 'Mars/Olympus' }, names: 'TIDINGS_DEFAULT_TIMEZONE' },
  ];
  for (const { name, env, names } of bad) {
    it(`refuses ${name}, naming the variable and the expected form`, () => {
      const message = configError(env);
      expect(message).toContain(`${names}:`);
      expect(message).toMatch(/expected/);
      expect(message.split('\n')).toHaveLength(1);
    });
  }

  it('lists every bad variable at once', () => {
    const message = configError({ PORT: '-1', DATABASE_URL: 'ftp://x' });
    expect(message).toContain('PORT:');
    expect(message).toContain('DATABASE_URL:');
  });

  it('never echoes a secret value in its message', () => {
    // A secret key is only validated when used, but its name pattern is masked regardless.
    expect(parseDatabaseUrl('ftp://x')).toBeUndefined();
    const message = configError({ PORT: 'x', TIDINGS_SECRET_KEY: 'hunter2-very-secret' });
    expect(message).not.toContain('hunter2');
  });
});

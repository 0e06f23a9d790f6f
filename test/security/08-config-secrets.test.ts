// Item 8: `tidings config` printed the passwords inside DATABASE_URL and REDIS_URL.
import { expect, it } from 'vitest';
import { redactUrlCredentials } from '../../src/platform/config/index.js';
import { runTidings } from '../helpers/cli.js';
import { POSTGRES_URL } from '../helpers/services.js';
import { describeStoreContract } from '../helpers/store-contract.js';
import { useLiveApi } from './harness.js';

const DB_PASSWORD = 'db-Pa55word-hunter2';
const REDIS_PASSWORD = 'redis-Pa55word-swordfish';

/** The engine's DATABASE_URL with a password in it (SQLite has none: its file path is shown as is). */
function databaseUrl(engine: 'sqlite' | 'postgres'): string {
  if (engine === 'sqlite') return 'sqlite:/var/lib/tidings/tidings.db';
  const url = new URL(POSTGRES_URL);
  url.username ||= 'tidings';
  url.password = DB_PASSWORD;
  return url.toString();
}

describeStoreContract('security 08: configuration secrets', (store, engine) => {
  const env = {
    DATABASE_URL: databaseUrl(engine),
    REDIS_URL: `redis://default:${REDIS_PASSWORD}@127.0.0.1:6379/2`,
    TIDINGS_ISPDB_URL: `https://ispdb:${DB_PASSWORD}@autoconfig.example.test/v1/`,
    TIDINGS_SECRET_KEY: Buffer.alloc(32, 9).toString('base64'),
  };
  const live = useLiveApi(store, env);

  it('`tidings config` shows where things are but no password, as text and as JSON', async () => {
    for (const argv of [['config'], ['config', '--json']]) {
      const run = await runTidings({ ...env, TIDINGS_DATA_DIR: '/nonexistent' }, argv);
      expect(run.code).toBe(0);
      const printed = run.out + run.err;
      expect(printed).not.toContain(DB_PASSWORD);
      expect(printed).not.toContain(REDIS_PASSWORD);
      expect(printed).not.toContain(env.TIDINGS_SECRET_KEY);
      expect(printed).toContain('redis://default:***@127.0.0.1:6379/2');
      if (engine === 'postgres') expect(printed).toMatch(/postgres(ql)?:\/\/[^:/@]+:\*\*\*@127\.0\.0\.1:5432\/test/);
      else expect(printed).toContain('/var/lib/tidings/tidings.db');
    }
  });

  it('a refused DATABASE_URL is named without echoing its password', async () => {
    const run = await runTidings({ DATABASE_URL: `mysql://root:${DB_PASSWORD}@db.example.test/app`, TIDINGS_DATA_DIR: '/nonexistent' }, ['config']);
    expect(run.code).not.toBe(0);
    expect(run.err).toContain('DATABASE_URL');
    expect(run.out + run.err).not.toContain(DB_PASSWORD);
  });

  it('the running API neither answers nor logs the passwords', async () => {
    const admin = await live().actor('admin');
    for (const path of ['/health', '/api/auth/me', '/api/openapi.json']) {
      const reply = await live().request('GET', path, { actor: admin });
      expect(reply.text).not.toContain(DB_PASSWORD);
      expect(reply.text).not.toContain(REDIS_PASSWORD);
    }
    const logged = live().logs.lines.join('\n');
    expect(logged).not.toContain(DB_PASSWORD);
    expect(logged).not.toContain(REDIS_PASSWORD);
  });
});

it('masks URL passwords and secret query parameters, keeping everything else', () => {
  expect(redactUrlCredentials('postgres://user:s3cret@db.example.test:5432/tidings')).toBe('postgres://user:***@db.example.test:5432/tidings');
  expect(redactUrlCredentials('rediss://:p@ss@cache.example.test:6380')).toBe('rediss://:***@cache.example.test:6380');
  expect(redactUrlCredentials('postgres://db.example.test/t?user=u&password=s3cret&sslmode=require')).toBe(
    'postgres://db.example.test/t?user=u&password=***&sslmode=require',
  );
  expect(redactUrlCredentials('postgres://user@db.example.test/tidings')).toBe('postgres://user@db.example.test/tidings');
  expect(redactUrlCredentials('./data/tidings.db')).toBe('./data/tidings.db');
});

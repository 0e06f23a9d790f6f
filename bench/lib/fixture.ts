import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { BUILTIN_TEMPLATES, TemplateRepository } from '../../src/modules/templates/index.js';
import { type DatabaseSchema, type Store } from '../../src/platform/db/index.js';
import { openAppStore } from '../../src/app/index.js';
import type { Kysely } from 'kysely';
import { onCleanup } from './cleanup.js';

type Db = Kysely<DatabaseSchema>;

export const POSTGRES_URL = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A migrated SQLite store in a file (closed by the cleanup). */
export async function openSqliteStore(path: string): Promise<Store> {
  const store = await openAppStore({ target: { kind: 'sqlite', path } });
  onCleanup(`sqlite ${path}`, () => store.close());
  return store;
}

/** A migrated store in a fresh PostgreSQL schema, dropped by the cleanup. */
export async function openPostgresStore(): Promise<{ store: Store; schema: string }> {
  const schema = `bench_${randomBytes(5).toString('hex')}`;
  onCleanup(`postgres schema ${schema}`, async () => {
    const client = new pg.Client({ connectionString: POSTGRES_URL });
    await client.connect();
    try {
      await client.query(`drop schema if exists ${schema} cascade`);
    } finally {
      await client.end();
    }
  });
  const store = await openAppStore({ target: { kind: 'postgres', url: POSTGRES_URL }, schema });
  onCleanup(`postgres store ${schema}`, () => store.close());
  return { store, schema };
}

const FAMILY = ['张', '王', '李', '赵', '刘', '陈', '杨', '黄', '欧阳', '周'];
const GIVEN = ['伟', '芳', '娜', '敏', '静', '磊', '洋', '艳', '军', '杰'];
const EN_FAMILY = ['Smith', 'Johnson', 'Brown', 'Taylor', 'Wilson'];
const EN_GIVEN = ['Alex', 'Sam', 'Jordan', 'Taylor', 'Morgan'];

/**
 * Inserts `count` customers with one primary email each, in transactions of 5,000 (not timed).
 * Two thirds Chinese names with 先生/女士 titles, one third English, so the greeting helper
 * takes its different paths. Addresses are `c<i>@<domain>`.
 */
export async function seedCustomers(db: Db, count: number, domain = 'bench.test', onProgress?: (done: number) => void): Promise<void> {
  const now = Date.now();
  const chunk = 500;
  for (let start = 0; start < count; start += 5_000) {
    const end = Math.min(count, start + 5_000);
    await db.transaction().execute(async (trx) => {
      for (let from = start; from < end; from += chunk) {
        const n = Math.min(chunk, end - from);
        const values = Array.from({ length: n }, (_, k) => {
          const i = from + k;
          const english = i % 3 === 2;
          const family = english ? EN_FAMILY[i % EN_FAMILY.length]! : FAMILY[i % FAMILY.length]!;
          const given = english ? EN_GIVEN[(i >> 2) % EN_GIVEN.length]! : GIVEN[(i >> 2) % GIVEN.length]!;
          return {
            family_name: family,
            given_name: given,
            display_name: english ? `${given} ${family}` : `${family}${given}`,
            title: english ? null : i % 2 === 0 ? '先生' : '女士',
            gender: i % 2 === 0 ? ('male' as const) : ('female' as const),
            company: i % 5 === 0 ? `Company ${i % 97}` : null,
            birthday_month: null,
            birthday_day: null,
            birth_year: null,
            time_zone: 'Asia/Shanghai',
            language: english ? 'en' : 'zh-CN',
            owner: null,
            custom: '{}',
            notes: null,
            locked: 0,
            created_at: now,
            updated_at: now,
          };
        });
        const rows = await trx.insertInto('customers').values(values).returning('id').execute();
        await trx
          .insertInto('customer_emails')
          .values(rows.map((r, k) => ({ customer_id: r.id, email: `c${from + k}@${domain}`, is_primary: 1 })))
          .execute();
      }
    });
    onProgress?.(end);
  }
}

/** The sending account: no auth, plain SMTP to the sink, a per-second limit far above what we reach. */
export async function seedMailAccount(db: Db, port: number): Promise<number> {
  const now = Date.now();
  const row = await db
    .insertInto('mail_accounts')
    .values({
      name: `bench-${randomBytes(4).toString('hex')}`,
      display_name: '李经理',
      email: 'sales@example.test',
      reply_to: null,
      signature_text: '李明 · 销售部\n电话 010-12345678',
      signature_html: '<p><b>李明</b> · 销售部<br>电话 010-12345678</p>',
      provider: null,
      incoming_protocol: null,
      incoming_host: null,
      incoming_port: null,
      incoming_security: null,
      incoming_username: null,
      incoming_password_enc: null,
      leave_copy: 1,
      smtp_host: '127.0.0.1',
      smtp_port: port,
      smtp_security: 'none',
      smtp_auth: 0,
      smtp_username: null,
      smtp_password_enc: null,
      limit_per_second: 1_000_000,
      limit_per_minute: null,
      limit_per_hour: null,
      limit_per_day: null,
      plus_addressing: 1,
      is_default: 1,
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** The built-in Spring Festival card (MJML, greeting + signature + unsubscribe) as a new template; its version id. */
export async function seedTemplate(db: Db): Promise<number> {
  const builtin = BUILTIN_TEMPLATES.find((t) => t.key === 'spring-festival-zh-cn');
  if (!builtin) throw new Error('built-in spring-festival-zh-cn is missing');
  const repository = new TemplateRepository({ db });
  const { version } = await repository.create({ name: `bench-${randomBytes(4).toString('hex')}`, channel: 'email', version: builtin.version });
  return version.id;
}

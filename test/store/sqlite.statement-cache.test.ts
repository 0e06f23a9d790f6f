import Database from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { StatementCachingDatabase } from '../../src/platform/db/sqlite.statement-cache.js';

interface TestSchema {
  items: { id: number; name: string };
}

describe('StatementCachingDatabase', () => {
  let raw: Database.Database;
  let cache: StatementCachingDatabase;
  let db: Kysely<TestSchema>;

  const open = (maxSize?: number) => {
    raw = new Database(':memory:');
    raw.exec('create table items (id integer primary key, name text not null)');
    cache = new StatementCachingDatabase(raw, maxSize);
    db = new Kysely<TestSchema>({ dialect: new SqliteDialect({ database: cache }) });
  };

  afterEach(async () => {
    await db.destroy();
  });

  it('prepares each SQL text once and keeps answering with the current parameters', async () => {
    open();
    let prepares = 0;
    const prepare = raw.prepare.bind(raw);
    raw.prepare = ((source: string) => (prepares++, prepare(source))) as typeof raw.prepare;
    for (let i = 1; i <= 20; i++) await db.insertInto('items').values({ id: i, name: `n${i}` }).execute();
    for (let i = 1; i <= 20; i++) {
      const row = await db.selectFrom('items').select('name').where('id', '=', i).executeTakeFirst();
      expect(row?.name).toBe(`n${i}`);
    }
    const updated = await db.updateTable('items').set({ name: 'x' }).where('id', '>', 15).executeTakeFirst();
    expect(Number(updated.numUpdatedRows)).toBe(5);
    expect(prepares).toBe(3);
    expect(cache.size).toBe(3);
  });

  it('drops the least recently used statement beyond its size', async () => {
    open(2);
    await db.insertInto('items').values({ id: 1, name: 'a' }).execute();
    await db.selectFrom('items').select('id').execute();
    await db.selectFrom('items').select('name').execute();
    await db.selectFrom('items').selectAll().execute();
    expect(cache.size).toBe(2);
  });

  it('sees columns added after the statement was prepared', async () => {
    open();
    await db.insertInto('items').values({ id: 1, name: 'a' }).execute();
    expect(await db.selectFrom('items').selectAll().execute()).toEqual([{ id: 1, name: 'a' }]);
    await sql`alter table items add column extra text default 'e'`.execute(db);
    expect(await db.selectFrom('items').selectAll().execute()).toEqual([{ id: 1, name: 'a', extra: 'e' }]);
  });

  it('hands out a fresh statement while the cached one is still being iterated', async () => {
    open();
    raw.exec("insert into items (id, name) values (1, 'a'), (2, 'b'), (3, 'c')");
    const first = cache.prepare('select id from items order by id');
    const iterator = first.iterate([]);
    expect(iterator.next().value).toEqual({ id: 1 });
    const second = cache.prepare('select id from items order by id');
    expect(second).not.toBe(first);
    expect(second.all([])).toEqual([{ id: 1 }, { id: 2 }, { id: 3 }]);
    expect([...iterator]).toEqual([{ id: 2 }, { id: 3 }]);
    expect(cache.prepare('select id from items order by id')).toBe(first);
  });

  it('streams through Kysely with the cache in place', async () => {
    open();
    raw.exec("insert into items (id, name) values (1, 'a'), (2, 'b')");
    const names: string[] = [];
    for await (const row of db.selectFrom('items').select('name').orderBy('id').stream()) names.push(row.name);
    expect(names).toEqual(['a', 'b']);
  });
});

import Database from 'better-sqlite3';
import { CamelCasePlugin, Kysely, SqliteDialect } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { padToPowerOfTwo, preparedQuery, preparedQueryFamily } from '../../src/platform/db/prepared-query.js';

interface TestSchema {
  items: { id: number; name: string; state: string; updated_at: number };
}
type Db = Kysely<TestSchema>;

const byId = preparedQuery(1, (db: Db, id: number) => db.selectFrom('items').selectAll().where('id', '=', id));
const rename = preparedQuery(3, (db: Db, id: number, name: string, at: number) =>
  db.updateTable('items').set({ name, state: 'renamed', updated_at: at }).where('id', '=', id).where('state', 'in', ['new', 'renamed']),
);

describe('preparedQuery', () => {
  let db: Db;
  let compiles = 0;

  beforeEach(async () => {
    const raw = new Database(':memory:');
    raw.exec("create table items (id integer primary key, name text not null, state text not null default 'new', updated_at integer not null default 0)");
    raw.exec("insert into items (id, name) values (1, 'a'), (2, 'b'), (3, 'c')");
    db = new Kysely<TestSchema>({ dialect: new SqliteDialect({ database: raw }) });
  });
  afterEach(async () => {
    await db.destroy();
  });

  it('compiles once and runs with each call’s values, keeping the constants written in the query', async () => {
    const counting = preparedQuery(1, (d: Db, id: number) => (compiles++, d.selectFrom('items').select('name').where('id', '=', id)));
    expect((await counting(db, 2)).rows).toEqual([{ name: 'b' }]);
    expect((await counting(db, 3)).rows).toEqual([{ name: 'c' }]);
    expect((await counting(db, 9)).rows).toEqual([]);
    expect(compiles).toBe(1);
    const result = await rename(db, 2, 'bee', 1234);
    expect(Number(result.numAffectedRows)).toBe(1);
    expect((await byId(db, 2)).rows).toEqual([{ id: 2, name: 'bee', state: 'renamed', updated_at: 1234 }]);
    await db.updateTable('items').set({ state: 'gone' }).where('id', '=', 3).execute();
    expect(Number((await rename(db, 3, 'x', 1)).numAffectedRows)).toBe(0);
  });

  it('runs inside a transaction, which rolls back with it', async () => {
    await expect(
      db.transaction().execute(async (trx) => {
        await rename(trx, 1, 'in trx', 5);
        expect((await byId(trx, 1)).rows[0]?.name).toBe('in trx');
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect((await byId(db, 1)).rows[0]?.name).toBe('a');
  });

  it('builds per call on an instance with plugins, which rewrite queries per instance', async () => {
    const camel = db.withPlugin(new CamelCasePlugin()) as unknown as Db;
    const rows = (await byId(camel, 1)).rows as unknown as Record<string, unknown>[];
    expect(rows[0]).toHaveProperty('updatedAt', 0);
  });

  it('refuses a build that does not turn every placeholder into a parameter', async () => {
    const broken = preparedQuery(2, (d: Db, id: number, name: string) => d.selectFrom('items').selectAll().where('id', '=', id).$if(name === 'x', (q) => q));
    await expect(broken(db, 1, 'x')).rejects.toThrow(/placeholder/);
  });

  it('compiles one statement per argument count for in-lists, padded to a power of two', async () => {
    const named = preparedQueryFamily((d: Db, ...ids: number[]) => d.selectFrom('items').select('name').where('id', 'in', ids).orderBy('id'));
    expect((await named(db, ...padToPowerOfTwo([1, 3, 2]))).rows.map((r) => r.name)).toEqual(['a', 'b', 'c']);
    expect((await named(db, 2)).rows.map((r) => r.name)).toEqual(['b']);
    expect(padToPowerOfTwo([7])).toEqual([7]);
    expect(padToPowerOfTwo([1, 2, 3])).toEqual([1, 2, 3, 3]);
    expect(padToPowerOfTwo([1, 2, 3, 4, 5])).toEqual([1, 2, 3, 4, 5, 5, 5, 5]);
    expect(padToPowerOfTwo([])).toEqual([]);
  });
});

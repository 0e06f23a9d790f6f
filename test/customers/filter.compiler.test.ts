import { DummyDriver, Kysely, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler, SqliteAdapter, SqliteIntrospector, SqliteQueryCompiler } from 'kysely';
import { describe, expect, it } from 'vitest';
import { compileFilterSql, parseFilter, type FilterContext } from '../../src/modules/customers/index.js';
import { isTidingsError } from '../../src/platform/errors/index.js';
import type { DatabaseSchema } from '../../src/platform/db/index.js';

const dummy = (engine: 'sqlite' | 'postgres') =>
  new Kysely<DatabaseSchema>({
    dialect: {
      createAdapter: () => (engine === 'sqlite' ? new SqliteAdapter() : new PostgresAdapter()),
      createDriver: () => new DummyDriver(),
      createIntrospector: (db) => (engine === 'sqlite' ? new SqliteIntrospector(db) : new PostgresIntrospector(db)),
      createQueryCompiler: () => (engine === 'sqlite' ? new SqliteQueryCompiler() : new PostgresQueryCompiler()),
    },
  });

const ctx = (dialect: 'sqlite' | 'postgres'): FilterContext => ({
  dialect,
  fields: new Map([
    ['city', { name: 'city', type: 'text', label: null }],
    ['spend', { name: 'spend', type: 'number', label: null }],
    ['vip', { name: 'vip', type: 'boolean', label: null }],
  ]),
  groups: new Map([
    [1, { id: 1, parentId: null, kind: 'static', filter: null }],
    [2, { id: 2, parentId: 1, kind: 'static', filter: null }],
    [3, { id: 3, parentId: 1, kind: 'filter', filter: JSON.stringify({ field: 'owner', op: 'eq', value: 'li' }) }],
  ]),
  // 2024-02-28 20:00 UTC is already Feb 29 in Shanghai (a leap year).
  now: new Date('2024-02-28T20:00:00Z'),
  timeZone: 'Asia/Shanghai',
  region: 'CN',
});

function compile(engine: 'sqlite' | 'postgres', filter: unknown) {
  const expression = compileFilterSql(parseFilter(filter), ctx(engine));
  return dummy(engine).selectFrom('customers').select('id').where(expression).compile();
}

describe('filter compilation', () => {
  const cases = [
    {
      name: 'the issue example',
      filter: {
        all: [
          { field: 'birthday', op: 'this-month' },
          { field: 'custom.city', op: 'eq', value: '遵义' },
          { field: 'owner', op: 'eq', value: 'li' },
          { field: 'email', op: 'exists' },
          { field: 'suppressed', channel: 'email', op: 'not' },
        ],
      },
      sql: ['customers.birthday_month = ?', 'v.field = ?', '"v"."text_value" = ?', 'lower("customers"."owner") in (?)', 'customer_emails', 'not exists (select 1 from customer_emails ce join suppressions s'],
      parameters: [2, 'city', '遵义', 'li'],
    },
    {
      name: 'numbers compare numerically on num_value',
      filter: { field: 'custom.spend', op: 'gte', value: '1,000' },
      sql: ['"v"."num_value" >= ?'],
      parameters: ['spend', 1000],
    },
    {
      name: 'booleans are 0/1',
      filter: { field: 'custom.vip', op: 'eq', value: '是' },
      sql: ['"v"."num_value" = ?'],
      parameters: ['vip', 1],
    },
    {
      name: 'birthday today is the local day (Feb 29 in Shanghai)',
      filter: { field: 'birthday', op: 'today' },
      sql: ['(customers.birthday_month * 100 + customers.birthday_day) in (?)'],
      parameters: [229],
    },
    {
      name: 'a group includes its subgroups and saved filters',
      filter: { field: 'group', op: 'in', value: [1] },
      sql: ['cg.group_id in (?, ?)', 'lower("customers"."owner") in (?)'],
      parameters: [1, 2, 'li'],
    },
    {
      name: 'any / not',
      filter: { any: [{ field: 'company', op: 'contains', value: '50%' }, { not: { field: 'locked', op: 'is' } }] },
      sql: [' or ', 'not (customers.locked = ?)', "like ? escape '\\'"],
      parameters: ['%50\\%%', 1],
    },
  ];
  for (const engine of ['sqlite', 'postgres'] as const) {
    for (const c of cases) {
      it(`${c.name} [${engine}]`, () => {
        const compiled = compile(engine, c.filter);
        const text = engine === 'postgres' ? compiled.sql.replace(/\$\d+/g, '?') : compiled.sql;
        for (const fragment of c.sql) expect(text).toContain(fragment);
        expect(compiled.parameters).toEqual(expect.arrayContaining(c.parameters));
      });
    }
  }

  it('spells the email domain per engine', () => {
    expect(compile('sqlite', { field: 'suppressed', channel: 'email', op: 'is' }).sql).toContain("substr(\"ce\".\"email\", instr(\"ce\".\"email\", '@') + 1)");
    expect(compile('postgres', { field: 'suppressed', channel: 'email', op: 'is' }).sql).toContain("split_part(\"ce\".\"email\", '@', 2)");
  });

  const invalid = [
    { name: 'unknown field', filter: { field: 'shoe', op: 'eq', value: 1 } },
    { name: 'unknown op', filter: { field: 'owner', op: 'like', value: 'x' } },
    { name: 'undefined custom field', filter: { field: 'custom.nope', op: 'eq', value: 'x' } },
    { name: 'wrong type for a number field', filter: { field: 'custom.spend', op: 'gt', value: 'lots' } },
    { name: 'contains on a number field', filter: { field: 'custom.spend', op: 'contains', value: '1' } },
    { name: 'not JSON', filter: '{all: [' },
  ];
  for (const c of invalid) {
    it(`refuses ${c.name}`, () => {
      let caught: unknown;
      try {
        compile('sqlite', c.filter);
      } catch (error) {
        caught = error;
      }
      expect(isTidingsError(caught, 'CUSTOMER_FILTER_INVALID')).toBe(true);
    });
  }
});

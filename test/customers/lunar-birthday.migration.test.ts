import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { getCustomer } from '../../src/modules/customers/index.js';
import { applyMigrations, type Store } from '../../src/platform/db/index.js';
import { ALL_MIGRATIONS, openAppStore } from '../../src/app/index.js';
import { POSTGRES_URL } from '../helpers/services.js';
import { describeStoreContract } from '../helpers/store-contract.js';

const unique = () => randomBytes(4).toString('hex');

describeStoreContract('migration 0220 on a database that already has customers (an upgrade)', (_store, engine) => {
  it('existing customers keep their Gregorian birthday, celebrated, with no lunar one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tidings-0220-'));
    const fresh: Store =
      engine === 'sqlite'
        ? await openAppStore({ target: { kind: 'sqlite', path: join(dir, 'old.db') }, migrate: false })
        : await openAppStore({ target: { kind: 'postgres', url: POSTGRES_URL }, schema: `t_${unique()}${unique()}`, migrate: false });
    const { schema } = fresh;
    try {
      const dialect = engine === 'sqlite' ? 'sqlite' : 'postgres';
      const later = ['0220_customer_lunar_birthday'];
      await applyMigrations(fresh.db, { dialect, schema, migrations: ALL_MIGRATIONS.filter((m) => !later.includes(m.name)) });
      const row = await fresh.db
        .insertInto('customers')
        .values({ display_name: '老客户', birthday_month: 3, birthday_day: 15, birth_year: 1960, custom: '{}', locked: 0, created_at: 1, updated_at: 1 } as never)
        .returning('id')
        .executeTakeFirstOrThrow();
      expect(await applyMigrations(fresh.db, { dialect, schema, migrations: ALL_MIGRATIONS })).toEqual(later);
      expect(await getCustomer(fresh.db, Number(row.id))).toMatchObject({
        birthday: { month: 3, day: 15, year: 1960 },
        lunarBirthday: null,
        birthdayCalendar: 'gregorian',
      });
    } finally {
      if (schema) await sql`drop schema if exists ${sql.id(schema)} cascade`.execute(fresh.db);
      await fresh.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

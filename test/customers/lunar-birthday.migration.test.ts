import { expect, it } from 'vitest';
import { getCustomer } from '../../src/modules/customers/index.js';
import { describeStoreContract } from '../helpers/store-contract.js';
import { storeBefore } from '../helpers/upgrade-store.js';

describeStoreContract('migration 0220 on a database that already has customers (an upgrade)', (_store, engine) => {
  it('existing customers keep their Gregorian birthday, celebrated, with no lunar one', async () => {
    const old = await storeBefore(engine, ['0220_customer_lunar_birthday']);
    try {
      const row = await old.store.db
        .insertInto('customers')
        .values({ display_name: '老客户', birthday_month: 3, birthday_day: 15, birth_year: 1960, custom: '{}', locked: 0, created_at: 1, updated_at: 1 } as never)
        .returning('id')
        .executeTakeFirstOrThrow();
      expect(await old.upgrade()).toEqual(['0220_customer_lunar_birthday']);
      expect(await getCustomer(old.store.db, Number(row.id))).toMatchObject({
        birthday: { month: 3, day: 15, year: 1960 },
        lunarBirthday: null,
        birthdayCalendar: 'gregorian',
      });
    } finally {
      await old.close();
    }
  });
});

import { expect, it } from 'vitest';
import { createCustomer, loadMergeCustomer } from '../../src/modules/customers/index.js';
import { MERGE_FIELDS } from '../../src/modules/templates/index.js';
import { makeSqliteStore } from '../helpers/store-contract.js';

it('every merge field the customers module loads is a path templates accept, and every customer path is loaded', async () => {
  const store = await makeSqliteStore();
  try {
    const created = await createCustomer(store.db, { name: '欧阳娜娜', title: '女士', emails: ['nana@example.test'], phones: ['+8613800138000'], birthday: '3月15日' }, { region: 'CN' });
    const fields = await loadMergeCustomer(store.db, created.id);
    const loaded = Object.keys(fields).map((key) => `customer.${key}`);
    for (const path of loaded) expect(MERGE_FIELDS.has(path), path).toBe(true);
    const accepted = [...MERGE_FIELDS].filter((path) => /^customer\.[^.]+$/.test(path));
    expect(new Set(loaded)).toEqual(new Set(accepted));
    expect(fields).toMatchObject({ displayName: '欧阳娜娜', email: 'nana@example.test', mobile: '+8613800138000', birthday: { month: 3, day: 15 } });
    await expect(loadMergeCustomer(store.db, 99_999_999)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  } finally {
    await store.close();
  }
});

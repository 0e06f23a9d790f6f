import { describe, expect, it } from 'vitest';
import { normaliseCustomer, splitName } from '../../src/modules/customers/index.js';

describe('splitName keeps honorifics out of the name parts', () => {
  const cases = [
    { input: 'Mr John Smith', expected: { title: 'Mr', givenName: 'John', familyName: 'Smith', displayName: 'John Smith' } },
    { input: 'Mrs. Jane Doe', expected: { title: 'Mrs', givenName: 'Jane', familyName: 'Doe', displayName: 'Jane Doe' } },
    { input: 'Dr Li Lei', expected: { title: 'Dr', givenName: 'Li', familyName: 'Lei', displayName: 'Li Lei' } },
    { input: 'MS  Alex Lee', expected: { title: 'Ms', givenName: 'Alex', familyName: 'Lee', displayName: 'Alex Lee' } },
    { input: '张伟先生', expected: { title: '先生', familyName: '张', givenName: '伟', displayName: '张伟' } },
    { input: '王女士', expected: { title: '女士', familyName: '王', givenName: null, displayName: '王' } },
    { input: '欧阳女士', expected: { title: '女士', familyName: '欧阳', givenName: null, displayName: '欧阳' } },
    { input: '李总', expected: { title: '总', familyName: '李', givenName: null, displayName: '李' } },
  ];
  for (const { input, expected } of cases) it(input, () => expect(splitName(input)).toEqual(expected));

  it('leaves a name that is only a title, or has none, as it was', () => {
    expect(splitName('Mr')).toEqual({ familyName: null, givenName: 'Mr', displayName: 'Mr' });
    expect(splitName('Mrs Smith')).toEqual({ title: 'Mrs', familyName: null, givenName: 'Smith', displayName: 'Smith' });
    expect(splitName('Drew Barry')?.title).toBeUndefined();
    expect(splitName('先生')).toEqual({ familyName: '先', givenName: '生', displayName: '先生' });
  });

  it('stores the typed title on the customer unless a title is given', () => {
    const base = { fields: new Map(), region: 'CN' };
    const typed = normaliseCustomer({ name: 'Mr John Smith', emails: ['john@example.test'] }, base);
    expect(typed.ok && typed.value).toMatchObject({ title: 'Mr', givenName: 'John', familyName: 'Smith', displayName: 'John Smith' });
    const explicit = normaliseCustomer({ name: '张伟先生', title: '总' }, base);
    expect(explicit.ok && explicit.value).toMatchObject({ title: '总', familyName: '张', givenName: '伟' });
  });
});

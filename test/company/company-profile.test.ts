import { expect, it } from 'vitest';
import { CompanyProfilePatchSchema, DEFAULT_COMPANY_PROFILE, readCompanyProfile, updateCompanyProfile } from '../../src/modules/company/index.js';
import { describeStoreContract } from '../helpers/store-contract.js';

describeStoreContract('company profile', (store) => {
  it('reads the defaults until filled in, then keeps each change', async () => {
    const db = store().db;
    expect(await readCompanyProfile(db)).toEqual(DEFAULT_COMPANY_PROFILE);
    // Until an admin picks a zone, the company is in the installation's default zone (TIDINGS_DEFAULT_TIMEZONE)…
    expect((await readCompanyProfile(db, 'America/New_York')).timeZone).toBe('America/New_York');
    // …and the first change of another field keeps it, rather than storing a second default.
    expect((await updateCompanyProfile(db, { name: '示例贸易', smsSignature: '【示例贸易】' }, 1, 'America/New_York')).timeZone).toBe('America/New_York');
    await updateCompanyProfile(db, { name: '示例贸易', smsSignature: '【示例贸易】' }, 1);
    const after = await updateCompanyProfile(db, { timeZone: 'Europe/Berlin', language: 'en' }, 2);
    expect(after).toMatchObject({ name: '示例贸易', smsSignature: '【示例贸易】', timeZone: 'Europe/Berlin', language: 'en' });
    expect(await readCompanyProfile(db)).toEqual(after);
    // The module checks what it stores, whichever entry point calls it.
    await expect(updateCompanyProfile(db, { logo: 'https://example.test/logo.png' }, 3)).rejects.toThrow(/logo/);
    expect(await readCompanyProfile(db)).toEqual(after);
  });
});

it('refuses a zone that does not exist and a logo that is not an image', () => {
  expect(CompanyProfilePatchSchema.safeParse({ timeZone: 'Mars/Olympus' }).success).toBe(false);
  expect(CompanyProfilePatchSchema.safeParse({ logo: 'https://example.test/logo.png' }).success).toBe(false);
  expect(CompanyProfilePatchSchema.safeParse({ timeZone: 'Asia/Shanghai', logo: 'data:image/png;base64,iVBORw0KGgo=' }).success).toBe(true);
});

import { describe, expect, it } from 'vitest';
import { providerOf } from '../../src/modules/accounts/verify/auth-failure.js';

describe('providerOf (whose advice a refused login gets)', () => {
  it('finds the provider by name, by the address domain, or by a provider host name', () => {
    expect(providerOf({ provider: 'Proton', email: 'a@example.test', host: 'mail.example.test' })?.key).toBe('proton');
    expect(providerOf({ provider: null, email: 'a@proton.me', host: '127.0.0.1' })?.key).toBe('proton');
    expect(providerOf({ provider: null, email: 'sales@company.test', host: 'smtp.qq.com' })?.key).toBe('qq');
  });

  it('gives no provider for an address literal, so a loopback relay does not get Proton Bridge advice', () => {
    expect(providerOf({ provider: null, email: 'a@example.test', host: '127.0.0.1' })).toBeUndefined();
    expect(providerOf({ provider: null, email: 'a@example.test', host: '::1' })).toBeUndefined();
  });
});

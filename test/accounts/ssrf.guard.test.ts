import { describe, expect, it } from 'vitest';
import { assertHostAllowed, isPrivateAddress, parseAllowList } from '../../src/platform/net/index.js';
import { isTidingsError } from '../../src/platform/errors/index.js';

describe('SSRF guard', () => {
  it.each([
    { input: '127.0.0.1', expected: true },
    { input: '10.1.2.3', expected: true },
    { input: '172.16.0.1', expected: true },
    { input: '172.32.0.1', expected: false },
    { input: '192.168.1.1', expected: true },
    { input: '169.254.169.254', expected: true },
    { input: '100.64.0.1', expected: true },
    { input: '0.0.0.0', expected: true },
    { input: '::1', expected: true },
    { input: 'fd00::1', expected: true },
    { input: 'fe80::1', expected: true },
    { input: '::ffff:127.0.0.1', expected: true },
    { input: '::ffff:8.8.8.8', expected: false },
    { input: '8.8.8.8', expected: false },
    { input: '220.181.12.11', expected: false },
    { input: '2001:4860:4860::8888', expected: false },
  ])('isPrivateAddress($input) = $expected', ({ input, expected }) => {
    expect(isPrivateAddress(input)).toBe(expected);
  });

  const resolve = async (host: string) => {
    const table: Record<string, string[]> = {
      'imap.public.test': ['93.184.216.34'],
      'mail.corp.test': ['10.0.0.5'],
      'mixed.test': ['93.184.216.34', '127.0.0.1'],
      'localhost': ['127.0.0.1', '::1'],
    };
    const found = table[host];
    if (!found) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
    return found.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };

  it.each([
    { name: 'public host', host: 'imap.public.test', allow: '', expected: 'ok' },
    { name: 'private host', host: 'mail.corp.test', allow: '', expected: 'ACCOUNT_HOST_FORBIDDEN' },
    { name: 'private host allowed by name', host: 'mail.corp.test', allow: 'mail.corp.test', expected: 'ok' },
    { name: 'private host allowed by CIDR', host: 'mail.corp.test', allow: '10.0.0.0/8', expected: 'ok' },
    { name: 'one private address among public ones', host: 'mixed.test', allow: '', expected: 'ACCOUNT_HOST_FORBIDDEN' },
    { name: 'loopback literal', host: '127.0.0.1', allow: '', expected: 'ACCOUNT_HOST_FORBIDDEN' },
    { name: 'loopback allowed like the tests do', host: 'localhost', allow: '127.0.0.1/8,::1', expected: 'ok' },
    { name: 'v6 loopback not in a v4-only allow list', host: 'localhost', allow: '127.0.0.1/8', expected: 'ACCOUNT_HOST_FORBIDDEN' },
    { name: 'metadata endpoint', host: '169.254.169.254', allow: '10.0.0.0/8', expected: 'ACCOUNT_HOST_FORBIDDEN' },
    { name: 'unresolvable', host: 'nowhere.test', allow: '', expected: 'ACCOUNT_HOST_UNRESOLVED' },
  ])('$name → $expected', async ({ host, allow, expected }) => {
    const outcome = await assertHostAllowed(host, { allowPrivateHosts: allow, resolve }, 'imap host of account t').then(
      () => 'ok',
      (error: unknown) => (isTidingsError(error) ? error.code : String(error)),
    );
    expect(outcome).toBe(expected);
  });

  it('names the host and the setting to change', async () => {
    await expect(assertHostAllowed('mail.corp.test', { resolve }, 'smtp host of account sales')).rejects.toThrow(
      /mail\.corp\.test \(smtp host of account sales\).*10\.0\.0\.5.*TIDINGS_ALLOW_PRIVATE_HOSTS/,
    );
  });

  it('parses allow lists and reports bad entries', () => {
    expect(parseAllowList(' mail.corp.local , 10.0.0.0/8,::1 ,').invalid).toEqual([]);
    expect(parseAllowList('10.0.0.0/33,http://x,a b').invalid).toEqual(['10.0.0.0/33', 'http://x', 'a b']);
  });
});

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { detect, type DnsResolver, type ServerProbe } from '../../src/modules/accounts/index.js';

const ispdbDoc = (id: string, imapHost: string, smtpHost: string) => `<?xml version="1.0"?>
<clientConfig version="1.1"><emailProvider id="${id}">
  <incomingServer type="imap"><hostname>${imapHost}</hostname><port>993</port><socketType>SSL</socketType><username>%EMAILLOCALPART%</username></incomingServer>
  <outgoingServer type="smtp"><hostname>${smtpHost}</hostname><port>587</port><socketType>STARTTLS</socketType><username>%EMAILADDRESS%</username></outgoingServer>
</emailProvider></clientConfig>`;

/** Documents the local HTTP server serves, by path. */
const DOCS: Record<string, string> = {
  '/autoconfig/own.test/mail/config-v1.1.xml': ispdbDoc('own.test', 'imap.%EMAILDOMAIN%', 'smtp.own.test'),
  '/ispdb/listed.test': ispdbDoc('listed.test', 'imap.listed.test', 'smtp.listed.test'),
  '/ispdb/mxhost.test': ispdbDoc('mxhost.test', 'imap.mxhost.test', 'smtp.mxhost.test'),
  '/ispdb/both.test': ispdbDoc('both.test', 'imap.from-ispdb.test', 'smtp.from-ispdb.test'),
  '/autoconfig/both.test/mail/config-v1.1.xml': ispdbDoc('both.test', 'imap.from-autoconfig.test', 'smtp.from-autoconfig.test'),
  '/redirect/evil.test/mail/config-v1.1.xml': 'REDIRECT',
};

let server: Server;
let base = '';
const requests: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0] ?? '';
    requests.push(path);
    const doc = DOCS[path];
    if (doc === 'REDIRECT') {
      res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' }).end();
    } else if (doc) res.writeHead(200, { 'content-type': 'application/xml' }).end(doc);
    else res.writeHead(404).end('not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** A DNS fixture: MX and SRV answers by name; everything else does not exist. */
function fixtureResolver(mx: Record<string, string[]>, srv: Record<string, { name: string; port: number; priority?: number; weight?: number }[]>): DnsResolver {
  const nx = (name: string) => Object.assign(new Error(`queryMx ENOTFOUND ${name}`), { code: 'ENOTFOUND' });
  return {
    resolveMx: async (domain) => {
      const hosts = mx[domain];
      if (!hosts) throw nx(domain);
      return hosts.map((exchange, i) => ({ exchange, priority: (i + 1) * 10 }));
    },
    resolveSrv: async (name) => {
      const records = srv[name];
      if (!records) throw nx(name);
      return records.map((r) => ({ priority: 0, weight: 0, ...r }));
    },
  };
}

const noProbe: ServerProbe = async () => false;

function options(extra: Partial<Parameters<typeof detect>[1]> = {}) {
  return {
    autoconfigUrls: (domain: string) => [`${base}/autoconfig/${domain}/mail/config-v1.1.xml`, `${base}/redirect/${domain}/mail/config-v1.1.xml`],
    ispdbBaseUrl: `${base}/ispdb/`,
    allowPrivateHosts: '127.0.0.1/8,::1',
    resolver: fixtureResolver({}, {}),
    probe: noProbe,
    // Each step's limit: every step here must answer (a local server, a fixture resolver) within
    // it, so it is generous for a loaded machine; tests of the limit itself pass their own.
    timeoutMs: 10_000,
    ...extra,
  };
}

describe('autodetection network steps (local servers only)', () => {
  it("reads the domain's own autoconfig document", async () => {
    expect(await detect('Li@Own.test', options())).toEqual({
      address: 'li@own.test',
      provider: 'own.test',
      source: 'autoconfig',
      reason: 'The domain publishes its own settings (autoconfig document).',
      imap: { host: 'imap.own.test', port: 993, security: 'tls', username: 'li' },
      smtp: { host: 'smtp.own.test', port: 587, security: 'starttls', username: 'li@own.test' },
      hints: [],
    });
  });

  it('falls back to the ISPDB', async () => {
    expect(await detect('li@listed.test', options())).toMatchObject({ source: 'ispdb', imap: { host: 'imap.listed.test' } });
  });

  it('prefers autoconfig over the ISPDB when both answer', async () => {
    expect(await detect('li@both.test', options())).toMatchObject({ source: 'autoconfig', imap: { host: 'imap.from-autoconfig.test' } });
  });

  it('follows MX to a bundled provider (Google Workspace, Tencent Exmail)', async () => {
    const resolver = fixtureResolver({ 'shop.test': ['aspmx.l.google.com', 'alt1.aspmx.l.google.com'], 'firm.test': ['mxbiz1.qq.com'] }, {});
    expect(await detect('boss@shop.test', options({ resolver }))).toMatchObject({
      source: 'mx',
      provider: 'gmail',
      imap: { host: 'imap.gmail.com', username: 'boss@shop.test' },
    });
    expect(await detect('boss@firm.test', options({ resolver }))).toMatchObject({ source: 'mx', provider: 'exmail', smtp: { host: 'smtp.exmail.qq.com' } });
  });

  it("follows MX to the MX host's base domain in the ISPDB", async () => {
    const resolver = fixtureResolver({ 'client.test': ['mx1.mail.mxhost.test'] }, {});
    expect(await detect('a@client.test', options({ resolver }))).toMatchObject({ source: 'mx', imap: { host: 'imap.mxhost.test' } });
  });

  it('reads RFC 6186 / 8314 SRV records, implicit TLS first, "." meaning not offered', async () => {
    const resolver = fixtureResolver(
      {},
      {
        '_imaps._tcp.srv.test': [{ name: 'imap2.srv.test', port: 993, priority: 20 }, { name: 'imap1.srv.test', port: 993, priority: 10 }],
        '_imap._tcp.srv.test': [{ name: 'imap.srv.test', port: 143 }],
        '_pop3s._tcp.srv.test': [{ name: '.', port: 0 }],
        '_submission._tcp.srv.test': [{ name: 'smtp.srv.test.', port: 587 }],
      },
    );
    expect(await detect('a@srv.test', options({ resolver }))).toEqual({
      address: 'a@srv.test',
      source: 'srv',
      reason: 'srv.test publishes DNS SRV records for its mail servers (RFC 6186).',
      imap: { host: 'imap1.srv.test', port: 993, security: 'tls', username: 'a@srv.test' },
      smtp: { host: 'smtp.srv.test', port: 587, security: 'starttls', username: 'a@srv.test' },
      hints: [],
    });
  });

  it('probes common host names, implicit TLS first', async () => {
    const open = new Set(['mail.probe.test:993', 'mail.probe.test:143', 'smtp.probe.test:587', 'mail.probe.test:465']);
    const probe: ServerProbe = async ({ host, port }) => open.has(`${host}:${port}`);
    expect(await detect('a@probe.test', options({ probe }))).toMatchObject({
      source: 'probe',
      imap: { host: 'mail.probe.test', port: 993, security: 'tls' },
      smtp: { host: 'mail.probe.test', port: 465, security: 'tls' },
    });
  });

  it('lets a slow low-priority step lose to a fast high-priority one, and times steps out', async () => {
    // The probe answers only when aborted. Not timed (a loaded machine makes any bound flaky):
    // with a step limit far beyond the test's timeout, a detect that waited for the probe would
    // time the test out; with a 300 ms limit, one that ignored the limit would never return.
    const slowProbe: ServerProbe = (_t, signal) => new Promise((resolve) => signal.addEventListener('abort', () => resolve(false)));
    expect(await detect('li@own.test', options({ probe: slowProbe, timeoutMs: 10 * 60_000 }))).toMatchObject({ source: 'autoconfig' });
    expect(await detect('a@nothing.test', options({ probe: slowProbe, timeoutMs: 300 }))).toBeUndefined();
  });

  it('answers undefined when every step misses, and never touches the network offline', async () => {
    expect(await detect('a@nothing.test', options())).toBeUndefined();
    const before = requests.length;
    expect(await detect('li@own.test', options({ offline: true }))).toBeUndefined();
    expect(requests.length).toBe(before);
  });

  it('refuses autoconfig on a loopback server unless allow-listed, and a redirect to a metadata address', async () => {
    const before = requests.length;
    expect(await detect('li@own.test', options({ allowPrivateHosts: '' }))).toBeUndefined();
    expect(requests.length).toBe(before);
    // evil.test's autoconfig redirects to 169.254.169.254: the guard stops it, nothing is found.
    expect(await detect('a@evil.test', options())).toBeUndefined();
  });
});
